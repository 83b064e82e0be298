import { describe, expect, it } from 'vitest';
import { decodeTestimony, encodeTestimony } from '../../crypto/testimony.js';
import { decodePublicKey, encodePublicKey, fingerprint, generateKey, keyId } from '../../crypto/keys.js';
import { encodeReply, sealReply, verifyFollowUp } from '../../crypto/mailbox.js';
import { sealEnvelope } from '../../crypto/envelope.js';
import { followUpTestimony, readReplies } from '../../web/src/followup/replies.js';
import type { TrustedKey } from '../../web/src/keyring.js';

function trusted(key = generateKey()): { key: typeof key; trusted: TrustedKey } {
  return { key, trusted: { id: keyId(key), fingerprint: fingerprint(key), label: 'Déléguée', publicKey: key } };
}

describe('replies on the follow-up page', () => {
  const mailbox = generateKey();
  const delegate = trusted();
  const stranger = generateKey();

  it('shows replies a trusted delegate signed, oldest first, and counts every other one', () => {
    const sealed = [
      sealReply({ text: 'deuxième', sent: '2026-03-05T10:00:30Z' }, delegate.key, mailbox),
      sealReply({ text: 'première', sent: '2026-03-05T10:00Z' }, delegate.key, mailbox),
      sealReply({ text: 'inconnue', sent: '2026-03-04T09:00:00Z' }, stranger, mailbox),
      sealReply({ text: 'ailleurs', sent: '2026-03-04T09:00:00Z' }, delegate.key, generateKey()),
      // Signed by a trusted delegate for another mailbox, then sealed again to this one.
      sealEnvelope(encodeReply({ text: 'détournée', sent: '2026-03-04T09:00:00Z' }, delegate.key, generateKey()), [mailbox]),
      sealEnvelope(encodeTestimony({ campaign: 'c', locale: 'fr', text: 'pas une réponse' }), [mailbox]),
      new Uint8Array(0),
    ].map((envelope) => ({ day: '2026-03-05', envelope }));
    const read = readReplies(sealed, mailbox, [delegate.trusted]);
    expect(read.replies.map((r) => r.text)).toEqual(['première', 'deuxième']);
    expect(read.unverified).toBe(5);
  });

  it('does not trust a key the page was not given, even if it signed the reply', () => {
    const sealed = [{ day: '2026-03-05', envelope: sealReply({ text: 'x', sent: '2026-03-05T10:00:00Z' }, stranger, mailbox) }];
    expect(readReplies(sealed, mailbox, [delegate.trusted])).toEqual({ replies: [], unverified: 1 });
  });

  it('signs a follow-up with the mailbox key, carries the mailbox and no answers', () => {
    const testimony = followUpTestimony(mailbox, { campaign: 'enquete', locale: 'en', text: 'du nouveau' });
    const decoded = decodeTestimony(encodeTestimony(testimony));
    expect(decoded).toMatchObject({ campaign: 'enquete', locale: 'en', text: 'du nouveau', mailbox: encodePublicKey(mailbox) });
    expect(decoded.answers).toBeUndefined();
    expect(verifyFollowUp(decodePublicKey(decoded.mailbox!), decoded, decoded.followUp!)).toBe(true);
    expect(verifyFollowUp(decodePublicKey(decoded.mailbox!), { ...decoded, text: 'autre' }, decoded.followUp!)).toBe(false);
  });
});
