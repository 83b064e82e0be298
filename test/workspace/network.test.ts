/**
 * The workspace's one door to the network: sync.ts. Every other module of the workspace, the
 * components included, holds no call that could reach a server, and none but sync.ts loads the
 * delegate client. A control proves the scan sees such a call where it is.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', 'web', 'workspace', 'src');
const NETWORK = /\bfetch\s*\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon|RTCPeerConnection|delegate-client/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(join(dir, d.name)) : /\.(ts|svelte)$/.test(d.name) ? [join(dir, d.name)] : [],
  );
}

// Comments may name what the code does not do.
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/<!--[\s\S]*?-->/g, '').replace(/^\s*\/\/.*$/gm, '');

describe('the workspace reaches the network through sync.ts only', () => {
  it('finds no network call or client outside sync.ts', () => {
    const reaching = sources(ROOT)
      .filter((file) => NETWORK.test(code(readFileSync(file, 'utf8'))))
      .map((file) => relative(ROOT, file));
    expect(reaching).toEqual(['sync.ts']);
  });
});
