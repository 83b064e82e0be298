/** Plaintext world: makes a delegate's key file on their own machine; touches no database or network. */
import { createKeyFile } from '../../crypto/keyfile.js';
import { generateKey } from '../../crypto/keys.js';
import { CliError, passphrase, refuseExisting, writeNewFile } from './io.js';

const MIN_PASSPHRASE = 8;

export async function keygen(out: string, label: string, print: (line: string) => void): Promise<void> {
  refuseExisting(out);
  const secret = await passphrase('Passphrase for the new key file: ', true);
  if (secret.length < MIN_PASSPHRASE) throw new CliError(`the passphrase must have at least ${MIN_PASSPHRASE} characters`);
  const file = await createKeyFile(generateKey(), secret, label);
  await writeNewFile(out, (write) => write(JSON.stringify(file, null, 2) + '\n'));
  print(`key file written: ${out}`);
  print(`public key:  ${file.publicKey}`);
  print(`fingerprint: ${file.fingerprint}`);
  print('Keep the key file and its passphrase apart; give the operator the public key only.');
}

