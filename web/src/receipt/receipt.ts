/**
 * What taking a receipt needs, in a chunk of its own: loaded when the box is ticked, so that
 * the submission page does not carry it for everyone who does not take one.
 */
import { encodePublicKey, type SecretKey } from '../../../crypto/keys.js';
import { generateReceipt, mailboxKey } from '../../../crypto/mailbox.js';

export { default as ReceiptNotice } from './ReceiptNotice.svelte';

/** A new receipt and its mailbox's public key in the `parole-pk1:` form a testimony carries. */
export interface NewMailbox {
  receipt: string;
  mailbox: string;
}

/**
 * Draws a receipt and derives its mailbox key (PBKDF2: up to a few seconds on a phone). The
 * secret halves are wiped at once: the page that shows a receipt has no use for them. Throws
 * 'no webcrypto' where the browser offers no PBKDF2.
 */
export async function newMailbox(): Promise<NewMailbox> {
  const receipt = generateReceipt();
  const key = await mailboxKey(receipt);
  const mailbox = encodePublicKey(key);
  forgetKey(key);
  return { receipt, mailbox };
}

/**
 * Zeroes a mailbox key's secret halves, so that a dropped key leaves no usable copy in memory.
 * The receipt's own string cannot be wiped in JavaScript; it is only dropped.
 */
export function forgetKey(key: SecretKey): void {
  key.boxSecret.fill(0);
  key.signSeed.fill(0);
}
