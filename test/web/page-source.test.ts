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

/** Every `import(…)` call, type positions included, with what it names as written. */
function dynamicImports(sources: { path: string; code: string }[]): { path: string; target: string }[] {
  return sources.flatMap(({ path, code }) => [...code.matchAll(/\bimport\s*\(\s*([^)]*?)\s*\)/g)].map((m) => ({ path, target: m[1] })));
}

describe('the submission page source', () => {
  it('is read whole', () => {
    expect(files.map((f) => f.path)).toEqual(expect.arrayContaining(['api.ts', 'markdown.ts', 'followup/FollowUpPage.svelte', 'receipt/receipt.ts']));
  });

  it('calls the network from api.ts only', () => {
    expect(using(/\bfetch\s*\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon|importScripts/)).toEqual(['api.ts']);
  });

  it('starts one worker, the proof of work, from a file of its own built with the page', () => {
    // The worker's file is fetched as every page loads, with the challenge, by every visitor
    // alike: it says nothing the address did not. A worker made from a blob: or data: URL
    // would also need the CSP loosened.
    expect(using(/\bnew\s+(Shared)?Worker\s*\(/)).toEqual(['proof/proof.svelte.ts']);
    const [{ code }] = files.filter((f) => f.path === 'proof/proof.svelte.ts');
    expect([...code.matchAll(/\bnew\s+Worker\s*\(([^;]*?)\);/g)].map((m) => m[1])).toEqual([
      "new URL('./worker.ts', import.meta.url), { type: 'module' }",
    ]);
    expect(using(/serviceWorker|createObjectURL/)).toEqual([]);
  });

  it('never renders a string as HTML', () => {
    expect(using(/\{@html|innerHTML|outerHTML|insertAdjacentHTML|document\.write/)).toEqual([]);
  });

  it('never writes to storage, cookies or the history', () => {
    expect(using(/localStorage|sessionStorage|indexedDB|document\.cookie|caches\.|pushState/)).toEqual([]);
    // arrival.ts alone replaces the address, to strip tracking parameters without a new entry.
    expect(using(/replaceState/)).toEqual(['arrival.ts']);
  });

  it('loads nothing on demand but the follow-up and transparency pages', () => {
    // Every response is no-store, so a chunk fetched on demand is fetched on every visit, and its
    // request tells the server what the person just did (took a receipt, say), before any POST.
    // The follow-up and transparency pages have their own addresses: loading one says nothing
    // the address did not. The proof worker is no exception to this: it starts as the page
    // loads, whatever the visitor does next (the test above and test/browser/submit.test.ts).
    expect(dynamicImports(files)).toEqual([
      { path: 'App.svelte', target: "'./followup/FollowUpPage.svelte'" },
      { path: 'App.svelte', target: "'./components/TransparencyPage.svelte'" },
    ]);
  });

  it('controls: the scans see what they look for', () => {
    expect(/\bfetch\s*\(/.test('await fetch(path)')).toBe(true);
    expect(
      dynamicImports([
        { path: 'a.ts', code: "import { x } from './x.js';\nconst kit = await import('./receipt/receipt.js');" },
        { path: 'b.svelte', code: 'type Kit = typeof import ( "./kit.js" );\nimport(`./${name}.js`);' },
      ]),
    ).toEqual([
      { path: 'a.ts', target: "'./receipt/receipt.js'" },
      { path: 'b.svelte', target: '"./kit.js"' },
      { path: 'b.svelte', target: '`./${name}.js`' },
    ]);
    expect(using(/mailboxKey\(/)).toEqual(expect.arrayContaining(['followup/FollowUpPage.svelte', 'receipt/receipt.ts']));
  });
});
