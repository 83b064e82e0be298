import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';

export interface Asset {
  body: Uint8Array<ArrayBuffer>;
  type: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * Reads the built web app into memory once, keyed by URL path. Serving from a map means no
 * request path ever reaches the file system. Throws when the folder has no index.html.
 */
export function loadWebAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const url = '/' + relative(dir, path).split(sep).join('/');
        assets.set(url, { body: readFileSync(path), type: TYPES[extname(name)] ?? 'application/octet-stream' });
      }
    }
  };
  walk(dir);
  if (!assets.has('/index.html')) throw new Error('no index.html');
  return assets;
}
