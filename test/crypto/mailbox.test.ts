/**
 * Receipts, mailbox keys, follow-ups and replies (crypto/mailbox.ts), checked against a frozen
 * vector and against an independent derivation: node:crypto's PBKDF2 and libsodium. The tests
 * that run the 600 000 PBKDF2 rounds are grouped under one describe that says so; each round
 * trip costs about half a second.
 */
import { pbkdf2Sync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  RECEIPT_PATTERN,
  RECEIPT_ROUNDS,
  containsReceipt,
  decodeReply,
  encodePublicKey,
  encodeReply,
  encodeTestimony,
  fromBase64Url,
  fromUtf8,
  generateReceipt,
  keyId,
  mailboxId,
  mailboxKey,
  openEnvelope,
  openReply,
  parseEnvelopeHeader,
  readReceipt,
  sealEnvelope,
  sealReply,
  signFollowUp,
  toBase64Url,
  toHex,
  utf8,
  verifyFollowUp,
  verifyReply,
  type FollowUpContent,
  type SecretKey,
} from '../../crypto/index.js';
import { loadVectors, testKey } from './fixtures.js';
import { refKeyFromSecrets, refLabelledHash, refOpenEnvelope, sodium } from './reference.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

interface ReceiptVectors {
  vector: { receipt: string; boxSecret: string; signSeed: string; box: string; sign: string; publicKey: string; mailboxId: string };
  checks: { random: string; check: string }[];
}
const VECTORS = loadVectors<ReceiptVectors>('receipt-v1.json');
const RECEIPT = VECTORS.vector.receipt;

const chars = (receipt: string) => receipt.replace(/-/g, '');
const grouped = (text: string) => text.match(/.{4}/g)!.join('-');

/** The derivation as docs/FORMATS.md gives it, on node:crypto and libsodium: nothing from crypto/. */
function independentMailboxKey(receipt: string) {
  const bits = pbkdf2Sync(Buffer.from(chars(receipt), 'utf8'), Buffer.from('parole/v1/receipt', 'utf8'), 600_000, 64, 'sha256');
  const boxSecret = new Uint8Array(bits.subarray(0, 32));
  const signSeed = new Uint8Array(bits.subarray(32, 64));
  return {
    boxSecret,
    signSeed,
    box: sodium.crypto_scalarmult_base(boxSecret),
    sign: sodium.crypto_sign_seed_keypair(signSeed).publicKey,
  };
}

function flipped(bytes: Uint8Array, at: number): Uint8Array {
  const copy = bytes.slice();
  copy[at] ^= 1;
  return copy;
}

describe('receipts', () => {
  it('are shown as five groups of four Crockford base32 characters, and read back as they are', () => {
    for (let i = 0; i < 200; i++) {
      const receipt = generateReceipt();
      expect(receipt).toMatch(RECEIPT_PATTERN);
      expect(readReceipt(receipt)).toEqual({ ok: true, receipt });
    }
    expect(RECEIPT_PATTERN.test(RECEIPT)).toBe(true);
    for (const wrong of ['CQ85-3S5D-SFX9-6HDZ-39K', 'CQ85 3S5D SFX9 6HDZ 39KB', 'cq85-3s5d-sfx9-6hdz-39kb', 'CQ85-3S5D-SFX9-6HDZ-39KU', 'CQ853S5DSFX96HDZ39KB']) {
      expect(RECEIPT_PATTERN.test(wrong), wrong).toBe(false);
    }
  });

  it('carry 95 random bits: many draws never repeat, and every random position takes all 32 characters', () => {
    const draws = Array.from({ length: 5000 }, () => chars(generateReceipt()));
    expect(new Set(draws).size).toBe(draws.length);
    // A position stuck on part of the alphabet would show: each character is missed by 5000 fair draws with odds of e^-156.
    for (let at = 0; at < 19; at++) expect(new Set(draws.map((d) => d[at])).size, `position ${at}`).toBe(32);
  });

  it('have a check character that catches every single substitution', () => {
    const sample = chars(RECEIPT);
    let tried = 0;
    for (let at = 0; at < sample.length; at++) {
      for (const c of ALPHABET) {
        if (c === sample[at]) continue;
        const typo = sample.slice(0, at) + c + sample.slice(at + 1);
        expect(readReceipt(typo), typo).toEqual({ ok: false, problem: 'check' });
        tried++;
      }
    }
    expect(tried).toBe(20 * 31);
  });

  it('have a check character that catches every swap of two different characters', () => {
    const sample = chars(RECEIPT);
    for (let i = 0; i < sample.length; i++) {
      for (let j = i + 1; j < sample.length; j++) {
        if (sample[i] === sample[j]) continue;
        const swapped = [...sample];
        [swapped[i], swapped[j]] = [swapped[j], swapped[i]];
        expect(readReceipt(swapped.join('')), `${i} ↔ ${j}`).toEqual({ ok: false, problem: 'check' });
      }
    }
  });

  it('compute the check character of the vectors, and refuse any other', () => {
    for (const { random, check } of VECTORS.checks) {
      expect(readReceipt(random + check)).toEqual({ ok: true, receipt: grouped(random + check) });
      for (const other of ALPHABET.replace(check, '')) expect(readReceipt(random + other)).toEqual({ ok: false, problem: 'check' });
    }
  });

  it('read a receipt typed loosely: any case, spaces or nothing between groups, O for zero, I or L for one', () => {
    const zeros = '0000-0000-0000-0000-0012';
    expect(readReceipt(zeros).ok).toBe(true);
    const typed: [string, string][] = [
      [RECEIPT.toLowerCase(), RECEIPT],
      [RECEIPT.replace(/-/g, ' '), RECEIPT],
      [chars(RECEIPT), RECEIPT],
      [`  ${RECEIPT.toLowerCase().replace(/-/g, '  ')}\n`, RECEIPT],
      [chars(RECEIPT).split('').join(' '), RECEIPT],
      ['oooo-OOOO-oooo-OOOO-0012', zeros],
      ['0000 0000 0000 0000 00I2', zeros],
      ['0000 0000 0000 0000 00i2', zeros],
      ['0000 0000 0000 0000 00L2', zeros],
      ['0000 0000 0000 0000 00l2', zeros],
    ];
    for (const [text, receipt] of typed) expect(readReceipt(text), JSON.stringify(text)).toEqual({ ok: true, receipt });
  });

  it('say what is wrong with what is not a receipt', () => {
    const cases: [string, 'length' | 'character' | 'check'][] = [
      ['', 'length'],
      [RECEIPT.slice(0, -1), 'length'],
      [RECEIPT + '0', 'length'],
      [RECEIPT.replace(/-/g, '_'), 'length'],
      [RECEIPT.slice(0, -1) + 'U', 'character'],
      [RECEIPT.slice(0, -1) + '*', 'character'],
      [RECEIPT.slice(0, -1) + 'é', 'character'],
      [RECEIPT.slice(0, 2) + (RECEIPT[2] === '8' ? '9' : '8') + RECEIPT.slice(3), 'check'],
    ];
    for (const [text, problem] of cases) expect(readReceipt(text), text).toEqual({ ok: false, problem });
  });
});

describe('mailbox keys (600 000 PBKDF2 rounds each: the slow part of this file)', () => {
  let key: SecretKey;
  beforeAll(async () => {
    key = await mailboxKey(RECEIPT);
  });

  it('runs the documented number of rounds', () => {
    expect(RECEIPT_ROUNDS).toBe(600_000);
  });

  it('derives the vector: secrets, public keys, public key string and mailbox id', () => {
    const v = VECTORS.vector;
    expect([toHex(key.boxSecret), toHex(key.signSeed), toHex(key.box), toHex(key.sign)]).toEqual([v.boxSecret, v.signSeed, v.box, v.sign]);
    expect(encodePublicKey(key)).toBe(v.publicKey);
    expect(mailboxId(key)).toBe(v.mailboxId);
    expect(mailboxId(key)).toBe(keyId(key));
  });

  it('matches node:crypto PBKDF2 and libsodium on a fresh receipt', async () => {
    const receipt = generateReceipt();
    const ours = await mailboxKey(receipt);
    const theirs = independentMailboxKey(receipt);
    expect([toHex(ours.boxSecret), toHex(ours.signSeed), toHex(ours.box), toHex(ours.sign)]).toEqual(
      [theirs.boxSecret, theirs.signSeed, theirs.box, theirs.sign].map(toHex),
    );
  });

  it('gives the same key for the receipt typed loosely', async () => {
    const loose = await mailboxKey(` ${RECEIPT.toLowerCase().replace(/-/g, ' ')} `);
    expect(toHex(loose.box)).toBe(toHex(key.box));
    expect(toHex(loose.signSeed)).toBe(toHex(key.signSeed));
  });

  it('refuses what is not a receipt before any derivation', async () => {
    const started = performance.now();
    for (const text of ['', RECEIPT.slice(0, -1), RECEIPT.slice(0, -1) + (RECEIPT.endsWith('B') ? 'C' : 'B')]) {
      await expect(mailboxKey(text)).rejects.toThrow(/^invalid receipt$/);
    }
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('signs follow-ups that libsodium verifies, and nobody else can', () => {
    const followUp: FollowUpContent = { campaign: 'temoignages', locale: 'fr', text: 'Depuis, rien n’a changé.' };
    const signature = signFollowUp(key, followUp);
    expect(verifyFollowUp(key, followUp, signature)).toBe(true);
    const digest = refLabelledHash('parole/v1/follow-up', utf8(JSON.stringify(['temoignages', 'fr', followUp.text])), 32);
    expect(sodium.crypto_sign_verify_detached(fromBase64Url(signature), digest, key.sign)).toBe(true);
    expect(verifyFollowUp(testKey(1), followUp, signature)).toBe(false);
  });

  it('opens a reply sealed to the mailbox with the mailbox key alone, and libsodium verifies its signature', () => {
    const delegate = testKey(2);
    const envelope = sealReply({ text: 'Nous avons transmis au CSE.', sent: '2026-03-04T15:16:17.250Z' }, delegate, key);
    expect(parseEnvelopeHeader(envelope).keyIds).toEqual([VECTORS.vector.mailboxId]);
    const reply = openReply(envelope, key)!;
    expect(reply).toEqual({ text: 'Nous avons transmis au CSE.', sent: '2026-03-04T15:16:17.250Z', from: keyId(delegate), signature: reply.signature });
    expect(verifyReply(reply, delegate, key)).toBe(true);
    const digest = refLabelledHash('parole/v1/reply', utf8(JSON.stringify([VECTORS.vector.mailboxId, reply.text, reply.sent])), 32);
    expect(sodium.crypto_sign_verify_detached(fromBase64Url(reply.signature), digest, delegate.sign)).toBe(true);
    expect(openReply(envelope, delegate)).toBeNull();
    expect(openEnvelope(envelope, delegate)).toBeNull();
    // libsodium's own envelope reader opens it with the derived secrets too.
    const payload = refOpenEnvelope(envelope, refKeyFromSecrets(key.boxSecret, key.signSeed))!;
    expect(JSON.parse(fromUtf8(payload))).toEqual({ v: 1, ...reply });
  });
});

describe('containsReceipt', () => {
  const zeros = '0000-0000-0000-0000-0012';
  const holds: [string, string][] = [
    [`Mon reçu : ${RECEIPT}, merci.`, RECEIPT],
    [`mon reçu est ${RECEIPT.toLowerCase()} voilà`, RECEIPT],
    [`reçu ${RECEIPT.replace(/-/g, ' ')} !`, RECEIPT],
    [`reçu ${chars(RECEIPT)}`, RECEIPT],
    [`c'est ${chars(RECEIPT).split('').join(' ')}`, RECEIPT],
    [`les dix premiers : ${chars(RECEIPT).slice(0, 10)}.`, RECEIPT],
    [`au milieu ${chars(RECEIPT).slice(5, 15).toLowerCase()} ?`, RECEIPT],
    [`la fin : ${RECEIPT.slice(-12)}`, RECEIPT],
    ['le code oooo oooo oooo oooo ooI2', zeros],
  ];
  it.each(holds)('finds the receipt in %j', (text, receipt) => {
    expect(containsReceipt(text, receipt)).toBe(true);
  });

  const lacks = [
    'Depuis la réorganisation, on nous demande de rester après 19 h sans compter les heures.',
    'Le chef d’équipe m’a dit devant tout le monde que je ne servais à rien. Ça dure depuis janvier.',
    'Ticket n° 2026-03-04, badge 4471, bâtiment B, 3e étage : rien n’a été fait.',
    `Seulement neuf : ${chars(RECEIPT).slice(0, 9)}.`,
    '',
  ];
  it.each(lacks)('finds no receipt in %j', (text) => {
    expect(containsReceipt(text, RECEIPT)).toBe(false);
  });

  it('finds nothing for what is not a receipt, or in what is not text', () => {
    expect(containsReceipt(RECEIPT, RECEIPT.slice(0, -1))).toBe(false);
    expect(containsReceipt(12 as never, RECEIPT)).toBe(false);
  });
});

describe('follow-ups', () => {
  const mailbox = testKey(10);
  const followUp: FollowUpContent = { campaign: 'nao-2025', locale: 'fr', text: 'Un mois plus tard : toujours pareil.' };
  const signature = signFollowUp(mailbox, followUp);

  it('verify with the mailbox key over campaign, locale and text', () => {
    expect(signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(verifyFollowUp(mailbox, followUp, signature)).toBe(true);
    expect(verifyFollowUp({ box: mailbox.box, sign: mailbox.sign }, followUp, signature)).toBe(true);
  });

  it('fail for another field, another key, or any flipped byte of the signature', () => {
    const others: FollowUpContent[] = [
      { ...followUp, campaign: 'nao-2026' },
      { ...followUp, locale: 'en' },
      { ...followUp, text: followUp.text + ' ' },
    ];
    for (const other of others) expect(verifyFollowUp(mailbox, other, signature), JSON.stringify(other)).toBe(false);
    expect(verifyFollowUp(testKey(11), followUp, signature)).toBe(false);
    const bytes = fromBase64Url(signature);
    for (let at = 0; at < bytes.length; at++) expect(verifyFollowUp(mailbox, followUp, toBase64Url(flipped(bytes, at))), `byte ${at}`).toBe(false);
  });

  it('sign JSON of [campaign, locale, text], so no field can bleed into the next', () => {
    const a = signFollowUp(mailbox, { campaign: 'a', locale: 'fr', text: 'b' });
    expect(verifyFollowUp(mailbox, { campaign: 'a", "fr', locale: 'fr', text: 'b' }, a)).toBe(false);
    const digest = refLabelledHash('parole/v1/follow-up', utf8('["nao-2025","fr","Un mois plus tard : toujours pareil."]'), 32);
    expect(sodium.crypto_sign_verify_detached(fromBase64Url(signature), digest, mailbox.sign)).toBe(true);
  });
});

describe('replies', () => {
  const delegate = testKey(20);
  const mailbox = testKey(21);
  const content = { text: 'Merci. Nous en parlons à la réunion de jeudi.\nBon courage.', sent: '2026-03-04T09:30:00Z' };

  it('encode the signed payload and decode it back', () => {
    const bytes = encodeReply(content, delegate, mailbox);
    const json = JSON.parse(fromUtf8(bytes));
    expect(Object.keys(json)).toEqual(['v', 'text', 'sent', 'from', 'signature']);
    expect(json).toMatchObject({ v: 1, ...content, from: keyId(delegate) });
    const reply = decodeReply(bytes);
    expect(reply).toEqual({ ...content, from: keyId(delegate), signature: json.signature });
    expect(verifyReply(reply, delegate, mailbox)).toBe(true);
    const digest = refLabelledHash('parole/v1/reply', utf8(JSON.stringify([mailboxId(mailbox), content.text, content.sent])), 32);
    expect(sodium.crypto_sign_verify_detached(fromBase64Url(reply.signature), digest, delegate.sign)).toBe(true);
  });

  it('fail verification when the text, the time, the signer, the mailbox or any byte of the signature changes', () => {
    const reply = decodeReply(encodeReply(content, delegate, mailbox));
    expect(verifyReply({ ...reply, text: reply.text + '!' }, delegate, mailbox)).toBe(false);
    expect(verifyReply({ ...reply, sent: '2026-03-04T09:30:01Z' }, delegate, mailbox)).toBe(false);
    expect(verifyReply(reply, testKey(22), mailbox)).toBe(false);
    expect(verifyReply({ ...reply, from: keyId(testKey(22)) }, delegate, mailbox)).toBe(false);
    expect(verifyReply(reply, delegate, testKey(23))).toBe(false);
    const bytes = fromBase64Url(reply.signature);
    for (let at = 0; at < bytes.length; at++) {
      expect(verifyReply({ ...reply, signature: toBase64Url(flipped(bytes, at)) }, delegate, mailbox), `byte ${at}`).toBe(false);
    }
  });

  it('signed for one mailbox do not verify when sealed again to another', () => {
    const other = testKey(23);
    const signed = openReply(sealReply(content, delegate, mailbox), mailbox)!;
    // What anyone holding the signed payload and the other mailbox's public key could file there.
    const resealed = sealEnvelope(utf8(JSON.stringify({ v: 1, ...signed })), [{ box: other.box, sign: other.sign }]);
    const reply = openReply(resealed, other)!;
    expect(reply).toEqual(signed);
    expect(verifyReply(reply, delegate, other)).toBe(false);
    expect(verifyReply(reply, delegate, mailbox)).toBe(true);
  });

  it('are sealed to the mailbox alone: it opens them, the delegate who wrote cannot', () => {
    const envelope = sealReply(content, delegate, mailbox);
    expect(parseEnvelopeHeader(envelope).keyIds).toEqual([mailboxId(mailbox)]);
    const reply = openReply(envelope, mailbox)!;
    expect(reply).toMatchObject({ ...content, from: keyId(delegate) });
    expect(verifyReply(reply, delegate, mailbox)).toBe(true);
    expect(openReply(envelope, delegate)).toBeNull();
  });

  it('refuse a damaged envelope, and a payload sealed to the mailbox that is not a reply, as an invalid reply', () => {
    const envelope = sealReply(content, delegate, mailbox);
    expect(() => openReply(flipped(envelope, envelope.length - 1), mailbox)).toThrow(/^invalid reply$/);
    const testimony = sealEnvelope(encodeTestimony({ campaign: 'c', locale: 'fr', text: 't' }), [mailbox]);
    expect(() => openReply(testimony, mailbox)).toThrow(/^invalid reply$/);
  });

  it('accept the delegate clock with or without seconds and milliseconds, in UTC only', () => {
    for (const sent of ['2026-03-04T09:30Z', '2026-03-04T09:30:00Z', '2026-03-04T09:30:00.5Z', '2028-02-29T23:59:59.99Z', new Date(0).toISOString()]) {
      expect(decodeReply(encodeReply({ text: 't', sent }, delegate, mailbox)).sent).toBe(sent);
    }
  });

  it('refuse a time that is no real instant, writing or reading', () => {
    const signed = JSON.parse(fromUtf8(encodeReply(content, delegate, mailbox)));
    for (const sent of ['2026-13-45T99:99Z', '2026-02-29T10:00Z', '2026-03-04T24:00Z', '2026-03-04T09:60:00Z', '2026-12-31T23:59:60Z']) {
      expect(() => encodeReply({ text: 't', sent }, delegate, mailbox), sent).toThrow(/^invalid reply$/);
      expect(() => decodeReply(utf8(JSON.stringify({ ...signed, sent }))), sent).toThrow(/^invalid reply$/);
    }
  });
});
