/**
 * The plaintext world (decrypting, making key files, anonymising) must not be able to talk to the network.
 * This walks the real import graph from each plaintext-world entry point and fails if it
 * reaches a network or database module, server code, or a call to fetch.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGraph, REPO_ROOT } from '../helpers/import-graph.js';

const PLAINTEXT_ENTRIES = ['server/cli/decrypt.ts', 'server/cli/keygen.ts', 'server/cli/anonymise.ts', 'crypto/index.ts'];
const NETWORK_PACKAGES = /^(hono|@hono\/|@libsql\/|drizzle-orm|ws$|undici|node:(net|http|https|http2|tls|dgram|dns))/;
// The only server/ files the plaintext world may load: its own commands and their shared helpers.
const ALLOWED_SERVER_FILES = [
  'server/cli/decrypt.ts',
  'server/cli/keygen.ts',
  'server/cli/anonymise.ts',
  'server/cli/io.ts',
  'server/cli/unlock.ts',
  'server/user-error.ts',
];
// The network world's delegate commands carry ciphertext and signatures, nothing they could read.
const NETWORK_ENTRIES = ['server/cli/sync.ts', 'server/cli/campaign.ts', 'server/cli/tract.ts', 'server/delegate-client.ts'];
const OPENING = /\b(openEnvelope|openSlot|sealOpen|sealOpenWithSharedSecret|createOpener|decodeTestimony|openWorkspace)\s*\(/;

describe.each(PLAINTEXT_ENTRIES)('the plaintext world from %s', (entry) => {
  const { files, packages } = importGraph(entry);

  it('loads no network or database package', () => {
    expect([...packages].filter((p) => NETWORK_PACKAGES.test(p))).toEqual([]);
  });

  it('loads no server code but its own', () => {
    expect([...files].filter((f) => f.startsWith('server/') && !ALLOWED_SERVER_FILES.includes(f))).toEqual([]);
  });

  it('calls no fetch', () => {
    for (const file of files) expect({ file, fetch: /\bfetch\s*\(/.test(readFileSync(join(REPO_ROOT, file), 'utf8')) }).toEqual({ file, fetch: false });
  });
});

describe.each(NETWORK_ENTRIES)('the network world from %s', (entry) => {
  const { files } = importGraph(entry);

  it('opens no envelope and reads no testimony', () => {
    const callers = [...files].filter((f) => !f.startsWith('crypto/') && OPENING.test(readFileSync(join(REPO_ROOT, f), 'utf8')));
    expect(callers).toEqual([]);
    expect([...files].filter((f) => ['crypto/opener.ts', 'crypto/testimony.ts', 'crypto/workspace.ts'].includes(f))).toEqual([]);
  });
});

describe('the import walk', () => {
  it('sees the network world where it is (control)', () => {
    const { files, packages } = importGraph('server/serve.ts');
    expect([...packages]).toEqual(expect.arrayContaining(['hono', '@hono/node-server', '@libsql/client']));
    expect(files.has('server/db/client.ts')).toBe(true);
  });

  it('sees envelope opening where it is (control)', () => {
    const { files } = importGraph('server/cli/decrypt.ts');
    expect([...files].filter((f) => !f.startsWith('crypto/') && OPENING.test(readFileSync(join(REPO_ROOT, f), 'utf8')))).toContain('server/cli/decrypt.ts');
  });
});
