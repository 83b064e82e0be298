import { encodePublicKey, type SecretKey } from '../../../crypto/keys.js';
import { openReply, signFollowUp, verifyReply, type Reply } from '../../../crypto/mailbox.js';
import type { Locale, Testimony } from '../../../crypto/testimony.js';
import type { SealedReply } from './api.js';
import type { TrustedKey } from '../keyring.js';

export interface ReadReplies {
  /** Signed by a delegate key this page trusts, oldest first by the delegate's clock. */
  replies: Reply[];
  /** Filed under this mailbox but unreadable or signed by no trusted key: never shown as the union's. */
  unverified: number;
}

/**
 * Opens each envelope with the mailbox key and keeps a reply only when one of `delegates` (the
 * keyring as keyring.ts checked it, narrowed by the link's pin) signed it. The server could
 * file anything under a mailbox id; it cannot sign as a delegate.
 */
export function readReplies(sealed: readonly SealedReply[], key: SecretKey, delegates: readonly TrustedKey[]): ReadReplies {
  const replies: Reply[] = [];
  let unverified = 0;
  for (const { envelope } of sealed) {
    let reply: Reply | null;
    try {
      reply = openReply(envelope, key);
    } catch {
      reply = null;
    }
    const signer = reply === null ? undefined : delegates.find((d) => d.id === reply.from);
    if (reply !== null && signer !== undefined && verifyReply(reply, signer.publicKey, key)) replies.push(reply);
    else unverified++;
  }
  // Compared as instants: the format allows times with or without seconds.
  replies.sort((a, b) => Date.parse(a.sent) - Date.parse(b.sent));
  return { replies, unverified };
}

/** A follow-up as it travels in its envelope: no answers, the mailbox, and the mailbox key's signature. */
export function followUpTestimony(key: SecretKey, content: { campaign: string; locale: Locale; text: string }): Omit<Testimony, 'v'> {
  return { ...content, mailbox: encodePublicKey(key), followUp: signFollowUp(key, content) };
}
