/**
 * The privacy regression suite: requests carry recognisable planted values, then every place
 * the server wrote is searched for them: each table, the raw bytes of the database and its
 * WAL, every other file in the data folder, and everything the process printed.
 */
import { createClient } from '@libsql/client';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeFor, fetchKeyring, postEnvelope } from '../helpers/envelopes.js';
import { spawnServer, type ServerProcess } from '../helpers/server.js';

const MARKERS = {
  forwardedFor: '203.0.113.77',
  realIp: '203.0.113.78',
  forwarded: '203.0.113.79',
  userAgent: 'ParoleCanaryAgent/9.7 (marker-ua-5f2c)',
  cookie: 'marker-cookie-8d1e',
  referer: 'marker-ref-3b9a',
  query: 'marker-query-c41d',
  plaintext: 'texte-canari-9e4f',
};
const PLANTED_HEADERS = {
  'X-Forwarded-For': `${MARKERS.forwardedFor}, 203.0.113.80`,
  'X-Real-IP': MARKERS.realIp,
  Forwarded: `for=${MARKERS.forwarded};proto=https`,
  'User-Agent': MARKERS.userAgent,
  Cookie: `session=${MARKERS.cookie}`,
  Referer: `https://tracker.example/${MARKERS.referer}`,
};
const QUERY = `?utm_source=${MARKERS.query}&uid=${MARKERS.query}`;
const needles = [...Object.values(MARKERS), '203.0.113.'];

let dir: string;
let server: ServerProcess;
let output = '';
let url: string;

/** Every byte the server left in its data folder, read as Latin-1 and as UTF-16 so no encoding hides a marker. */
function dataFolderText(): { file: string; text: string }[] {
  return readdirSync(dir).map((file) => {
    const bytes = readFileSync(join(dir, file));
    return { file, text: bytes.toString('latin1') + '\n' + bytes.toString('utf16le') };
  });
}

async function everyTableAsText(): Promise<string> {
  const client = createClient({ url: `file:${join(dir, 'parole.db')}` });
  try {
    const tables = await client.execute("SELECT name FROM sqlite_master WHERE type = 'table'");
    let text = '';
    for (const { name } of tables.rows) {
      const rows = await client.execute(`SELECT * FROM "${String(name)}"`);
      text += JSON.stringify(rows.rows, (_k, v) => (v instanceof ArrayBuffer ? Buffer.from(v).toString('latin1') : v));
    }
    return text;
  } finally {
    client.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parole-privacy-'));
  server = await spawnServer(dir);
  url = server.url;
  const keyring = await fetchKeyring(url);
  const get = (path: string) => fetch(`${url}${path}`, { headers: PLANTED_HEADERS, redirect: 'manual' });
  for (const path of ['/', '/c/temoignages', '/transparency', '/assets/app.js', '/api/campaigns/temoignages', '/api/transparency', `/${MARKERS.query}`]) {
    expect((await get(path + QUERY)).status).toBeLessThan(500);
  }
  for (let i = 0; i < 5; i++) {
    const res = await postEnvelope(url, envelopeFor(keyring, `${MARKERS.plaintext} n°${i}`), 'temoignages', PLANTED_HEADERS);
    expect(res.status).toBe(201);
  }
  const refused = await fetch(`${url}/api/campaigns/temoignages/submissions${QUERY}`, {
    method: 'POST',
    headers: { ...PLANTED_HEADERS, 'Content-Type': 'application/octet-stream' },
    body: new TextEncoder().encode(MARKERS.plaintext.repeat(100)),
  });
  expect(refused.status).toBe(400);
  await server.stop();
  output = server.output();
});

afterAll(() => server?.stop());

describe('planted values appear nowhere the server wrote', () => {
  it('the search can see what the server does store (control)', async () => {
    expect(await everyTableAsText()).toContain('temoignages');
    expect(dataFolderText().some(({ text }) => text.includes('temoignages'))).toBe(true);
    expect(output).toContain('parole listening on');
  });

  it('holds five rows and nothing else per submission', async () => {
    const client = createClient({ url: `file:${join(dir, 'parole.db')}` });
    const rows = (await client.execute('SELECT * FROM submissions')).rows;
    client.close();
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(['campaign', 'day', 'envelope', 'id']);
  });

  it.each(needles)('%s is in no table', async (needle) => {
    expect(await everyTableAsText()).not.toContain(needle);
  });

  it.each(needles)('%s is in no file of the data folder (database, WAL, keys)', (needle) => {
    const files = dataFolderText();
    expect(files.map((f) => f.file)).toEqual(expect.arrayContaining(['parole.db']));
    for (const { file, text } of files) expect({ file, found: text.includes(needle) }).toEqual({ file, found: false });
  });

  it.each(needles)('%s is not in the server output', (needle) => {
    expect(output).not.toContain(needle);
  });

  it('prints counts by route pattern only, and no time finer than the day', () => {
    const counts = output.split('\n').filter((l) => l.startsWith('requests on'));
    expect(counts).toHaveLength(1);
    expect(counts[0]).toMatch(/^requests on \d{4}-\d{2}-\d{2}: /);
    expect(counts[0]).toContain('POST /api/campaigns/:slug/submissions 201 x5');
    expect(output).not.toMatch(/\d{2}:\d{2}:\d{2}/);
  });
});

describe('the server code never reads the peer or identifying headers', () => {
  const sources = (folder: string): string[] =>
    readdirSync(folder, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(folder, f));

  it.each(sources('server'))('%s', (file) => {
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(code).not.toMatch(/getConnInfo|remoteAddress|socket|x-forwarded-for|x-real-ip|user-agent|referer|cookie\(|hono\/logger/i);
  });
});
