/**
 * `parole tract` on a real migrated libSQL file, called in-process through `tractCommand` with
 * the same database opener the CLI passes (withDb), and the files it writes read back: both QR
 * codes decoded by an independent reader.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePublicKey, fingerprint, generateKey } from '../../crypto/index.js';
import { createDb, migrateDb, type Db } from '../../server/db/client.js';
import { campaigns } from '../../server/db/schema.js';
import { tractCommand, type WithDb } from '../../server/cli/tract.js';
import { UserError } from '../../server/user-error.js';
import { addKey, removeKey } from '../../server/store.js';
import { fingerprintWords, qrSvg, tractLink } from '../../web/tract/index.js';
import { suiteFolder } from '../helpers/cli.js';
import { readQrPng, readQrSvg } from '../tract/qr-reader.js';

const { root, dir } = suiteFolder('parole-tract-');
const SERVER = 'https://parole.example.org';
const DAY = '2025-03-14';
const EMPTY_KEYRING = 'the keyring is empty: add a delegate key with `npx parole keyring add FILE`';
const FILES = (slug: string) => [`${slug}-qr.svg`, `${slug}-qr.png`, `${slug}-flyer-a4.html`, `${slug}-flyer-a5.html`];

interface Opener {
  withDb: WithDb;
  opened: number;
}

function opener(url: string): Opener {
  const o: Opener = {
    opened: 0,
    withDb: async (work) => {
      o.opened++;
      const database = await createDb(url);
      try {
        return await work(database.db);
      } finally {
        await database.close();
      }
    },
  };
  return o;
}

async function freshDb(name: string, setup: (db: Db) => Promise<void>): Promise<Opener> {
  const url = `file:${join(dir('db'), `${name}.db`)}`;
  const database = await createDb(url);
  try {
    await migrateDb(database.db);
    await setup(database.db);
  } finally {
    await database.close();
  }
  return opener(url);
}

interface Result {
  stdout: string[];
  stderr: string[];
  error?: string;
}

async function tract(db: Opener, argv: string[]): Promise<Result> {
  const result: Result = { stdout: [], stderr: [] };
  try {
    await tractCommand(argv, (line) => result.stdout.push(line), (line) => result.stderr.push(line), db.withDb);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    result.error = err.message;
  }
  return result;
}

const keys = [generateKey(), generateKey(), generateKey()];
const [alice, bob, carole] = keys.map((k) => ({ publicKey: encodePublicKey(k), fingerprint: fingerprint(k) }));
let db: Opener;
let emptyKeyring: Opener;

beforeAll(async () => {
  const hostile = '<script>alert(1)</script>';
  db = await freshDb('main', async (d) => {
    await d.insert(campaigns).values([
      {
        slug: 'temoignages',
        titleFr: 'Témoignez, anonymement',
        titleEn: 'Tell us, anonymously',
        introFr: 'Racontez ce que vous vivez au travail.',
        introEn: 'Tell us about work.',
      },
      { slug: 'hostile', titleFr: hostile, titleEn: '', introFr: hostile, introEn: '' },
    ]);
    await addKey(d, alice.publicKey, 'Alice', DAY);
    await addKey(d, bob.publicKey, '', DAY);
    await addKey(d, carole.publicKey, 'Carole', DAY);
    await removeKey(d, carole.fingerprint, DAY);
  });
  emptyKeyring = await freshDb('empty', async (d) => {
    await d.insert(campaigns).values({ slug: 'temoignages', titleFr: 'T', titleEn: '', introFr: 'I', introEn: '' });
  });
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('parole tract', () => {
  it('writes the QR codes and both flyers, pinned to the active keys, and prints the link and the words', async () => {
    const out = join(root, 'kit', 'nested');
    const run = await tract(db, ['--campaign', 'temoignages', '--server', SERVER, '--out', out]);
    expect(run.error).toBeUndefined();
    const active = [alice, bob].sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1));
    // The keyring lists keys in id order, and a fingerprint begins with the id.
    const link = tractLink(SERVER, 'temoignages', active.map((k) => k.fingerprint));
    expect(link).not.toContain(carole.fingerprint.replace(/-/g, ''));
    const label = (k: typeof alice) => (k === alice ? '  Alice' : '');
    expect(run.stdout).toEqual([link, ...active.map((k) => `${k.fingerprint}  ${fingerprintWords(k.fingerprint).join(' ')}${label(k)}`)]);
    expect(run.stderr).toEqual([`wrote ${FILES('temoignages').join(', ')} in ${out}`]);

    expect(readdirSync(out).sort()).toEqual([...FILES('temoignages')].sort());
    const svg = readFileSync(join(out, 'temoignages-qr.svg'), 'utf8');
    expect(svg).toBe(qrSvg(link));
    expect(readQrSvg(svg)).toBe(link);
    const png = readFileSync(join(out, 'temoignages-qr.png'));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(readQrPng(png)).toBe(link);
    for (const size of ['A4', 'A5']) {
      const html = readFileSync(join(out, `temoignages-flyer-${size.toLowerCase()}.html`), 'utf8');
      expect(html).toContain(`@page { size: ${size};`);
      expect(html).toContain('<html lang="fr">');
      expect(html).toContain('<h1>Témoignez, anonymement</h1>');
      expect(html.replaceAll('<wbr>', '')).toContain(`<p class="link">${link}</p>`);
      for (const k of active) expect(html).toContain(fingerprintWords(k.fingerprint).join(' '));
      expect(html).not.toContain(carole.fingerprint);
    }
  });

  it('writes English flyers with --locale en, and escapes a hostile campaign', async () => {
    const out = dir('english');
    expect((await tract(db, ['--campaign', 'temoignages', '--server', SERVER, '--out', out, '--locale', 'en'])).error).toBeUndefined();
    const html = readFileSync(join(out, 'temoignages-flyer-a4.html'), 'utf8');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h1>Tell us, anonymously</h1>');

    expect((await tract(db, ['--campaign', 'hostile', '--server', 'http://localhost:8080', '--out', out])).error).toBeUndefined();
    const hostile = readFileSync(join(out, 'hostile-flyer-a5.html'), 'utf8');
    expect(hostile).not.toContain('<script');
    expect(hostile).toContain('&#60;script&#62;');
  });

  it('refuses to overwrite any file, and then writes nothing', async () => {
    const out = dir('existing');
    writeFileSync(join(out, 'temoignages-flyer-a5.html'), 'mine');
    const run = await tract(db, ['--campaign', 'temoignages', '--server', SERVER, '--out', out]);
    expect(run.error).toBe(`${join(out, 'temoignages-flyer-a5.html')} already exists: choose another name or move it away`);
    expect(readdirSync(out)).toEqual(['temoignages-flyer-a5.html']);
    expect(readFileSync(join(out, 'temoignages-flyer-a5.html'), 'utf8')).toBe('mine');
    expect(run.stdout).toEqual([]);
  });

  it('refuses an --out that is a file', async () => {
    const file = join(dir('file-out'), 'not-a-folder');
    writeFileSync(file, '');
    const run = await tract(db, ['--campaign', 'temoignages', '--server', SERVER, '--out', file]);
    expect(run.error).toBe(`cannot write ${file}`);
  });

  it('refuses an unknown campaign and an empty keyring, before creating anything', async () => {
    const out = join(root, 'never');
    const unknown = await tract(db, ['--campaign', 'absente', '--server', SERVER, '--out', out]);
    expect(unknown.error).toBe('no campaign has this slug');
    const empty = await tract(emptyKeyring, ['--campaign', 'temoignages', '--server', SERVER, '--out', out]);
    expect(empty.error).toBe(EMPTY_KEYRING);
    expect(existsSync(out)).toBe(false);
  });

  it.each<[string, string[], string]>([
    ['no --campaign', ['--server', SERVER, '--out', 'x'], 'missing --campaign SLUG; see `parole help`'],
    ['no --server', ['--campaign', 'temoignages', '--out', 'x'], 'missing --server URL; see `parole help`'],
    ['no --out', ['--campaign', 'temoignages', '--server', SERVER], 'missing --out DIR; see `parole help`'],
    ['a bad locale', ['--campaign', 'temoignages', '--server', SERVER, '--out', 'x', '--locale', 'de'], '--locale takes fr or en'],
    ['a slug no campaign could have', ['--campaign', '../../etc', '--server', SERVER, '--out', 'x'], 'no campaign has this slug'],
    [
      'plain http to another machine',
      ['--campaign', 'temoignages', '--server', 'http://parole.example.org', '--out', 'x'],
      'the server address must start with https:// (http:// only for this machine or a .onion)',
    ],
    [
      'a server address with a path',
      ['--campaign', 'temoignages', '--server', SERVER + '/c/temoignages', '--out', 'x'],
      'give the server address alone, such as https://parole.example.org',
    ],
    ['an unknown option', ['--campaign', 'temoignages', '--server', SERVER, '--out', 'x', '--force'], /^Unknown option '--force'.*; see `parole help`$/.source],
    ['a positional', ['temoignages', '--server', SERVER, '--out', 'x'], /^Unexpected argument 'temoignages'.*; see `parole help`$/.source],
  ])('refuses %s without opening the database', async (_, argv, message) => {
    const spy = opener('file:/nonexistent/never.db');
    const run = await tract(spy, argv);
    if (message.startsWith('^')) expect(run.error).toMatch(new RegExp(message));
    else expect(run.error).toBe(message);
    expect(spy.opened).toBe(0);
  });

  it('checks every output file before opening the database', async () => {
    const out = dir('checked-first');
    writeFileSync(join(out, 'temoignages-qr.png'), '');
    const spy = opener('file:/nonexistent/never.db');
    const run = await tract(spy, ['--campaign', 'temoignages', '--server', SERVER, '--out', out]);
    expect(run.error).toMatch(/temoignages-qr\.png already exists/);
    expect(spy.opened).toBe(0);
    expect(readdirSync(out)).toEqual(['temoignages-qr.png']);
  });
});
