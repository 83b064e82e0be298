/**
 * The CLI as a delegate or operator runs it: `node bin/parole.js …` in a child process, with
 * a clean environment, one temporary directory (a folder per suite) and no terminal on stdin.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_WORKSPACE, writeWorkspace } from '../../server/cli/workspace.js';
import {
  concat,
  createKeyFile,
  decodePublicKey,
  encodePublicKey,
  encodeTestimony,
  fingerprint,
  fromBase64,
  fromHex,
  generateKey,
  keyId,
  openKeyFile,
  PUBLIC_KEY_PREFIX,
  sealEnvelope,
  toBase64,
  toBase64Url,
  type KeyFile,
  type Locale,
} from '../../crypto/index.js';
import { createDb, migrateDb } from '../../server/db/client.js';
import { ensureDefaultCampaign, insertSubmission } from '../../server/store.js';
import { launchCli, NETWORK_ATTEMPTED, OFFLINE, suiteFolder, type Launched, type LaunchOptions, type Run } from '../helpers/cli.js';

const PASSPHRASE = 'correct horse battery staple';
// The lowest cost the key file format accepts: these files only need to open quickly.
const FAST_KDF = { memoryKiB: 8192, iterations: 1, parallelism: 1 };
const CAMPAIGN = 'temoignages';
const DAY = '2025-03-14';
const EXPORT_HEADER = '{"parole":"export","version":1}';
const KEY_FILE_NOTE = 'Keep the key file and its passphrase apart; give the operator the public key only.';
const KEYRING_ADD_NOTE = 'The label is public: the submission page shows it beside the fingerprint.';
const EMPTY_KEYRING = 'the keyring is empty: add a delegate key with `npx parole keyring add FILE`';

const { root, dir } = suiteFolder('parole-cli-');

function launch(args: string[], env: Record<string, string> = {}, options: LaunchOptions = {}): Launched {
  return launchCli(root, args, env, { timeoutMs: 30_000, ...options });
}

function parole(args: string[], env: Record<string, string> = {}, options: LaunchOptions = {}): Promise<Run> {
  return launch(args, env, options).done;
}

/** The CLI's promise for every failure: one `parole: ` line on stderr, exit code 1, no stack. */
function expectFailure(run: Run, message: string | RegExp): void {
  expect(run.stderr).not.toContain('    at ');
  expect(run.stderr.endsWith('\n')).toBe(true);
  const lines = run.stderr.slice(0, -1).split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0].startsWith('parole: ')).toBe(true);
  if (typeof message === 'string') expect(lines[0]).toBe(`parole: ${message}`);
  else expect(lines[0]).toMatch(message);
  expect(run.stdout).toBe('');
  expect(run.code).toBe(1);
}

function lines(text: string): string[] {
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n');
}

interface Delegate {
  file: KeyFile;
  path: string;
  id: string;
  fingerprint: string;
}

async function delegate(name: string, label: string): Promise<Delegate> {
  const key = generateKey();
  const file = await createKeyFile(key, PASSPHRASE, label, FAST_KDF);
  const path = join(dir('keys'), `${name}.key.json`);
  writeFileSync(path, JSON.stringify(file, null, 2) + '\n', { mode: 0o600 });
  return { file, path, id: keyId(key), fingerprint: fingerprint(key) };
}

interface Planted {
  locale: Locale;
  text: string;
  envelope: string;
}

function plant(locale: Locale, text: string, recipients: Delegate[]): Planted {
  const payload = encodeTestimony({ campaign: CAMPAIGN, locale, text });
  const envelope = sealEnvelope(payload, recipients.map((r) => decodePublicKey(r.file.publicKey)));
  return { locale, text, envelope: toBase64(envelope) };
}

function writeExport(path: string, envelopes: string[]): void {
  const body = envelopes.map((envelope, i) => JSON.stringify({ id: i + 1, campaign: CAMPAIGN, day: DAY, envelope }) + '\n');
  writeFileSync(path, EXPORT_HEADER + '\n' + body.join(''));
}

let alice: Delegate;
let bob: Delegate;
let carole: Delegate;

// Fixture files for the error table; written in beforeAll, named here so the table can list them.
const fixtures = {
  missing: join(root, 'fixtures', 'missing.json'),
  notJson: join(root, 'fixtures', 'not-json.key.json'),
  notKeyFile: join(root, 'fixtures', 'not-a-key-file.json'),
  wrongFingerprint: join(root, 'fixtures', 'wrong-fingerprint.key.json'),
  noHeader: join(root, 'fixtures', 'no-header.ndjson'),
  empty: join(root, 'fixtures', 'empty.ndjson'),
  onlyForBob: join(root, 'fixtures', 'only-for-bob.ndjson'),
};

beforeAll(async () => {
  [alice, bob, carole] = await Promise.all([
    delegate('alice', 'Alice'),
    delegate('bob', 'Bob'),
    delegate('carole', 'Carole'),
  ]);
  dir('fixtures');
  writeFileSync(fixtures.notJson, 'parole-pk1: this is not JSON\n');
  writeFileSync(fixtures.notKeyFile, JSON.stringify({ parole: 'export', version: 1 }));
  writeFileSync(fixtures.wrongFingerprint, JSON.stringify({ ...alice.file, fingerprint: bob.fingerprint }));
  writeFileSync(fixtures.noHeader, JSON.stringify({ id: 1, campaign: CAMPAIGN, day: DAY, envelope: 'AAAA' }) + '\n');
  writeFileSync(fixtures.empty, '');
  writeExport(fixtures.onlyForBob, [plant('fr', 'un', [bob]).envelope, plant('fr', 'deux', [bob]).envelope]);
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('help', () => {
  it.concurrent.each(['help', ''])('parole %j prints the usage and exits 0', async (command) => {
    const run = await parole(command ? [command] : []);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.startsWith('Parole: collect testimonies without learning who wrote them.\n\nUsage:\n')).toBe(true);
    for (const usage of [
      /^ {2}parole keygen --out FILE \[--label NAME\]/m,
      /^ {2}parole keyring add FILE\|PUBLIC_KEY \[--label NAME\]$/m,
      /^ {2}parole keyring list$/m,
      /^ {2}parole keyring remove ID\|FINGERPRINT$/m,
      /^ {2}parole serve /m,
      /^ {2}parole export --out FILE /m,
      /^ {2}parole decrypt --key FILE --in EXPORT \[--format jsonl\|csv\]$/m,
      /^ {2}parole pull --server URL --key FILE --out FILE /m,
      /^ {2}parole purge --server URL --key FILE --in FILE /m,
      /^ {2}parole workspace --out FILE /m,
      /^ {2}parole anonymise \[--terms FILE\] \[--locale fr\|en\] \[--flags\] /m,
      /^ {2}parole campaign template /m,
      /^ {2}parole campaign create\|edit --file DEF\.json --server URL --key FILE$/m,
      /^ {2}parole tract --campaign SLUG --server URL --out DIR \[--locale fr\|en\] /m,
    ]) {
      expect(run.stdout).toMatch(usage);
    }
    expect(run.stdout).toContain('PAROLE_PASSPHRASE');
  });
});

describe('workspace', () => {
  it('writes the built workspace and prints its SHA-256, which matches the copy', async () => {
    const out = join(root, 'espace.html');
    const run = await parole(['workspace', '--out', out]);
    expect(run.code).toBe(0);
    const written = readFileSync(out);
    expect(written.equals(readFileSync(BUILT_WORKSPACE))).toBe(true);
    expect(run.stdout).toBe(`${createHash('sha256').update(written).digest('hex')}  ${out}\n`);
  });

  it('refuses to overwrite a file and leaves it unchanged', async () => {
    const out = join(root, 'existing.html');
    writeFileSync(out, 'mine');
    const run = await parole(['workspace', '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/already exists/);
    expect(readFileSync(out, 'utf8')).toBe('mine');
  });

  it('says how to build it when it is not built', () => {
    expect(() => writeWorkspace(join(root, 'never.html'), () => {}, join(root, 'missing.html'))).toThrow('run `npm run build` first');
    expect(existsSync(join(root, 'never.html'))).toBe(false);
  });
});

describe('keygen', () => {
  const folder = join(root, 'keygen');
  const out = join(folder, 'alice.key.json');
  let first: Run;

  // The one key file made at the default Argon2id cost: every other case here fails, or reads this file.
  beforeAll(async () => {
    mkdirSync(folder, { recursive: true });
    first = await parole(['keygen', '--out', out, '--label', 'Alice Martin'], { PAROLE_PASSPHRASE: PASSPHRASE });
  });

  it('writes a 0600 key file and prints its public key and fingerprint', async () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const file = JSON.parse(readFileSync(out, 'utf8')) as KeyFile;
    expect(file.parole).toBe('key-file');
    expect(file.version).toBe(1);
    expect(file.label).toBe('Alice Martin');
    expect(file.kdf.name).toBe('argon2id');

    const [written, publicKey, fp, advice, ...rest] = lines(first.stdout);
    expect(rest).toEqual([]);
    expect(written).toBe(`key file written: ${out}`);
    expect(publicKey).toMatch(/^public key: {2}parole-pk1:[A-Za-z0-9_-]{86}$/);
    expect(fp).toMatch(/^fingerprint: [0-9A-F]{4}(-[0-9A-F]{4}){4}$/);
    expect(advice).toBe(KEY_FILE_NOTE);
    expect(publicKey).toBe(`public key:  ${file.publicKey}`);
    expect(fp).toBe(`fingerprint: ${file.fingerprint}`);
    expect(fingerprint(decodePublicKey(file.publicKey))).toBe(file.fingerprint);
    expect(readdirSync(folder)).toEqual(['alice.key.json']);
  });

  it('writes a file that the passphrase opens', async () => {
    const file = JSON.parse(readFileSync(out, 'utf8')) as KeyFile;
    const key = await openKeyFile(file, PASSPHRASE);
    expect(encodePublicKey(key)).toBe(file.publicKey);
  });

  it('refuses to overwrite an existing file and leaves it unchanged', async () => {
    const before = readFileSync(out);
    const run = await parole(['keygen', '--out', out, '--label', 'Mallory'], { PAROLE_PASSPHRASE: 'another long passphrase' });
    expectFailure(run, `${out} already exists: choose another name or move it away`);
    expect(readFileSync(out).equals(before)).toBe(true);
    expect(readdirSync(folder)).toEqual(['alice.key.json']);
  });

  it.concurrent.each([
    ['seven77', 'a short passphrase'],
    ['', 'an empty passphrase'],
  ])('refuses %j (%s) and writes nothing', async (secret) => {
    const target = join(folder, `short-${secret.length}.key.json`);
    const run = await parole(['keygen', '--out', target], { PAROLE_PASSPHRASE: secret });
    expectFailure(run, 'the passphrase must have at least 8 characters');
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(folder).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('without PAROLE_PASSPHRASE and no terminal, says how to give one', async () => {
    const target = join(folder, 'no-passphrase.key.json');
    const run = await parole(['keygen', '--out', target]);
    expectFailure(run, 'no passphrase: set PAROLE_PASSPHRASE or run in a terminal');
    expect(existsSync(target)).toBe(false);
  });
});

describe('keyring', () => {
  // Sequential on purpose: each step reads the keyring the previous one left.
  const dataDir = join(root, 'keyring-data');
  const env = () => ({ PAROLE_DATA_DIR: dataDir });
  const keyring = (...argv: string[]) => parole(['keyring', ...argv], env());

  it('starts empty, in parole.db under PAROLE_DATA_DIR', async () => {
    const run = await keyring('list');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${EMPTY_KEYRING}\n`);
    expect(existsSync(join(dataDir, 'parole.db'))).toBe(true);
  });

  it('adds a key file, with the label from the file', async () => {
    const run = await keyring('add', alice.path);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`added ${alice.id}  ${alice.fingerprint}  Alice\n${KEYRING_ADD_NOTE}\n`);
  });

  it('adds a public key given on the command line, with --label', async () => {
    const run = await keyring('add', bob.file.publicKey, '--label', 'Bob (CGT)');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`added ${bob.id}  ${bob.fingerprint}  Bob (CGT)\n${KEYRING_ADD_NOTE}\n`);
  });

  it('lets --label override the label of a key file', async () => {
    const run = await keyring('add', carole.path, '--label', 'Carole D.');
    expect(run.code).toBe(0);
    expect(lines(run.stdout)[0]).toBe(`added ${carole.id}  ${carole.fingerprint}  Carole D.`);
  });

  it('lists id, fingerprint and label, in id order', async () => {
    const run = await keyring('list');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const expected = [
      { d: alice, label: 'Alice' },
      { d: bob, label: 'Bob (CGT)' },
      { d: carole, label: 'Carole D.' },
    ]
      .sort((a, b) => a.d.id.localeCompare(b.d.id))
      .map(({ d, label }) => `${d.id}  ${d.fingerprint}  ${label}`);
    expect(lines(run.stdout)).toEqual(expected);
  });

  it('refuses the same key twice, as a file or as a public key', async () => {
    const runs = await Promise.all([keyring('add', alice.file.publicKey), keyring('add', bob.path)]);
    for (const run of runs) expectFailure(run, 'this key is already in the keyring');
  });

  it('refuses garbage', async () => {
    const cases: [string, string][] = [
      ['parole-pk1:not-a-key', 'not a Parole public key'],
      ['hello', 'cannot read key file hello'],
      [fixtures.notKeyFile, `${fixtures.notKeyFile} is not a Parole key file (not a key file)`],
      [fixtures.wrongFingerprint, `${fixtures.wrongFingerprint} is not a Parole key file (invalid key file)`],
    ];
    const runs = await Promise.all(cases.map(([arg]) => keyring('add', arg)));
    runs.forEach((run, i) => expectFailure(run, cases[i][1]));
  });

  it('refuses a public key whose X25519 half is a low-order point', async () => {
    // Anything sealed to one of these opens for anyone; the Ed25519 half is Alice's, and valid.
    const lowOrder = [
      '0000000000000000000000000000000000000000000000000000000000000000',
      '0100000000000000000000000000000000000000000000000000000000000000',
      'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800',
    ];
    const sign = decodePublicKey(alice.file.publicKey).sign;
    const runs = await Promise.all(
      lowOrder.map((point) => keyring('add', PUBLIC_KEY_PREFIX + toBase64Url(concat(fromHex(point), sign)))),
    );
    for (const run of runs) expectFailure(run, 'not a Parole public key');
  });

  it('refuses a fingerprint that begins with a key id but ends otherwise', async () => {
    const forged = `${alice.fingerprint.slice(0, 20)}${alice.fingerprint.endsWith('0000') ? '1111' : '0000'}`;
    expectFailure(await keyring('remove', forged), 'no key in the keyring has this id or fingerprint');
  });

  it('removes a key by id', async () => {
    const run = await keyring('remove', alice.id);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`removed ${alice.id}  ${alice.fingerprint}  Alice: it receives no new testimonies\n`);
  });

  it('removes a key by dashed fingerprint', async () => {
    const run = await keyring('remove', bob.fingerprint);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`removed ${bob.id}  ${bob.fingerprint}  Bob (CGT): it receives no new testimonies\n`);
  });

  it('removes a key by fingerprint without dashes, in lower case', async () => {
    const run = await keyring('remove', carole.fingerprint.replace(/-/g, '').toLowerCase());
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`removed ${carole.id}  ${carole.fingerprint}  Carole D.: it receives no new testimonies\n`);
  });

  it('refuses to remove an unknown or already removed key', async () => {
    const runs = await Promise.all([alice.id, '0123456789abcdef'].map((arg) => keyring('remove', arg)));
    for (const run of runs) expectFailure(run, 'no key in the keyring has this id or fingerprint');
  });

  it('lists nothing once every key is removed', async () => {
    const run = await keyring('list');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${EMPTY_KEYRING}\n`);
  });

  it('takes back a removed key', async () => {
    expect((await keyring('add', alice.path, '--label', 'Alice again')).code).toBe(0);
    const run = await keyring('list');
    expect(run.stdout).toBe(`${alice.id}  ${alice.fingerprint}  Alice again\n`);
  });
});

describe('files the CLI creates are private, whatever umask it starts under', () => {
  // Launched under a permissive umask, so that only the CLI's own umask can make these private.
  const permissive = { shell: 'umask 022 && exec "$@"' };
  const folder = join(root, 'private');
  const listDataDir = join(folder, 'list-data');
  const exportDataDir = join(folder, 'export-data');
  const exportOut = join(folder, 'export.ndjson');
  const keyOut = join(folder, 'delegate.key.json');
  const mode = (path: string) => statSync(path).mode & 0o777;
  let runs: Run[];

  beforeAll(async () => {
    mkdirSync(folder, { recursive: true });
    runs = await Promise.all([
      parole(['keyring', 'list'], { PAROLE_DATA_DIR: listDataDir }, permissive),
      parole(['export', '--out', exportOut], { PAROLE_DATA_DIR: exportDataDir }, permissive),
      parole(['keygen', '--out', keyOut], { PAROLE_PASSPHRASE: PASSPHRASE }, permissive),
    ]);
  });

  it('runs each command successfully', () => {
    for (const run of runs) expect(run.code).toBe(0);
  });

  it.each([
    ['keyring list', listDataDir],
    ['export', exportDataDir],
  ])('%s makes a 0700 data folder whose database files are 0600', (_command, dataDir) => {
    expect(mode(dataDir)).toBe(0o700);
    const files = readdirSync(dataDir);
    expect(files).toContain('parole.db');
    for (const file of files) {
      expect(file).toMatch(/^parole\.db(-wal|-shm)?$/);
      expect(mode(join(dataDir, file)), file).toBe(0o600);
    }
  });

  it('writes a 0600 export and a 0600 key file', () => {
    expect(mode(exportOut)).toBe(0o600);
    expect(mode(keyOut)).toBe(0o600);
  });
});

describe('export and decrypt', () => {
  const dataDir = join(root, 'store');
  const outDir = join(root, 'export');
  const exportPath = join(outDir, 'export.ndjson');
  const env = { DATABASE_URL: `file:${join(dataDir, 'parole.db')}` };
  // Two testimonies for Alice, one only for Bob.
  let planted: Planted[];
  let exported: Run;
  /** The export's id for each planted testimony, found by its envelope. */
  let idOf: Map<Planted, number>;

  beforeAll(async () => {
    planted = [
      plant('fr', 'Le chef a dit "tais-toi", puis\nil est parti.', [alice]),
      plant('en', '=HYPERLINK("http://example.test")', [alice]),
      plant('fr', 'Réservé à Bob.', [bob]),
    ];
    const database = await createDb(env.DATABASE_URL);
    try {
      await migrateDb(database.db);
      await ensureDefaultCampaign(database.db);
      for (const p of planted) await insertSubmission(database.db, CAMPAIGN, fromBase64(p.envelope), DAY);
    } finally {
      await database.close();
    }
    mkdirSync(outDir, { recursive: true });
    exported = await parole(['export', '--out', exportPath], env);
    idOf = new Map();
    for (const line of readFileSync(exportPath, 'utf8').split('\n').slice(1, -1)) {
      const entry = JSON.parse(line);
      const match = planted.find((p) => p.envelope === entry.envelope);
      if (match) idOf.set(match, entry.id);
    }
  });

  const decrypt = (key: Delegate, input: string, ...more: string[]) =>
    parole(['decrypt', '--key', key.path, '--in', input, ...more], { PAROLE_PASSPHRASE: PASSPHRASE });

  const byId = (a: Planted, b: Planted) => idOf.get(a)! - idOf.get(b)!;

  function jsonl(rows: Planted[]): string {
    return rows
      .sort(byId)
      .map((p) => JSON.stringify({ id: idOf.get(p), campaign: CAMPAIGN, day: DAY, locale: p.locale, text: p.text }) + '\n')
      .join('');
  }

  it('writes a header line and one line per stored envelope', () => {
    expect(exported.stdout).toBe('');
    expect(exported.stderr).toBe(`exported 3 envelopes to ${exportPath}\n`);
    expect(exported.code).toBe(0);

    const [header, ...rows] = lines(readFileSync(exportPath, 'utf8'));
    expect(header).toBe(EXPORT_HEADER);
    expect(rows).toHaveLength(3);
    const entries = rows.map((row) => JSON.parse(row));
    for (const entry of entries) {
      expect(Object.keys(entry)).toEqual(['id', 'campaign', 'day', 'envelope']);
      expect(Number.isSafeInteger(entry.id) && entry.id > 0).toBe(true);
      expect(entry.campaign).toBe(CAMPAIGN);
      expect(entry.day).toBe(DAY);
      expect(entry.envelope).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    }
    expect(entries.map((e) => e.id)).toEqual(entries.map((e) => e.id).sort((a, b) => a - b));
    expect(entries.map((e) => e.envelope).sort()).toEqual(planted.map((p) => p.envelope).sort());
  });

  it('leaves only the export in its folder, readable by its owner alone', () => {
    expect(readdirSync(outDir)).toEqual(['export.ndjson']);
    expect(statSync(exportPath).mode & 0o777).toBe(0o600);
  });

  it('refuses an --out that exists, even its own database, and leaves it unchanged', async () => {
    const database = join(dataDir, 'parole.db');
    const targets = [database, exportPath];
    const before = targets.map((path) => readFileSync(path));
    // SQLite removes the database's -wal and -shm files when its last connection closes, and the
    // connection beforeAll opened in this process may be finalised at any moment: they are not the command's.
    const listing = (folder: string) =>
      readdirSync(folder)
        .filter((name) => !/-(wal|shm)$/.test(name))
        .sort();
    const folders = [dataDir, outDir].map(listing);
    const runs = await Promise.all(targets.map((out) => parole(['export', '--out', out], env)));
    runs.forEach((run, i) => expectFailure(run, `${targets[i]} already exists: choose another name or move it away`));
    targets.forEach((path, i) => expect(readFileSync(path).equals(before[i])).toBe(true));
    expect([dataDir, outDir].map(listing)).toEqual(folders);
  });

  it('exports an empty database as a header alone', async () => {
    const dataDir = join(root, 'empty-store');
    const out = join(root, 'empty-export.ndjson');
    const run = await parole(['export', '--out', out], { PAROLE_DATA_DIR: dataDir });
    expect(run.stderr).toBe(`exported 0 envelopes to ${out}\n`);
    expect(run.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(EXPORT_HEADER + '\n');
    expect(existsSync(join(dataDir, 'parole.db'))).toBe(true);
  });

  it('is not blocked by a partial file an interrupted run left behind', async () => {
    const out = join(root, 'interrupted.ndjson');
    writeFileSync(`${out}.partial`, 'left by a killed run');
    const run = await parole(['export', '--out', out], env);
    expect(run.code).toBe(0);
    expect(lines(readFileSync(out, 'utf8'))).toHaveLength(planted.length + 1);
  });

  it('decrypts, as JSON lines, exactly the testimonies for the key', async () => {
    const run = await decrypt(alice, exportPath);
    expect(run.stderr).toBe('decrypted 2; not for this key 1; damaged 0\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(jsonl(planted.slice(0, 2)));
  });

  it('decrypts for another key only what was sent to it', async () => {
    const run = await decrypt(bob, exportPath, '--format', 'jsonl');
    expect(run.stderr).toBe('decrypted 1; not for this key 2; damaged 0\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(jsonl([planted[2]]));
  });

  it('writes CSV with a BOM, RFC 4180 quoting and formulas defused', async () => {
    const run = await decrypt(alice, exportPath, '--format', 'csv');
    expect(run.stderr).toBe('decrypted 2; not for this key 1; damaged 0\n');
    expect(run.code).toBe(0);
    const cells = new Map<Planted, string>([
      [planted[0], `${idOf.get(planted[0])},temoignages,2025-03-14,fr,"Le chef a dit ""tais-toi"", puis\nil est parti.",\r\n`],
      [planted[1], `${idOf.get(planted[1])},temoignages,2025-03-14,en,"'=HYPERLINK(""http://example.test"")",\r\n`],
    ]);
    const body = planted.slice(0, 2).sort(byId).map((p) => cells.get(p)).join('');
    expect(run.stdout).toBe('\uFEFFid,campaign,day,locale,text,answers\r\n' + body);
  });

  it('replaces control characters but tab and line breaks in CSV, and keeps them escaped in JSON lines', async () => {
    const text = 'Il a crié \u001b[31mrouge\u001b[0m\u0007,\tpuis\u009b2J\u007f\r\nfin.';
    const shown = 'Il a crié \ufffd[31mrouge\ufffd[0m\ufffd,\tpuis\ufffd2J\ufffd\r\nfin.';
    const input = join(root, 'control-characters.ndjson');
    writeExport(input, [plant('fr', text, [alice]).envelope]);
    const [csv, json] = await Promise.all([decrypt(alice, input, '--format', 'csv'), decrypt(alice, input)]);

    expect(csv.stderr).toBe('decrypted 1; not for this key 0; damaged 0\n');
    expect(csv.code).toBe(0);
    expect(csv.stdout).toBe(`\uFEFFid,campaign,day,locale,text,answers\r\n1,${CAMPAIGN},${DAY},fr,"${shown}",\r\n`);

    expect(json.stderr).toBe('decrypted 1; not for this key 0; damaged 0\n');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ id: 1, campaign: CAMPAIGN, day: DAY, locale: 'fr', text });
    // Nothing a terminal would act on reaches it raw: no ESC, no BEL.
    for (const run of [csv, json]) expect(run.stdout).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/);
  });

  it('prints the answers sealed with a testimony, in JSON lines and as one CSV column', async () => {
    const answers = { site: 'Lyon', outils: ['teams', 'viva'] };
    const payload = encodeTestimony({ campaign: CAMPAIGN, locale: 'fr', text: 'Réponses.', answers });
    const input = join(root, 'answers.ndjson');
    writeExport(input, [toBase64(sealEnvelope(payload, [decodePublicKey(alice.file.publicKey)]))]);
    const [csv, json] = await Promise.all([decrypt(alice, input, '--format', 'csv'), decrypt(alice, input)]);
    expect(JSON.parse(json.stdout)).toEqual({ id: 1, campaign: CAMPAIGN, day: DAY, locale: 'fr', text: 'Réponses.', answers });
    expect(csv.stdout).toBe(`\uFEFFid,campaign,day,locale,text,answers\r\n1,${CAMPAIGN},${DAY},fr,Réponses.,"{""site"":""Lyon"",""outils"":[""teams"",""viva""]}"\r\n`);
  });

  it('counts a flipped byte as damaged and never prints that testimony', async () => {
    const damaged = join(root, 'damaged.ndjson');
    const [header, ...rows] = lines(readFileSync(exportPath, 'utf8'));
    const flipped = rows.map((row) => {
      const entry = JSON.parse(row);
      if (entry.id !== idOf.get(planted[0])) return row;
      const bytes = fromBase64(entry.envelope);
      bytes[bytes.length - 1] ^= 0x01;
      return JSON.stringify({ ...entry, envelope: toBase64(bytes) });
    });
    writeFileSync(damaged, [header, ...flipped].join('\n') + '\n');

    const run = await decrypt(alice, damaged);
    expect(run.stderr).toBe('decrypted 1; not for this key 1; damaged 1\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(jsonl([planted[1]]));
    expect(run.stdout).not.toContain('tais-toi');
  });

  it('counts a line whose id, day or campaign is missing or disagrees with the envelope as damaged', async () => {
    const damaged = join(root, 'damaged-fields.ndjson');
    const [header, ...rows] = lines(readFileSync(exportPath, 'utf8'));
    const alterations = [
      (e: Record<string, unknown>) => ({ ...e, id: undefined }),
      (e: Record<string, unknown>) => ({ ...e, day: undefined }),
    ];
    const altered = rows.map((row) => {
      const entry = JSON.parse(row);
      const which = [idOf.get(planted[0]), idOf.get(planted[1])].indexOf(entry.id);
      return which < 0 ? row : JSON.stringify(alterations[which](entry));
    });
    const moved = JSON.parse(rows.find((r) => JSON.parse(r).id === idOf.get(planted[0]))!);
    writeFileSync(damaged, [header, ...altered, JSON.stringify({ ...moved, campaign: 'autre' })].join('\n') + '\n');

    const run = await decrypt(alice, damaged);
    expect(run.stderr).toBe('decrypted 0; not for this key 1; damaged 3\n');
    expect(run.stdout).toBe('');
  });

  it('writes no CSV header when nothing is for the key', async () => {
    const run = await decrypt(carole, exportPath, '--format', 'csv');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
  });

  it('counts a changed wrap and a line that is not JSON as damaged', async () => {
    const damaged = join(root, 'damaged-wrap.ndjson');
    const [header, ...rows] = lines(readFileSync(exportPath, 'utf8'));
    const changed = rows.map((row) => {
      const entry = JSON.parse(row);
      if (entry.id !== idOf.get(planted[1])) return row;
      const bytes = fromBase64(entry.envelope);
      // Past the version, the count and the key id: inside the content key wrapped for Alice.
      bytes[2 + 8 + 5] ^= 0x80;
      return JSON.stringify({ ...entry, envelope: toBase64(bytes) });
    });
    writeFileSync(damaged, [header, ...changed, '{"id": 7, "envelope": "trunc'].join('\n') + '\n');

    const run = await decrypt(alice, damaged);
    expect(run.stderr).toBe('decrypted 1; not for this key 1; damaged 2\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(jsonl([planted[0]]));
    expect(run.stdout).not.toContain('HYPERLINK');
  });
});

describe('a reader that stops early', () => {
  const input = join(root, 'long-export.ndjson');
  const args = () => ['decrypt', '--key', alice.path, '--in', input];
  const env = { PAROLE_PASSPHRASE: PASSPHRASE };

  beforeAll(() => {
    // About 250 KB of JSON lines, well past a pipe's 64 KiB: the CLI is still writing when the reader leaves.
    const text = 'Témoignage long. '.repeat(45);
    writeExport(input, Array.from({ length: 300 }, (_, i) => plant('fr', `${i + 1}. ${text}`, [alice]).envelope));
  });

  function expectQuiet(stderr: string): void {
    expect(stderr).not.toMatch(/^ {4}at /m);
    expect(stderr).not.toContain('EPIPE');
    expect(stderr).not.toContain('parole: ');
  }

  it.concurrent('`decrypt | head -c 20` gets its 20 bytes and no stack trace', async () => {
    const run = await parole(args(), env, { shell: '"$@" | head -c 20' });
    expect(run.stdout).toBe(JSON.stringify({ id: 1, campaign: CAMPAIGN }).slice(0, 20));
    expectQuiet(run.stderr);
    expect(run.code).toBe(0);
  });

  it.concurrent('a stdout closed after the first chunk ends the run with exit code 0', async () => {
    const decrypting = launch(args(), env);
    decrypting.child.stdout!.once('data', () => decrypting.child.stdout!.destroy());
    const run = await decrypting.done;
    expect(run.stdout.startsWith('{"id":1,')).toBe(true);
    expectQuiet(run.stderr);
    expect(run.code).toBe(0);
  });
});

describe('errors: one line, exit code 1, no stack trace', () => {
  interface Failure {
    args: string[];
    env?: Record<string, string>;
    message: string | RegExp;
  }
  const decrypt = (key: string, input: string, ...more: string[]) => ['decrypt', '--key', key, '--in', input, ...more];
  const unwritable = join(root, 'nowhere', 'export.ndjson');

  // Functions, because the key files they name exist only once beforeAll has run.
  const failures: [string, () => Failure][] = [
    ['wrong passphrase', () => ({
      args: decrypt(alice.path, fixtures.onlyForBob),
      env: { PAROLE_PASSPHRASE: 'not the passphrase' },
      message: 'wrong passphrase for this key file',
    })],
    ['key file missing', () => ({
      args: decrypt(fixtures.missing, fixtures.onlyForBob),
      message: `cannot read key file ${fixtures.missing}`,
    })],
    ['key file not JSON', () => ({
      args: decrypt(fixtures.notJson, fixtures.onlyForBob),
      message: `${fixtures.notJson} is not a key file (not JSON)`,
    })],
    ['JSON that is not a key file', () => ({
      args: decrypt(fixtures.notKeyFile, fixtures.onlyForBob),
      message: `${fixtures.notKeyFile} is not a usable Parole key file (not a key file)`,
    })],
    ['export file missing', () => ({
      args: decrypt(alice.path, fixtures.missing),
      message: `cannot read export ${fixtures.missing}`,
    })],
    ['export without a header', () => ({
      args: decrypt(alice.path, fixtures.noHeader),
      message: `${fixtures.noHeader} is not a Parole export`,
    })],
    ['empty export', () => ({
      args: decrypt(alice.path, fixtures.empty),
      message: `${fixtures.empty} is empty, not a Parole export`,
    })],
    ['export with nothing for this key', () => ({
      args: decrypt(alice.path, fixtures.onlyForBob),
      message: `none of the 2 testimonies in this export is for key ${alice.fingerprint}`,
    })],
    ['--format xml', () => ({
      args: decrypt(alice.path, fixtures.onlyForBob, '--format', 'xml'),
      message: '--format takes jsonl or csv',
    })],
    ['unknown command', () => ({
      args: ['frobnicate'],
      message: 'unknown command "frobnicate"; see `parole help`',
    })],
    ['export without --out', () => ({
      args: ['export'],
      message: 'missing --out FILE; see `parole help`',
    })],
    ['unknown option', () => ({
      args: ['export', '--bogus'],
      message: /^parole: Unknown option '--bogus'.*; see `parole help`$/,
    })],
    ['export into a missing folder', () => ({
      args: ['export', '--out', unwritable],
      message: `cannot write ${unwritable}`,
    })],
    ['keyring with no action', () => ({
      args: ['keyring'],
      message: 'keyring takes add, list or remove; see `parole help`',
    })],
    ['DATABASE_URL with an unknown scheme', () => ({
      args: ['keyring', 'list'],
      env: { DATABASE_URL: 'mysql://db.example.test/parole' },
      message: 'DATABASE_URL must start with file:, libsql:, http(s): or ws(s):',
    })],
    ['a libSQL server that does not answer', () => ({
      args: ['keyring', 'list'],
      env: { DATABASE_URL: 'http://127.0.0.1:9' },
      message: /^parole: cannot open the database \(.+\)$/,
    })],
    ['PORT that is not a number', () => ({
      args: ['serve'],
      env: { PORT: 'eighty' },
      message: 'PORT must be a number from 0 to 65535',
    })],
  ];

  it.concurrent.each(failures)('%s', async (_name, failure) => {
    const { args, env, message } = failure();
    expectFailure(await parole(args, { PAROLE_PASSPHRASE: PASSPHRASE, ...env }), message);
  });
});

describe('serve', () => {
  const LISTENING = /^parole listening on (http:\/\/127\.0\.0\.1:\d+)$/m;
  const DEMO_BANNER = 'DEMO KEY, FOR TRYING ONLY.';
  let busy: Server;

  function builtWeb(name: string): string {
    const webDir = dir(name);
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Parole</title>\n');
    return webDir;
  }

  /** Starts `serve`, waits until it listens, then stops it as a service manager would. */
  async function serveUntilListening(env: Record<string, string>): Promise<Run> {
    const server = launch(['serve'], env);
    try {
      const [, url] = await server.stderrMatches(LISTENING);
      // The line comes a moment before the CLI handles SIGTERM: an answered request proves start-up is over.
      const page = await fetch(url);
      expect(page.status).toBe(200);
      await page.arrayBuffer();
    } finally {
      server.child.kill('SIGTERM');
    }
    return server.done;
  }

  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => busy.close(() => resolve()));
  });

  it('refuses to start when PAROLE_WEB_DIR has no built app', async () => {
    const run = await parole(['serve'], {
      PAROLE_WEB_DIR: dir('web-empty'),
      PORT: '0',
      DATABASE_URL: `file:${join(root, 'serve-unbuilt', 'parole.db')}`,
    });
    expectFailure(run, 'the web app is not built: run `npm run build` first');
  });

  it('exits with one line when the port is in use', async () => {
    const webDir = builtWeb('web-built');
    const { port } = busy.address() as AddressInfo;
    const run = await parole(['serve'], {
      PAROLE_WEB_DIR: webDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${join(root, 'serve-busy', 'parole.db')}`,
    });
    expectFailure(run, `cannot listen on 127.0.0.1:${port} (the port is in use)`);
  });

  it('on the embedded default database, fails on a busy port before making a demo key', async () => {
    const webDir = builtWeb('web-built-demo');
    const dataDir = dir('serve-busy-demo');
    const { port } = busy.address() as AddressInfo;
    const run = await parole(['serve'], { PAROLE_WEB_DIR: webDir, PORT: String(port), HOST: '127.0.0.1', PAROLE_DATA_DIR: dataDir });
    expectFailure(run, `cannot listen on 127.0.0.1:${port} (the port is in use)`);
    expect(existsSync(join(dataDir, 'demo-delegate.key.json'))).toBe(false);
  });

  it('on the embedded default database, makes a demo key once and never brings it back by itself', async () => {
    const dataDir = dir('serve-demo-once');
    const env = { PAROLE_WEB_DIR: builtWeb('web-demo-once'), PORT: '0', HOST: '127.0.0.1', PAROLE_DATA_DIR: dataDir };
    const demoFile = join(dataDir, 'demo-delegate.key.json');

    const first = await serveUntilListening(env);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(DEMO_BANNER);
    expect(first.stderr).toContain(`  ${demoFile}  (passphrase: demo)`);
    expect(first.stderr).not.toContain('NO DELEGATE KEY');
    expect(statSync(demoFile).mode & 0o777).toBe(0o600);
    const demoId = keyId(decodePublicKey((JSON.parse(readFileSync(demoFile, 'utf8')) as KeyFile).publicKey));
    expect(first.stderr).toContain(`npx parole keyring remove ${demoId}, then`);

    const removed = await parole(['keyring', 'remove', demoId], { PAROLE_DATA_DIR: dataDir });
    expect(removed.code).toBe(0);
    rmSync(demoFile);

    const second = await serveUntilListening(env);
    expect(second.code).toBe(0);
    expect(second.stderr).not.toContain(DEMO_BANNER);
    expect(second.stderr).not.toContain(demoId);
    expect(second.stderr).toMatch(/^.*NO DELEGATE KEY.*$/m);
    expect(existsSync(demoFile)).toBe(false);

    const listed = await parole(['keyring', 'list'], { PAROLE_DATA_DIR: dataDir });
    expect(listed.stdout).toBe(`${EMPTY_KEYRING}\n`);
  });

  it('exits with one line, and adds no key, when the demo key file cannot be written', async () => {
    const dataDir = dir('serve-demo-unwritable');
    // A folder where the demo key file would go: listening works, writing the file does not.
    mkdirSync(join(dataDir, 'demo-delegate.key.json'));
    const env = { PAROLE_WEB_DIR: builtWeb('web-demo-unwritable'), PORT: '0', HOST: '127.0.0.1', PAROLE_DATA_DIR: dataDir };
    const run = await parole(['serve'], env, { timeoutMs: 20_000 });
    expectFailure(run, `cannot write the demo key file in ${dataDir}`);

    const listed = await parole(['keyring', 'list'], { PAROLE_DATA_DIR: dataDir });
    expect(listed.stdout).toBe(`${EMPTY_KEYRING}\n`);
  });
});

describe('decrypt and keygen stay offline', () => {
  const folder = join(root, 'offline');
  const input = join(folder, 'export.ndjson');
  let planted: Planted[];

  beforeAll(() => {
    mkdirSync(folder, { recursive: true });
    planted = [plant('fr', 'Hors ligne.', [alice]), plant('en', 'For Bob only.', [bob]), plant('en', 'Offline too.', [alice, bob])];
    writeExport(input, planted.map((p) => p.envelope));
  });

  it.concurrent('decrypt prints exactly the testimonies for the key', async () => {
    const run = await parole(['decrypt', '--key', alice.path, '--in', input], { ...OFFLINE, PAROLE_PASSPHRASE: PASSPHRASE });
    expect(run.stderr).not.toContain(NETWORK_ATTEMPTED);
    expect(run.stderr).toBe('decrypted 2; not for this key 1; damaged 0\n');
    expect(run.code).toBe(0);
    const expected = [0, 2].map(
      (i) => JSON.stringify({ id: i + 1, campaign: CAMPAIGN, day: DAY, locale: planted[i].locale, text: planted[i].text }) + '\n',
    );
    expect(run.stdout).toBe(expected.join(''));
  });

  it.concurrent('keygen writes a key file', async () => {
    const out = join(folder, 'offline.key.json');
    const run = await parole(['keygen', '--out', out], { ...OFFLINE, PAROLE_PASSPHRASE: PASSPHRASE });
    expect(run.stderr).not.toContain(NETWORK_ATTEMPTED);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const file = JSON.parse(readFileSync(out, 'utf8')) as KeyFile;
    expect(lines(run.stdout)).toEqual([
      `key file written: ${out}`,
      `public key:  ${file.publicKey}`,
      `fingerprint: ${file.fingerprint}`,
      KEY_FILE_NOTE,
    ]);
  });

  it.concurrent('the same preload stops export to a libSQL server, and reports the attempt', async () => {
    const out = join(folder, 'remote.ndjson');
    const run = await parole(['export', '--out', out], { ...OFFLINE, DATABASE_URL: 'http://127.0.0.1:9' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(NETWORK_ATTEMPTED);
    expect(existsSync(out)).toBe(false);
  });
});
