/**
 * The parole command. Each command loads only its own world: `decrypt`, `keygen` and `anonymise`
 * (plaintext world) never load the server, the database client or any network module.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Db } from '../db/client.js';
import { UserError } from '../user-error.js';
import { CliError } from './io.js';

const USAGE = `Parole: collect testimonies without learning who wrote them.

Usage:
  parole keygen --out FILE [--label NAME]      create a passphrase-protected delegate key file
  parole keyring add FILE|PUBLIC_KEY [--label NAME]
  parole keyring list
  parole keyring remove ID|FINGERPRINT
  parole serve                                 serve the submission page and API
  parole export --out FILE                     write every stored envelope as NDJSON
  parole decrypt --key FILE --in EXPORT [--format jsonl|csv]
  parole pull --server URL --key FILE --out FILE   fetch the envelopes this key has not pulled yet
  parole purge --server URL --key FILE --in FILE   delete a pulled bundle's envelopes from the server
  parole workspace --out FILE                  write the delegate workspace (one HTML file) and its SHA-256
  parole anonymise [--terms FILE] [--locale fr|en] [--flags]   anonymise the text on stdin to stdout
  parole campaign template                     print an example campaign definition (JSON)
  parole campaign list --server URL --key FILE
  parole campaign show SLUG --server URL --key FILE
  parole campaign create|edit --file DEF.json --server URL --key FILE
  parole campaign open|close SLUG --server URL --key FILE
  parole tract --campaign SLUG --server URL --out DIR [--locale fr|en]   write the campaign's QR codes (SVG, PNG) and A4/A5 flyers

Environment: PORT (8080), HOST (127.0.0.1), DATABASE_URL (embedded file under data/),
DATABASE_AUTH_TOKEN, PAROLE_DATA_DIR (data/), PAROLE_WEB_DIR (web/dist),
PAROLE_PASSPHRASE (for unattended use).`;

const print = (line: string) => process.stdout.write(line + '\n');
const note = (line: string) => process.stderr.write(line + '\n');

function args<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliError(`${(err as Error).message.split('\n')[0]}; see \`parole help\``);
  }
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new CliError(`missing ${flag}; see \`parole help\``);
  return value;
}

/** Network world: the server's database, for keyring and export. */
async function withDb<T>(work: (db: Db) => Promise<T>): Promise<T> {
  const { readConfig } = await import('../config.js');
  const { openMigratedDb } = await import('../db/client.js');
  const config = readConfig();
  let database;
  try {
    database = await openMigratedDb(config.databaseUrl, config.databaseAuthToken);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  try {
    return await work(database.db);
  } finally {
    await database.close();
  }
}

async function run(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'keygen': {
      const { values } = args(rest, { out: { type: 'string' }, label: { type: 'string' } });
      const { keygen } = await import('./keygen.js');
      await keygen(required(values.out, '--out FILE'), values.label ?? '', print);
      return;
    }
    case 'keyring': {
      const [action, ...more] = rest;
      const { values, positionals } = args(more, { label: { type: 'string' } });
      const { keyringAdd, keyringList, keyringRemove } = await import('./keyring.js');
      if (action === 'add') {
        await withDb((db) => keyringAdd(db, required(positionals[0], 'FILE or PUBLIC_KEY'), values.label, print));
      } else if (action === 'list') {
        await withDb((db) => keyringList(db, print));
      } else if (action === 'remove') {
        await withDb((db) => keyringRemove(db, required(positionals[0], 'ID'), print));
      } else {
        throw new CliError('keyring takes add, list or remove; see `parole help`');
      }
      return;
    }
    case 'serve': {
      args(rest, {});
      const { readConfig } = await import('../config.js');
      const { startServer } = await import('../serve.js');
      // Listening for a stop before starting: a stop that arrives during start-up waits for it.
      const started = startServer(readConfig(), note);
      const stop = () => void started.then((server) => server.close()).finally(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await started;
      return;
    }
    case 'export': {
      const { values } = args(rest, { out: { type: 'string' } });
      const out = required(values.out, '--out FILE');
      const { exportEnvelopes } = await import('./export.js');
      const { refuseExisting } = await import('./io.js');
      refuseExisting(out);
      const count = await withDb((db) => exportEnvelopes(db, out));
      note(`exported ${count} envelope${count === 1 ? '' : 's'} to ${out}`);
      return;
    }
    case 'decrypt': {
      const { values } = args(rest, { key: { type: 'string' }, in: { type: 'string' }, format: { type: 'string' } });
      const { DECRYPT_FORMATS, decryptExport } = await import('./decrypt.js');
      const format = (values.format ?? 'jsonl') as (typeof DECRYPT_FORMATS)[number];
      if (!DECRYPT_FORMATS.includes(format)) throw new CliError('--format takes jsonl or csv');
      const summary = await decryptExport(required(values.key, '--key FILE'), required(values.in, '--in EXPORT'), format, (t) =>
        process.stdout.write(t),
      );
      note(
        `decrypted ${summary.opened}; not for this key ${summary.notForThisKey}; damaged ${summary.damaged}`,
      );
      return;
    }
    case 'pull': {
      const { values } = args(rest, { server: { type: 'string' }, key: { type: 'string' }, out: { type: 'string' } });
      const { pull } = await import('./sync.js');
      await pull(required(values.server, '--server URL'), required(values.key, '--key FILE'), required(values.out, '--out FILE'), note);
      return;
    }
    case 'purge': {
      const { values } = args(rest, { server: { type: 'string' }, key: { type: 'string' }, in: { type: 'string' } });
      const { purge } = await import('./sync.js');
      await purge(required(values.server, '--server URL'), required(values.key, '--key FILE'), required(values.in, '--in FILE'), note);
      return;
    }
    case 'anonymise': {
      const { values, positionals } = args(rest, { terms: { type: 'string' }, locale: { type: 'string' }, flags: { type: 'boolean' } });
      if (positionals.length > 0) throw new CliError('anonymise reads standard input and takes no file; see `parole help`');
      const { anonymiseStream } = await import('./anonymise.js');
      await anonymiseStream(values, process.stdin, (t) => process.stdout.write(t), note);
      return;
    }
    case 'workspace': {
      const { values } = args(rest, { out: { type: 'string' } });
      const { writeWorkspace } = await import('./workspace.js');
      writeWorkspace(required(values.out, '--out FILE'), print);
      return;
    }
    case 'campaign': {
      const [action, ...more] = rest;
      const { campaignCommand } = await import('./campaign.js');
      await campaignCommand(action, more, print, note);
      return;
    }
    case 'tract': {
      const { tractCommand } = await import('./tract.js');
      await tractCommand(rest, print, note, withDb);
      return;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      print(USAGE);
      return;
    default:
      throw new CliError(`unknown command ${JSON.stringify(command).slice(0, 40)}; see \`parole help\``);
  }
}

// Files the CLI and the server create (database, exports, key files) are for their owner only.
process.umask(0o077);
// A reader that stops early (`| head`) is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
});

try {
  await run(process.argv.slice(2));
} catch (err) {
  if (err instanceof UserError) {
    note(`parole: ${err.message}`);
  } else if (process.env.PAROLE_DEBUG) {
    note(String((err as Error)?.stack ?? err));
  } else {
    note(`parole: unexpected error (${(err as Error)?.message?.split('\n')[0] ?? 'unknown'}); set PAROLE_DEBUG=1 for details`);
  }
  process.exitCode = 1;
}
