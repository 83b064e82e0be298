/**
 * `parole campaign` as a delegate runs it: `node bin/parole.js` in a child process, against a
 * real server on a real libSQL file. Every failure is one line and exit code 1, and leaves the
 * server's campaigns as they were.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUESTION_KINDS, validateCampaign, type CampaignDefinition } from '../../crypto/campaign.js';
import { generateKey } from '../../crypto/index.js';
import { DEFAULT_CAMPAIGN } from '../../server/store.js';
import { launchCli, NETWORK_ATTEMPTED, OFFLINE, suiteFolder, type Run } from '../helpers/cli.js';
import { registerDelegate, removeDelegate, sql, writeKeyFile } from '../helpers/delegate.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const PASSPHRASE = 'Grève générale, été 1995';
const { root, dir } = suiteFolder('parole-campaign-');

const parole = (args: string[], env: Record<string, string> = {}): Promise<Run> =>
  launchCli(root, ['campaign', ...args], { PAROLE_PASSPHRASE: PASSPHRASE, ...env }).done;

function expectFailure(run: Run, message: string): void {
  expect(run).toEqual({ code: 1, stdout: '', stderr: `parole: ${message}\n` });
}

function expectNote(run: Run, line: string): void {
  expect(run).toEqual({ code: 0, stdout: '', stderr: `${line}\n` });
}

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('parole campaign', () => {
  let server: TestServer;
  const keys: Record<string, string> = {};
  let files: string;
  let template: CampaignDefinition;
  // A hostile server: a title that would move the cursor and recolour the delegate's terminal.
  let hostile: Server;
  let hostileUrl: string;

  const as = (who: string) => ['--server', server.url, '--key', keys[who]];
  const write = (name: string, value: unknown) => {
    const path = join(files, name);
    writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
    return path;
  };
  const campaignsTable = async () => (await sql(server.dbPath, 'SELECT * FROM campaigns ORDER BY slug')).map((row) => ({ ...row }));
  const page = async (slug: string) => (await (await fetch(`${server.url}/api/campaigns/${slug}`)).json()).campaign;

  beforeAll(async () => {
    server = await startTestServer();
    const alice = await registerDelegate(server.dbPath, 'Alice');
    const removed = await registerDelegate(server.dbPath, 'Retirée');
    await removeDelegate(server.dbPath, removed);
    const folder = dir('keys');
    files = dir('definitions');
    for (const [name, key] of [['alice', alice.key], ['removed', removed.key], ['stranger', generateKey()]] as const) {
      keys[name] = await writeKeyFile(join(folder, `${name}.key.json`), key, PASSPHRASE);
    }
    hostile = createServer((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ campaigns: [{ ...DEFAULT_CAMPAIGN, title: { fr: '\u001b[2J\u001b[31mPiégé', en: '' } }] }));
    });
    await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
    hostileUrl = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await hostile.close();
    await server.close();
  });

  it('prints a template that validates, in French and English, with one question of each kind, without the network', async () => {
    const run = await launchCli(root, ['campaign', 'template'], OFFLINE).done;
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    template = JSON.parse(run.stdout);
    expect(validateCampaign(template)).toEqual(template);
    expect(template.questions.map((q) => q.kind).sort()).toEqual([...QUESTION_KINDS].sort());
    for (const wording of [template.title, template.intro, ...template.questions.flatMap((q) => [q.label, ...q.choices.map((c) => c.label)])]) {
      expect(wording.fr).not.toBe('');
      expect(wording.en).not.toBe('');
    }
  });

  it('creates a campaign from a file, and the page serves it', async () => {
    expectNote(await parole(['create', '--file', write('nao.json', template), ...as('alice')]), `created ${template.slug}: now open`);
    expect(await page(template.slug)).toEqual({ ...template, status: 'open' });
  });

  it('lists every campaign with its status, its days and its French title', async () => {
    const run = await parole(['list', ...as('alice')]);
    expect(run).toEqual({
      code: 0,
      stdout: `${template.slug}  open  … → …  ${template.title.fr}\n${DEFAULT_CAMPAIGN.slug}  open  … → …  ${DEFAULT_CAMPAIGN.title.fr}\n`,
      stderr: '',
    });
  });

  it('shows a definition that, edited and sent back, replaces the campaign', async () => {
    const shown = await parole(['show', template.slug, ...as('alice')]);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toEqual(template);
    const edited = { ...JSON.parse(shown.stdout), title: { fr: 'NAO 2026 : prolongée', en: '' }, closes: '2020-01-31' };
    expectNote(await parole(['edit', '--file', write('edited.json', edited), ...as('alice')]), `replaced ${template.slug}: now closed (days … → 2020-01-31)`);
    expect(await page(template.slug)).toEqual({ ...edited, status: 'closed' });
    expectNote(await parole(['edit', '--file', write('back.json', template), ...as('alice')]), `replaced ${template.slug}: now open`);
  });

  it('closes and opens a campaign by hand, and says when there was nothing to do', async () => {
    expectNote(await parole(['close', template.slug, ...as('alice')]), `closed ${template.slug}: now closed`);
    expect(await page(template.slug)).toMatchObject({ state: 'closed', status: 'closed' });
    expectNote(await parole(['close', template.slug, ...as('alice')]), `${template.slug} is closed already; nothing changed`);
    expectNote(await parole(['open', template.slug, ...as('alice')]), `opened ${template.slug}: now open`);
    expect(await page(template.slug)).toMatchObject({ state: 'open', status: 'open' });
  });

  describe('fails in one line, changing nothing', () => {
    const failures: [string, () => { args: string[]; env?: Record<string, string>; message: string }][] = [
      ['an unknown action', () => ({ args: ['delete', template.slug], message: 'campaign takes template, list, show, create, edit, open or close; see `parole help`' })],
      ['no action', () => ({ args: [], message: 'campaign takes template, list, show, create, edit, open or close; see `parole help`' })],
      ['show without a slug', () => ({ args: ['show', ...as('alice')], message: 'give one campaign slug; see `parole help`' })],
      ['template with an argument', () => ({ args: ['template', 'x'], message: 'this takes no argument; see `parole help`' })],
      ['list without --server', () => ({ args: ['list', '--key', keys.alice], message: 'missing --server URL; see `parole help`' })],
      ['open without --key', () => ({ args: ['open', template.slug, '--server', server.url], message: 'missing --key KEYFILE; see `parole help`' })],
      ['create without --file', () => ({ args: ['create', ...as('alice')], message: 'missing --file DEF.json; see `parole help`' })],
      ['a file that is missing', () => ({ args: ['create', '--file', join(files, 'absent.json'), ...as('alice')], message: `cannot read campaign definition ${join(files, 'absent.json')}` })],
      ['a file that is not JSON', () => ({ args: ['create', '--file', write('broken.json', '{"slug":'), ...as('alice')], message: `${join(files, 'broken.json')} is not a campaign definition (not JSON)` })],
      [
        'an invalid definition, found before any passphrase or connection',
        () => ({
          args: ['create', '--file', write('html.json', { ...template, slug: 'autre', intro: { fr: '<img src=x>', en: '' } }), ...as('alice')],
          env: { ...OFFLINE, PAROLE_PASSPHRASE: '' },
          message: `${join(files, 'html.json')}: raw html at intro.fr`,
        }),
      ],
      ['an invalid question', () => ({ args: ['edit', '--file', write('dup.json', { ...template, questions: [template.questions[0], template.questions[0]] }), ...as('alice')], message: `${join(files, 'dup.json')}: duplicate id at questions[1].id` })],
      ['a slug taken', () => ({ args: ['create', '--file', write('taken.json', template), ...as('alice')], message: 'a campaign with this slug exists already; change it with `parole campaign edit`' })],
      ['an edit of a campaign that does not exist', () => ({ args: ['edit', '--file', write('absente.json', { ...template, slug: 'absente' }), ...as('alice')], message: 'no campaign on the server has this slug' })],
      ['show of a campaign that does not exist', () => ({ args: ['show', 'absente', ...as('alice')], message: 'no campaign on the server has this slug' })],
      ['close of a campaign that does not exist', () => ({ args: ['close', 'absente', ...as('alice')], message: 'no campaign on the server has this slug' })],
      ['a wrong passphrase', () => ({ args: ['close', template.slug, ...as('alice')], env: { PAROLE_PASSPHRASE: 'grève' }, message: 'wrong passphrase for this key file' })],
      ['a removed key', () => ({ args: ['close', template.slug, ...as('removed')], message: 'server: This key was removed from the keyring.' })],
      ['a key the server does not know', () => ({ args: ['list', ...as('stranger')], message: 'server: This key is not in the keyring of this server.' })],
      [
        'plain http:// to another machine, refused before any connection',
        () => ({ args: ['list', '--server', 'http://parole.example.org', '--key', keys.alice], env: OFFLINE, message: 'server: the server address must start with https:// (http:// only for this machine or a .onion)' }),
      ],
      ['a server that sends a definition the CLI would not accept', () => ({ args: ['list', '--server', hostileUrl, '--key', keys.alice], message: 'server: the server sent an invalid campaign definition' })],
      ['a server that does not answer', () => ({ args: ['list', '--server', 'http://127.0.0.1:9', '--key', keys.alice], message: 'server: cannot reach http://127.0.0.1:9' })],
    ];

    it.each(failures)('%s', async (_name, failure) => {
      const { args, env = {}, message } = failure();
      const before = await campaignsTable();
      const run = await parole(args, env);
      expect(run.stderr).not.toContain(NETWORK_ATTEMPTED);
      expectFailure(run, message);
      expect(await campaignsTable()).toEqual(before);
    });
  });

  it('leaves the file it was given as it was', () => {
    expect(JSON.parse(readFileSync(join(files, 'nao.json'), 'utf8'))).toEqual(template);
  });
});
