import { describe, expect, it } from 'vitest';
import {
  DEFAULT_KDF,
  KEY_FILE_VERSION,
  createKeyFile,
  encodePublicKey,
  fingerprint,
  fromBase64,
  generateKey,
  openKeyFile,
  parseKeyFile,
  toBase64,
  type KdfParams,
} from '../../crypto/index.js';
import { LOW_KDF, outcomeAsync, testKey } from './fixtures.js';

const slow = process.env.PAROLE_SLOW_TESTS !== '1';

describe('key files', () => {
  it('round-trip through JSON text', async () => {
    const key = testKey(1);
    const file = await createKeyFile(key, 'une phrase de passe', 'Délégué·e CGT — entrepôt', LOW_KDF);
    const reread = JSON.parse(JSON.stringify(file));
    expect(parseKeyFile(reread)).toEqual(file);
    expect(await openKeyFile(reread, 'une phrase de passe')).toEqual(key);
  });

  it('write every documented field and nothing else', async () => {
    const key = testKey(2);
    const file = await createKeyFile(key, 'pass', 'label', LOW_KDF);
    expect(Object.keys(file).sort()).toEqual(['fingerprint', 'kdf', 'label', 'parole', 'publicKey', 'secret', 'version']);
    expect(file).toMatchObject({
      parole: 'key-file',
      version: KEY_FILE_VERSION,
      label: 'label',
      publicKey: encodePublicKey(key),
      fingerprint: fingerprint(key),
      kdf: { name: 'argon2id', ...LOW_KDF },
    });
    expect(Object.keys(file.kdf).sort()).toEqual(['iterations', 'memoryKiB', 'name', 'parallelism', 'salt']);
    expect(Object.keys(file.secret).sort()).toEqual(['box', 'nonce']);
    expect(fromBase64(file.kdf.salt).length).toBe(16);
    expect(fromBase64(file.secret.nonce).length).toBe(24);
    expect(fromBase64(file.secret.box).length).toBe(64 + 16);
  });

  it('default to an empty label', async () => {
    expect((await createKeyFile(testKey(3), 'pass', undefined, LOW_KDF)).label).toBe('');
  });

  it('use a fresh salt and nonce each time', async () => {
    const key = testKey(4);
    const a = await createKeyFile(key, 'pass', '', LOW_KDF);
    const b = await createKeyFile(key, 'pass', '', LOW_KDF);
    expect(a.kdf.salt).not.toBe(b.kdf.salt);
    expect(a.secret.nonce).not.toBe(b.secret.nonce);
    expect(a.secret.box).not.toBe(b.secret.box);
  });

  it('normalise the passphrase to NFC, both ways', async () => {
    const key = testKey(5);
    const nfc = 'Noël à la Défense';
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    expect(await openKeyFile(await createKeyFile(key, nfc, '', LOW_KDF), nfd)).toEqual(key);
    expect(await openKeyFile(await createKeyFile(key, nfd, '', LOW_KDF), nfc)).toEqual(key);
  });

  it('do not normalise beyond NFC: case, spaces and compatibility forms matter', async () => {
    const file = await createKeyFile(testKey(6), 'ﬁchier Passe', '', LOW_KDF);
    for (const near of ['fichier Passe', 'ﬁchier passe', 'ﬁchier Passe ', ' ﬁchier Passe']) {
      expect(await outcomeAsync(() => openKeyFile(file, near))).toEqual({ threw: 'wrong passphrase' });
    }
  });

  it.each<[string, KdfParams]>([
    ['the lowest bounds', { memoryKiB: 8192, iterations: 1, parallelism: 1 }],
    ['parallelism 4', { memoryKiB: 8192, iterations: 1, parallelism: 4 }],
    ['two passes', { memoryKiB: 8192, iterations: 2, parallelism: 2 }],
  ])('open with %s', async (_, kdf) => {
    const key = testKey(7);
    const file = await createKeyFile(key, 'pass', '', kdf);
    expect(file.kdf).toMatchObject(kdf);
    expect(await openKeyFile(file, 'pass')).toEqual(key);
  });

  it('bind the KDF parameters: changing any of them refuses the passphrase', async () => {
    const file = await createKeyFile(testKey(8), 'pass', '', LOW_KDF);
    const changed = [
      { ...file.kdf, memoryKiB: 8193 },
      { ...file.kdf, iterations: 2 },
      { ...file.kdf, parallelism: 2 },
      { ...file.kdf, salt: toBase64(fromBase64(file.kdf.salt).map((b, i) => (i === 0 ? b ^ 1 : b))) },
    ];
    for (const kdf of changed) {
      expect(await outcomeAsync(() => openKeyFile({ ...file, kdf }, 'pass'))).toEqual({ threw: 'wrong passphrase' });
    }
  });

  it('leave the label outside the encryption: editing it does not lock the file', async () => {
    const key = testKey(9);
    const file = await createKeyFile(key, 'pass', 'avant', LOW_KDF);
    expect(await openKeyFile({ ...file, label: 'après' }, 'pass')).toEqual(key);
  });

  // keyfile.ts spreads the caller's kdf object after the fresh salt (`{ name, salt, ...kdf }`), so
  // passing an existing file's `kdf` (to keep its cost when changing passphrase) writes the old
  // salt over the new one and the new file can never be opened. Flip to `it` once fixed.
  it('reusing an existing file kdf object for a new passphrase yields a file that opens', async () => {
    const key = testKey(10);
    const old = await createKeyFile(key, 'ancienne', '', LOW_KDF);
    const renewed = await createKeyFile(key, 'nouvelle', '', old.kdf);
    expect(await openKeyFile(renewed, 'nouvelle')).toEqual(key);
  });

  it.skipIf(slow)('open with DEFAULT_KDF (64 MiB, 3 passes; set PAROLE_SLOW_TESTS=1)', async () => {
    const key = generateKey();
    const file = await createKeyFile(key, 'lente mais sûre', 'défaut', DEFAULT_KDF);
    expect(file.kdf).toMatchObject({ name: 'argon2id', memoryKiB: 65536, iterations: 3, parallelism: 1 });
    expect(await openKeyFile(file, 'lente mais sûre')).toEqual(key);
    expect(await outcomeAsync(() => openKeyFile(file, 'lente mais sure'))).toEqual({ threw: 'wrong passphrase' });
  });
});
