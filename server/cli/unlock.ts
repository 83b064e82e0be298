import { openKeyFile } from '../../crypto/keyfile.js';
import type { SecretKey } from '../../crypto/keys.js';
import type { SigningKey } from '../../crypto/signature.js';
import { CliError, passphrase, readJson } from './io.js';

/** Plaintext world: the whole key, which opens envelopes. */
export async function unlockKeyFile(path: string): Promise<SecretKey> {
  const file = readJson(path, 'key file');
  const secret = await passphrase('Passphrase of the key file: ');
  try {
    return await openKeyFile(file, secret);
  } catch (err) {
    const reason = (err as Error).message;
    if (reason === 'wrong passphrase') throw new CliError('wrong passphrase for this key file');
    throw new CliError(`${path} is not a usable Parole key file (${reason})`);
  }
}

/**
 * Network world: only what signs requests. The X25519 secret is wiped as soon as the key
 * file is open, so commands that talk to a server never hold what opens an envelope.
 */
export async function unlockSigningKey(path: string): Promise<SigningKey> {
  const key = await unlockKeyFile(path);
  key.boxSecret.fill(0);
  return { box: key.box, sign: key.sign, signSeed: key.signSeed };
}
