/**
 * What taking a receipt needs. It is part of the submission page's own bundle on purpose:
 * fetched as a chunk when the box is ticked, it would tell the server (every response is
 * no-store, so it is fetched on every visit) who is about to take a receipt.
 */
import { encodePublicKey, type SecretKey } from '../../../crypto/keys.js';
import { generateReceipt, mailboxKey } from '../../../crypto/mailbox.js';

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
