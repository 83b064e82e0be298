/**
 * The privacy regression suite: requests carry recognisable planted values, then every place
 * the server wrote is searched for them: each table, the raw bytes of the database and its
 * WAL, every other file in the data folder, and everything the process printed.
 */
import { createClient } from '@libsql/client';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeFor, fetchKeyring, proofHeaders } from '../helpers/envelopes.js';
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
const PEER = '127.0.0.77';
const needles = [...Object.values(MARKERS), '203.0.113.', PEER];

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

/**
 * A request sent from a planted peer address: loopback answers on all of 127.0.0.0/8, so the
 * server sees 127.0.0.77 as the client's address, a value nothing legitimate would print.
 */
function requestFromPeer(path: string, init: { method?: string; headers?: Record<string, string>; body?: Uint8Array } = {}) {
  return new Promise<number>((resolve, reject) => {
    const req = request(`${url}${path}`, { method: init.method ?? 'GET', headers: init.headers, localAddress: PEER }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parole-privacy-'));
  server = await spawnServer(dir);
  url = server.url;
  const keyring = await fetchKeyring(url);
  for (const path of ['/', '/c/temoignages', '/transparency', '/assets/app.js', '/api/campaigns/temoignages', '/api/transparency', '/api/challenge', `/${MARKERS.query}`]) {
    expect(await requestFromPeer(path + QUERY, { headers: PLANTED_HEADERS })).toBeLessThan(500);
  }
  const post = async (body: Uint8Array) =>
    requestFromPeer(`/api/campaigns/temoignages/submissions${QUERY}`, {
      method: 'POST',
      headers: { ...PLANTED_HEADERS, 'Content-Type': 'application/octet-stream', ...(await proofHeaders(url)) },
      body,
    });
  for (let i = 0; i < 5; i++) expect(await post(envelopeFor(keyring, `${MARKERS.plaintext} n°${i}`))).toBe(201);
  expect(await post(new TextEncoder().encode(MARKERS.plaintext.repeat(100)))).toBe(400);
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

  it('prints its start-up lines and nothing for any request, even at shutdown', () => {
    const lines = output.trimEnd().split('\n');
    const startup = [/^!+$/, /^DEMO KEY/, /^  /, /^Its secret/, /^Before real use/, /^parole listening on http:\/\/127\.0\.0\.1:\d+$/, /^database: embedded file under /];
    expect(lines.filter((line) => !startup.some((pattern) => pattern.test(line)))).toEqual([]);
  });
});

describe('the server code never reads the peer or identifying headers', () => {
  const sources = (folder: string): string[] =>
    readdirSync(folder, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(folder, f));

  /** The code without its comments, as the TypeScript scanner reads it. */
  function codeOf(file: string): string {
    const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, readFileSync(file, 'utf8'));
    let code = '';
    for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
      code += scanner.getTokenText() + ' ';
    }
    return code;
  }

  // The one place a cookie header is named: where privacy.ts strips it from every response.
  const ALLOWED = ["c . res . headers . delete ( 'Set-Cookie' )"];
  const FORBIDDEN =
    /getConnInfo|conninfo|remoteAddress|remotePort|socket|incoming|\bc \. env\b|raw \. headers|forwarded|x-real-ip|connecting-ip|true-client-ip|user-agent|referer|cookie|hono\/logger/i;

  it.each(sources('server'))('%s', (file) => {
    let code = codeOf(file);
    for (const allowed of ALLOWED) code = code.replaceAll(allowed, '');
    expect(code).not.toMatch(FORBIDDEN);
    // A request header is read only to know the body's media type, and, where delegate
    // requests are checked, their signature.
    const readable = file === join('server', 'signed-requests.ts') ? ["'Content-Type'", "'Authorization'"] : ["'Content-Type'"];
    // Where envelopes are taken, the proof of work: a solved challenge, which says nothing of its sender.
    if (file === join('server', 'routes', 'campaigns.ts')) readable.push('PROOF_HEADER');
    // Where bodies are limited, their framing: how many bytes follow, and whether they come chunked.
    if (file === join('server', 'body-limit.ts')) readable.push("'Content-Length'", "'Transfer-Encoding'");
    for (const call of code.matchAll(/\. header \( ([^)]*)\)/g)) expect(readable).toContain(call[1].trim());
  });

  it('catches what it looks for (control)', () => {
    const probe = join(mkdtempSync(join(tmpdir(), 'parole-scan-')), 'probe.ts');
    const attempts = [
      "const ip = c.req.header('X-Forwarded-For'); // harmless comment",
      'const all = c.req.header();',
      "const url = 'http://example.test'; const peer = c.env.incoming.socket.remoteAddress;",
      'const h = c.req.raw.headers;',
    ];
    for (const attempt of attempts) {
      writeFileSync(probe, attempt);
      const code = codeOf(probe);
      const headerCalls = [...code.matchAll(/\. header \( ([^)]*)\)/g)].map((m) => m[1].trim());
      expect(FORBIDDEN.test(code) || headerCalls.some((arg) => arg !== "'Content-Type'")).toBe(true);
    }
  });
});
