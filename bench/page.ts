/**
 * Page weight: what a phone downloads to show the submission page, gzipped, apart from the
 * chunks loaded only by the pages that have their own address (follow-up, transparency). The
 * proof-of-work worker counts: the page starts it as soon as it loads (web/src/proof/).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Figure } from './figures.js';

const WEB_DIR = join(import.meta.dirname, '..', 'web', 'dist');

const gzipBytes = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length;

/** Every local file index.html references: scripts, stylesheets, modulepreload links, icons. */
function referencedAssets(html: string): string[] {
  const paths = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]);
  return [...new Set(paths)];
}

/** The worker scripts a loaded script starts, written `new Worker(new URL("/assets/…"))` once built. */
function workerScripts(script: string): string[] {
  return [...script.matchAll(/new Worker\(new URL\([`"']\/(assets\/[^`"']+\.js)[`"']/g)].map((m) => m[1]);
}

export function pageFigures(): Figure[] {
  const html = readFileSync(join(WEB_DIR, 'index.html'), 'utf8');
  const referenced = referencedAssets(html);
  const workers = referenced.filter((path) => path.endsWith('.js')).flatMap((path) => workerScripts(readFileSync(join(WEB_DIR, path), 'utf8')));
  const loaded = [...referenced, ...workers];
  const chunks = readdirSync(join(WEB_DIR, 'assets'))
    .map((name) => `assets/${name}`)
    .filter((path) => /\.(js|css)$/.test(path) && !loaded.includes(path));
  const sum = (paths: string[]) => paths.reduce((total, path) => total + gzipBytes(join(WEB_DIR, path)), 0);
  const chunk = (page: string) => sum(chunks.filter((path) => path.startsWith(`assets/${page}-`)));
  return [
    { name: 'page_gzip_bytes', value: gzipBytes(join(WEB_DIR, 'index.html')) + sum(loaded), unit: 'bytes' },
    { name: 'followup_page_gzip_bytes', value: chunk('FollowUpPage'), unit: 'bytes' },
    { name: 'transparency_page_gzip_bytes', value: chunk('TransparencyPage'), unit: 'bytes' },
  ];
}
