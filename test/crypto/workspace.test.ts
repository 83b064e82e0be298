import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_WORKSPACE_PAYLOAD,
  WORKSPACE_VERSION,
  concat,
  decodePublicKey,
  encodePublicKey,
  fromBase64,
  fromHex,
  fromUtf8,
  keyFromSecrets,
  keyId,
  openWorkspace,
  sealEnvelope,
  sealWorkspace,
  toHex,
  utf8,
  type SecretKey,
} from '../../crypto/index.js';
import { loadVectors, outcome, sameBytes, seededBytes, testKey } from './fixtures.js';
import { join, refKeyFromSecrets, refLabelledHash, refOpenWorkspace, refSealWorkspace, refSealWorkspacePadded, sodium } from './reference.js';

const slow = process.env.PAROLE_SLOW_TESTS !== '1';

const WORKSPACE_ERRORS = ['invalid workspace file', 'unsupported workspace version', 'workspace file damaged'];
const MAGIC = 'parolews';
const HEADER_FIXED = 10;
const RECIPIENT_BYTES = 8 + 80;
const MAC_BYTES = 16;
const STEP = 65536;

const KEYS = Array.from({ length: 17 }, (_, i) => testKey(700 + i));
const OUTSIDER = testKey(799);
const asRef = (key: SecretKey) => refKeyFromSecrets(key.boxSecret, key.signSeed);

/** The documented size: header, tag, and length + payload rounded up to a whole number of 64 KiB steps. */
function workspaceSize(recipients: number, payloadLength: number): number {
  return HEADER_FIXED + recipients * RECIPIENT_BYTES + MAC_BYTES + Math.ceil((payloadLength + 4) / STEP) * STEP;
}

function keyIdsOf(file: Uint8Array): string[] {
  return Array.from({ length: file[9] }, (_, i) => toHex(file.subarray(HEADER_FIXED + i * RECIPIENT_BYTES, HEADER_FIXED + i * RECIPIENT_BYTES + 8)));
}

/**
 * What openWorkspace must do once the byte at `position` is changed, worked out from the layout
 * alone: magic, version and count fail first (a changed count never leaves a body that is a
 * whole number of steps, since 88·Δ is never a multiple of 65536 for |Δ| ≤ 255), a key-id change
 * may make ids collide or drop the opener from the list, and every other change is detected.
 */
function expectedAfterChange(changed: Uint8Array, position: number, opener: SecretKey): unknown {
  if (position < MAGIC.length) return { threw: 'invalid workspace file' };
  if (position === 8) return { threw: 'unsupported workspace version' };
  if (position === 9) return { threw: 'invalid workspace file' };
  const ids = keyIdsOf(changed);
  if (new Set(ids).size !== ids.length) return { threw: 'invalid workspace file' };
  if (!ids.includes(keyId(opener))) return null;
  return { threw: 'workspace file damaged' };
}

describe('frozen version-1 workspace files made with libsodium', () => {
  interface KeyDescription {
    boxSecret: string;
    signSeed: string;
    publicKey: string;
  }
  interface WorkspaceVector {
    name: string;
    file: string;
    size: number;
    paddedSize: number;
    keyIds: string[];
    recipients: KeyDescription[];
    notRecipient: KeyDescription;
    payload: string;
  }
  const vectors = loadVectors<{ vectors: WorkspaceVector[] }>('workspace-v1.json');
  const keyOf = (d: KeyDescription) => keyFromSecrets(fromHex(d.boxSecret), fromHex(d.signSeed));

  it('name their origin and rationale', () => {
    expect(vectors.origin.length).toBeGreaterThan(40);
    expect(vectors.rationale.length).toBeGreaterThan(40);
  });

  describe.each(vectors.vectors.map((v) => [v.name, v]))('%s', (_, v) => {
    const file = fromBase64(v.file);

    it('has the recorded structure', () => {
      expect(file.length).toBe(v.size);
      expect(v.size).toBe(workspaceSize(v.recipients.length, utf8(v.payload).length));
      expect(v.paddedSize % STEP).toBe(0);
      expect(fromUtf8(file.subarray(0, 8))).toBe(MAGIC);
      expect([file[8], file[9]]).toEqual([WORKSPACE_VERSION, v.recipients.length]);
      expect(keyIdsOf(file)).toEqual(v.keyIds);
    });

    it.each(v.recipients.map((r, i) => [i, r]))('opens for recipient %i to the recorded payload', (_, recipient) => {
      const key = keyOf(recipient);
      expect(encodePublicKey(key)).toBe(recipient.publicKey);
      expect(fromUtf8(openWorkspace(file, key)!)).toBe(v.payload);
    });

    it('is "not for you" for a key outside the list', () => {
      expect(openWorkspace(file, keyOf(v.notRecipient))).toBeNull();
    });
  });
});

describe('workspace files', () => {
  it.each([1, 2, 3, 16])('open for each of %i recipients, and not for an outsider', (count) => {
    const recipients = KEYS.slice(0, count);
    const payload = seededBytes(1000 * count, count);
    const file = sealWorkspace(payload, recipients);
    expect(file.length).toBe(workspaceSize(count, payload.length));
    expect(keyIdsOf(file)).toEqual(recipients.map(keyId));
    for (const key of recipients) expect(sameBytes(openWorkspace(file, key), payload)).toBe(true);
    expect(openWorkspace(file, OUTSIDER)).toBeNull();
  });

  it('begin with the magic, the version and the recipient count', () => {
    const file = sealWorkspace(utf8('x'), KEYS.slice(0, 2));
    expect(toHex(file.subarray(0, 10))).toBe(toHex(utf8(MAGIC)) + '0102');
    expect(WORKSPACE_VERSION).toBe(1);
  });

  it('accept public keys alone as recipients, in the order given', () => {
    const publicOnly = KEYS.slice(0, 3).map((k) => decodePublicKey(encodePublicKey(k))).reverse();
    const file = sealWorkspace(utf8('mémo'), publicOnly);
    expect(keyIdsOf(file)).toEqual(publicOnly.map(keyId));
    expect(fromUtf8(openWorkspace(file, KEYS[1])!)).toBe('mémo');
  });

  it('seal the same payload differently every time', () => {
    const a = sealWorkspace(utf8('même état'), [KEYS[0]]);
    const b = sealWorkspace(utf8('même état'), [KEYS[0]]);
    expect(sameBytes(a, b)).toBe(false);
    expect(toHex(a.subarray(0, 18))).toBe(toHex(b.subarray(0, 18)));
  });

  it.each([
    ['the empty payload', 0, STEP],
    ['one byte', 1, STEP],
    ['a payload 5 bytes under a step (one zero byte of padding)', STEP - 5, STEP],
    ['a payload that fills a step exactly (length + 4 = 65536)', STEP - 4, STEP],
    ['a payload one byte over a step', STEP - 3, 2 * STEP],
    ['a payload that fills two steps exactly', 2 * STEP - 4, 2 * STEP],
    ['a payload one byte over two steps', 2 * STEP - 3, 3 * STEP],
    ['a megabyte', 1 << 20, 17 * STEP],
  ])('round %s (%i bytes) up to %i padded bytes', (_, length, padded) => {
    const payload = seededBytes(length, length);
    const file = sealWorkspace(payload, [KEYS[0]]);
    expect(file.length).toBe(HEADER_FIXED + RECIPIENT_BYTES + MAC_BYTES + padded);
    expect(file.length).toBe(workspaceSize(1, length));
    expect(sameBytes(openWorkspace(file, KEYS[0]), payload)).toBe(true);
  });

  it('return a copy that outlives the file', () => {
    const file = sealWorkspace(utf8('tags'), [KEYS[0]]);
    const opened = openWorkspace(file, KEYS[0])!;
    file.fill(0);
    expect(fromUtf8(opened)).toBe('tags');
  });

  it('open from a view into a larger buffer', () => {
    const file = sealWorkspace(utf8('décalé'), [KEYS[0]]);
    const inside = new Uint8Array(file.length + 9);
    inside.set(file, 9);
    expect(fromUtf8(openWorkspace(inside.subarray(9), KEYS[0])!)).toBe('décalé');
  });
});

describe('sealWorkspace refuses', () => {
  /** A byte array that claims a length it does not hold: the size check runs before any copy. */
  function claimingLength(length: number): Uint8Array {
    const bytes = new Uint8Array(1);
    Object.defineProperty(bytes, 'length', { value: length });
    return bytes;
  }

  it.each<[string, () => unknown, string]>([
    ['no recipients', () => sealWorkspace(utf8('x'), []), 'no recipients'],
    ['17 recipients', () => sealWorkspace(utf8('x'), KEYS.slice(0, 17)), 'too many recipients'],
    ['the same key twice', () => sealWorkspace(utf8('x'), [KEYS[0], KEYS[1], KEYS[0]]), 'duplicate recipient'],
    ['the same key twice, once as its public half', () => sealWorkspace(utf8('x'), [KEYS[0], decodePublicKey(encodePublicKey(KEYS[0]))]), 'duplicate recipient'],
    ['a payload one byte over MAX_WORKSPACE_PAYLOAD', () => sealWorkspace(claimingLength(MAX_WORKSPACE_PAYLOAD + 1), [KEYS[0]]), 'payload too large'],
    ['a payload of 4 GiB', () => sealWorkspace(claimingLength(2 ** 32), [KEYS[0]]), 'payload too large'],
    ['17 recipients and an oversize payload (count first)', () => sealWorkspace(claimingLength(MAX_WORKSPACE_PAYLOAD + 1), KEYS.slice(0, 17)), 'too many recipients'],
    ['a duplicate and an oversize payload (size first)', () => sealWorkspace(claimingLength(MAX_WORKSPACE_PAYLOAD + 1), [KEYS[0], KEYS[0]]), 'payload too large'],
    ['a 31-byte box key', () => sealWorkspace(utf8('x'), [{ box: KEYS[0].box.subarray(1), sign: KEYS[0].sign }]), 'invalid public key'],
    ['a low-order box key', () => sealWorkspace(utf8('x'), [{ box: new Uint8Array(32), sign: KEYS[0].sign }]), 'invalid public key'],
  ])('%s', (_, run, message) => {
    expect(outcome(run)).toEqual({ threw: message });
  });

  it('is 256 MiB, the documented limit', () => {
    expect(MAX_WORKSPACE_PAYLOAD).toBe(256 * 1024 * 1024);
  });

  it('accepts 16 recipients', () => {
    expect(keyIdsOf(sealWorkspace(utf8('x'), KEYS.slice(0, 16)))).toHaveLength(16);
  });

  it.skipIf(slow)('carries a payload of exactly MAX_WORKSPACE_PAYLOAD (set PAROLE_SLOW_TESTS=1)', () => {
    const payload = new Uint8Array(MAX_WORKSPACE_PAYLOAD).fill(0x61);
    const file = sealWorkspace(payload, [KEYS[0]]);
    expect(file.length).toBe(workspaceSize(1, MAX_WORKSPACE_PAYLOAD));
    expect(sameBytes(openWorkspace(file, KEYS[0]), payload)).toBe(true);
  });
});

describe('workspace files against the libsodium reference', () => {
  const sizeArb = fc.oneof(
    fc.integer({ min: 0, max: 300 }),
    fc.constantFrom(STEP - 5, STEP - 4, STEP - 3, 2 * STEP - 4, 2 * STEP - 3),
    fc.integer({ min: 0, max: 3 * STEP }),
  );

  it('sealWorkspace → reference reader (crypto_box_seal_open, keyed crypto_generichash, crypto_secretbox_open_easy)', () => {
    fc.assert(
      fc.property(sizeArb, fc.integer(), fc.integer({ min: 1, max: 3 }), (length, seed, count) => {
        const payload = seededBytes(length, seed);
        const file = sealWorkspace(payload, KEYS.slice(0, count));
        for (const key of KEYS.slice(0, count)) expect(sameBytes(refOpenWorkspace(file, asRef(key)), payload)).toBe(true);
        expect(refOpenWorkspace(file, asRef(OUTSIDER))).toBeNull();
      }),
      { numRuns: 25 },
    );
  });

  it('reference writer → openWorkspace', () => {
    fc.assert(
      fc.property(sizeArb, fc.integer(), fc.integer({ min: 1, max: 3 }), (length, seed, count) => {
        const payload = seededBytes(length, seed);
        const recipients = KEYS.slice(0, count);
        const file = refSealWorkspace(payload, recipients);
        expect(file.length).toBe(workspaceSize(count, length));
        for (const key of recipients) expect(sameBytes(openWorkspace(file, key), payload)).toBe(true);
        expect(openWorkspace(file, OUTSIDER)).toBeNull();
      }),
      { numRuns: 25 },
    );
  });

  it('the body is a crypto_secretbox_easy box under the documented workspace key and the zero nonce', () => {
    const key = KEYS[0];
    const file = sealWorkspace(utf8('hi'), [key]);
    const headerEnd = HEADER_FIXED + RECIPIENT_BYTES;
    const contentKey = sodium.crypto_box_seal_open(file.slice(18, headerEnd), key.box, key.boxSecret);
    const workspaceKey = sodium.crypto_generichash(32, join(utf8('parole/v1/workspace-key'), new Uint8Array([0]), file.slice(0, headerEnd)), contentKey);
    const padded = sodium.crypto_secretbox_open_easy(file.slice(headerEnd), new Uint8Array(24), workspaceKey);
    expect(padded.length).toBe(STEP);
    expect(toHex(padded.subarray(0, 8))).toBe('0000000268690000');
    expect(padded.subarray(6).every((b) => b === 0)).toBe(true);
  });

  it('a file sealed under the envelope label does not open: the workspace key is its own', () => {
    const key = KEYS[0];
    const contentKey = sodium.randombytes_buf(32);
    const header = join(utf8(MAGIC), new Uint8Array([1, 1]), fromHex(keyId(key)), sodium.crypto_box_seal(contentKey, key.box));
    const padded = new Uint8Array(STEP);
    padded.set([0, 0, 0, 1, 0x78]);
    const payloadKey = refLabelledHash('parole/v1/payload-key', header, 32, contentKey);
    const file = join(header, sodium.crypto_secretbox_easy(padded, new Uint8Array(24), payloadKey));
    expect(outcome(() => openWorkspace(file, key))).toEqual({ threw: 'workspace file damaged' });
  });

  it('an authentic body whose padding is invalid is damaged, never returned', () => {
    const withLength = (length: number, tail: [number, number][] = []) => {
      const padded = new Uint8Array(STEP);
      new DataView(padded.buffer).setUint32(0, length);
      for (const [at, value] of tail) padded[at] = value;
      return padded;
    };
    const cases: Record<string, Uint8Array> = {
      'a length one past the end': withLength(STEP - 3),
      'a length of 2^32 - 1': withLength(2 ** 32 - 1),
      'a non-zero byte right after the data': withLength(3, [[7, 1]]),
      'a non-zero last byte': withLength(3, [[STEP - 1, 0x80]]),
      'a body of 65535 bytes': new Uint8Array(STEP - 1),
      'a body of 65537 bytes': new Uint8Array(STEP + 1),
    };
    for (const [name, padded] of Object.entries(cases)) {
      const expected = padded.length % STEP === 0 ? 'workspace file damaged' : 'invalid workspace file';
      expect([name, outcome(() => openWorkspace(refSealWorkspacePadded(padded, [KEYS[0]]), KEYS[0]))]).toEqual([name, { threw: expected }]);
    }
  });

  it('readers accept data padded further than needed, and a full step with no zero after it', () => {
    const padded = new Uint8Array(2 * STEP);
    padded.set([0, 0, 0, 3, 1, 2, 3]);
    expect(openWorkspace(refSealWorkspacePadded(padded, [KEYS[0]]), KEYS[0])).toEqual(new Uint8Array([1, 2, 3]));
    const full = new Uint8Array(STEP).fill(0x61);
    full.set([0, 0, 0xff, 0xfc]);
    expect(sameBytes(openWorkspace(refSealWorkspacePadded(full, [KEYS[0]]), KEYS[0]), full.subarray(4))).toBe(true);
  });
});

describe('a changed workspace file gives the documented error or "not for you", never other content', () => {
  const payload = utf8('{"tags":{"cadences":[17]},"memo":"Chaque octet compte."}');
  const file = sealWorkspace(payload, KEYS.slice(0, 2));
  const headerEnd = HEADER_FIXED + 2 * RECIPIENT_BYTES;

  function check(position: number, opener: SecretKey, delta = 1 + (position % 255)): { position: number; result: unknown; expected: unknown } | null {
    const changed = file.slice();
    changed[position] ^= delta;
    const expected = expectedAfterChange(changed, position, opener);
    const result = outcome(() => openWorkspace(changed, opener));
    return JSON.stringify(result) === JSON.stringify(expected) ? null : { position, result, expected };
  }

  // Half the changes land in the header, where the outcomes differ most.
  const positionArb = fc.oneof(fc.nat({ max: HEADER_FIXED + 3 * RECIPIENT_BYTES }), fc.nat());

  it('every header byte (magic, version, count, key ids, wraps), for the second recipient and an outsider', () => {
    const surprises = [KEYS[1], OUTSIDER].flatMap((opener) => Array.from({ length: headerEnd }, (_, position) => check(position, opener)));
    expect(surprises.filter(Boolean)).toEqual([]);
  });

  const bodyClasses: Record<string, number[]> = {
    'the body tag': Array.from({ length: MAC_BYTES }, (_, i) => headerEnd + i),
    'the length field': [0, 1, 2, 3].map((i) => headerEnd + MAC_BYTES + i),
    'the payload': [4, 20, 4 + payload.length - 1].map((i) => headerEnd + MAC_BYTES + i),
    'the zero padding': [4 + payload.length, 1000, STEP / 2, STEP - 1].map((i) => headerEnd + MAC_BYTES + i),
  };

  it.each(Object.entries(bodyClasses))('%s: "workspace file damaged" for every recipient, "not for you" for others', (_, positions) => {
    for (const position of positions) {
      for (const delta of [1, 0x80, 0xff]) {
        expect(check(position, KEYS[0], delta)).toBeNull();
        expect(check(position, KEYS[1], delta)).toBeNull();
        expect(check(position, OUTSIDER, delta)).toBeNull();
      }
    }
  });

  it('the byte classes of the prediction are the ones named', () => {
    const at = (position: number, opener: SecretKey) => {
      const changed = file.slice();
      changed[position] ^= 1;
      return outcome(() => openWorkspace(changed, opener));
    };
    expect(at(0, KEYS[0])).toEqual({ threw: 'invalid workspace file' });
    expect(at(8, KEYS[0])).toEqual({ threw: 'unsupported workspace version' });
    expect(at(9, KEYS[0])).toEqual({ threw: 'invalid workspace file' });
    expect(at(HEADER_FIXED, KEYS[0])).toBeNull();
    expect(at(HEADER_FIXED, KEYS[1])).toEqual({ threw: 'workspace file damaged' });
    expect(at(HEADER_FIXED + 8 + 40, KEYS[0])).toEqual({ threw: 'workspace file damaged' });
    expect(at(HEADER_FIXED + RECIPIENT_BYTES + 8, KEYS[0])).toEqual({ threw: 'workspace file damaged' });
    expect(at(file.length - 1, KEYS[0])).toEqual({ threw: 'workspace file damaged' });
  });

  it('a key id changed into the other listed id is malformed', () => {
    const changed = file.slice();
    changed.copyWithin(HEADER_FIXED + RECIPIENT_BYTES, HEADER_FIXED, HEADER_FIXED + 8);
    for (const opener of [KEYS[0], KEYS[1], OUTSIDER]) expect(outcome(() => openWorkspace(changed, opener))).toEqual({ threw: 'invalid workspace file' });
  });

  it('recipients reordered, a wrap from another file, or another file\'s header are detected', () => {
    const second = sealWorkspace(payload, KEYS.slice(0, 2));
    const wrap = (f: Uint8Array, i: number) => f.slice(HEADER_FIXED + i * RECIPIENT_BYTES + 8, HEADER_FIXED + (i + 1) * RECIPIENT_BYTES);
    const reordered = concat(file.subarray(0, HEADER_FIXED), file.subarray(HEADER_FIXED + RECIPIENT_BYTES, headerEnd), file.subarray(HEADER_FIXED, HEADER_FIXED + RECIPIENT_BYTES), file.subarray(headerEnd));
    const swappedWrap = file.slice();
    swappedWrap.set(wrap(second, 1), HEADER_FIXED + RECIPIENT_BYTES + 8);
    const spliced = concat(second.subarray(0, headerEnd), file.subarray(headerEnd));
    for (const changed of [reordered, swappedWrap, spliced]) {
      for (const opener of KEYS.slice(0, 2)) expect(outcome(() => openWorkspace(changed, opener))).toEqual({ threw: 'workspace file damaged' });
    }
  });

  it('a recipient dropped from the list (count and size fixed up) is detected', () => {
    const dropped = concat(utf8(MAGIC), new Uint8Array([1, 1]), file.subarray(HEADER_FIXED, HEADER_FIXED + RECIPIENT_BYTES), file.subarray(headerEnd));
    expect(outcome(() => openWorkspace(dropped, KEYS[0]))).toEqual({ threw: 'workspace file damaged' });
    expect(openWorkspace(dropped, KEYS[1])).toBeNull();
  });

  it('an envelope, or a file with another magic, is not a workspace file', () => {
    const envelope = sealEnvelope(payload, KEYS.slice(0, 2));
    expect(outcome(() => openWorkspace(envelope, KEYS[0]))).toEqual({ threw: 'invalid workspace file' });
    const renamed = concat(utf8('parolewz'), file.subarray(8));
    expect(outcome(() => openWorkspace(renamed, KEYS[0]))).toEqual({ threw: 'invalid workspace file' });
  });

  it('truncated or extended by a few bytes or by a whole step', () => {
    const cases: [Uint8Array, string][] = [
      [file.subarray(0, file.length - 1), 'invalid workspace file'],
      [file.subarray(0, file.length - STEP), 'invalid workspace file'],
      [file.subarray(0, headerEnd + MAC_BYTES), 'invalid workspace file'],
      [file.subarray(0, headerEnd), 'invalid workspace file'],
      [file.subarray(0, 9), 'invalid workspace file'],
      [concat(file, new Uint8Array(1)), 'invalid workspace file'],
      [concat(file, new Uint8Array(STEP)), 'workspace file damaged'],
    ];
    for (const [changed, message] of cases) expect(outcome(() => openWorkspace(changed, KEYS[0]))).toEqual({ threw: message });
  });

  it('a property: one changed byte anywhere gives exactly what the layout predicts', () => {
    const sealedArb = fc
      .record({ length: fc.integer({ min: 0, max: 2 * STEP }), seed: fc.integer(), count: fc.integer({ min: 1, max: 3 }), opener: fc.nat() })
      .map(({ length, seed, count, opener }) => {
        const recipients = KEYS.slice(0, count);
        const candidates = [...recipients, OUTSIDER];
        return { file: sealWorkspace(seededBytes(length, seed), recipients), opener: candidates[opener % candidates.length] };
      });
    fc.assert(
      fc.property(sealedArb, positionArb, fc.integer({ min: 1, max: 255 }), ({ file: sealed, opener }, at, delta) => {
        const position = at % sealed.length;
        const changed = sealed.slice();
        changed[position] ^= delta;
        expect(outcome(() => openWorkspace(changed, opener))).toEqual(expectedAfterChange(changed, position, opener));
      }),
      { numRuns: 60 },
    );
  });

  it('a property: several changed bytes, a truncation or an extension never yield bytes', () => {
    const editArb = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), changes: fc.array(fc.tuple(positionArb, fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }) }),
      fc.record({ kind: fc.constant('resize' as const), by: fc.integer({ min: -STEP - 100, max: STEP + 100 }).filter((n) => n !== 0) }),
    );
    fc.assert(
      fc.property(editArb, fc.constantFrom(KEYS[0], KEYS[1], OUTSIDER), (edit, opener) => {
        let changed: Uint8Array;
        if (edit.kind === 'flip') {
          changed = file.slice();
          for (const [at, delta] of edit.changes) changed[at % changed.length] ^= delta;
          fc.pre(!sameBytes(changed, file));
        } else {
          changed = edit.by < 0 ? file.slice(0, Math.max(0, file.length + edit.by)) : concat(file, seededBytes(edit.by, edit.by));
        }
        const result = outcome(() => openWorkspace(changed, opener));
        expect(result === null || WORKSPACE_ERRORS.includes((result as { threw: string }).threw)).toBe(true);
      }),
      { numRuns: 80 },
    );
  });
});

describe('workspace properties', () => {
  it('openWorkspace(sealWorkspace(x)) = x for every recipient, in the smallest whole number of steps', () => {
    const payloadArb = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.record({ length: fc.integer({ min: 0, max: 3 * STEP }), seed: fc.integer() }).map(({ length, seed }) => seededBytes(length, seed)),
    );
    fc.assert(
      fc.property(payloadArb, fc.integer({ min: 1, max: 4 }), (payload, count) => {
        const recipients = KEYS.slice(0, count);
        const file = sealWorkspace(payload, recipients);
        expect(file.length).toBe(workspaceSize(count, payload.length));
        for (const key of recipients) expect(sameBytes(openWorkspace(file, key), payload)).toBe(true);
        expect(openWorkspace(file, OUTSIDER)).toBeNull();
      }),
      { numRuns: 30 },
    );
  });
});
