/** Network world: the server's keyring of public keys. */
import { parseKeyFile } from '../../crypto/keyfile.js';
import { PUBLIC_KEY_PREFIX } from '../../crypto/keys.js';
import { utcDay } from '../clock.js';
import type { Db } from '../db/client.js';
import { activeKeyring, addKey, removeKey, StoreError } from '../store.js';
import { CliError, readJson } from './io.js';

/** A key file's public key, or the argument itself when it is a public key. */
function publicKeyOf(fileOrKey: string): { publicKey: string; label: string } {
  if (fileOrKey.startsWith(PUBLIC_KEY_PREFIX)) return { publicKey: fileOrKey, label: '' };
  try {
    const file = parseKeyFile(readJson(fileOrKey, 'key file'));
    return { publicKey: file.publicKey, label: file.label };
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`${fileOrKey} is not a Parole key file (${(err as Error).message})`);
  }
}

export async function keyringAdd(db: Db, fileOrKey: string, label: string | undefined, print: (line: string) => void) {
  const source = publicKeyOf(fileOrKey);
  try {
    const entry = await addKey(db, source.publicKey, label ?? source.label, utcDay(new Date()));
    print(`added ${entry.id}  ${entry.fingerprint}  ${entry.label}`);
    print('The label is public: the submission page shows it beside the fingerprint.');
  } catch (err) {
    if (err instanceof StoreError && err.code === 'invalid_public_key') throw new CliError('not a Parole public key');
    if (err instanceof StoreError && err.code === 'key_exists') throw new CliError('this key is already in the keyring');
    throw err;
  }
}

export async function keyringList(db: Db, print: (line: string) => void): Promise<void> {
  const keys = await activeKeyring(db);
  if (keys.length === 0) {
    print('the keyring is empty: add a delegate key with `npx parole keyring add FILE`');
    return;
  }
  for (const k of keys) print(`${k.id}  ${k.fingerprint}  ${k.label}`);
}

export async function keyringRemove(db: Db, idOrFingerprint: string, print: (line: string) => void): Promise<void> {
  try {
    const entry = await removeKey(db, idOrFingerprint, utcDay(new Date()));
    print(`removed ${entry.id}  ${entry.fingerprint}  ${entry.label}: it receives no new testimonies`);
  } catch (err) {
    if (err instanceof StoreError) throw new CliError('no key in the keyring has this id or fingerprint');
    throw err;
  }
}
