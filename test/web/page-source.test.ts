/**
 * Promises the submission page keeps by what its code never does, checked on the source so that
 * a new component cannot quietly break them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', 'web', 'src');
const files = readdirSync(ROOT, { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.(ts|svelte)$/.test(f))
  .map((f) => ({ path: relative(ROOT, join(ROOT, f)), code: readFileSync(join(ROOT, f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|<!--[\s\S]*?-->/g, '') }));

function using(pattern: RegExp): string[] {
  return files.filter((f) => pattern.test(f.code)).map((f) => f.path);
}

describe('the submission page source', () => {
  it('is read whole', () => {
    expect(files.map((f) => f.path)).toEqual(expect.arrayContaining(['api.ts', 'markdown.ts', 'followup/FollowUpPage.svelte', 'receipt/receipt.ts']));
  });

  it('calls the network from api.ts only', () => {
    expect(using(/\bfetch\s*\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon/)).toEqual(['api.ts']);
  });

  it('never renders a string as HTML', () => {
    expect(using(/\{@html|innerHTML|outerHTML|insertAdjacentHTML|document\.write/)).toEqual([]);
  });

  it('never writes to storage, cookies or the history', () => {
    expect(using(/localStorage|sessionStorage|indexedDB|document\.cookie|caches\.|pushState/)).toEqual([]);
    // arrival.ts alone replaces the address, to strip tracking parameters without a new entry.
    expect(using(/replaceState/)).toEqual(['arrival.ts']);
  });

  it('controls: the scans see what they look for', () => {
    expect(/\bfetch\s*\(/.test('await fetch(path)')).toBe(true);
    expect(using(/mailboxKey\(/)).toEqual(expect.arrayContaining(['followup/FollowUpPage.svelte', 'receipt/receipt.ts']));
  });
});
