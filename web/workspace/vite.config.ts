import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';
import { viteSingleFile } from 'vite-plugin-singlefile';

const root = fileURLToPath(new URL('.', import.meta.url));
/** The one file the build writes, which `parole workspace` copies for delegates. */
export const WORKSPACE_FILE = 'parole-workspace.html';

/**
 * The file opens from disk, where no server can send headers: its policy rides in a meta tag.
 * Scripts run only if their hash is listed, so a script injected into a copy does not run;
 * nothing may connect anywhere but a Parole server the delegate names for sync.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'parole-workspace-csp',
    enforce: 'post',
    // After vite-plugin-singlefile has inlined the scripts whose hashes the policy lists.
    generateBundle: { order: 'post', handler(_, bundle) {
      for (const asset of Object.values(bundle)) {
        if (asset.type !== 'asset' || asset.fileName !== 'index.html') continue;
        asset.fileName = WORKSPACE_FILE;
        const html = String(asset.source);
        const hashes = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map(
          ([, code]) => `'sha256-${createHash('sha256').update(code).digest('base64')}'`,
        );
        const policy = [
          "default-src 'none'",
          `script-src ${hashes.join(' ')} 'wasm-unsafe-eval'`,
          'worker-src blob:',
          "style-src 'unsafe-inline'",
          'img-src data: blob:',
          'connect-src https: http://localhost:* http://127.0.0.1:* http://*.onion:*',
          "base-uri 'none'",
          "form-action 'none'",
          "object-src 'none'",
        ].join('; ');
        asset.source = html.replace('<meta charset="utf-8" />', `<meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`);
      }
    } },
  };
}

export default defineConfig({
  root,
  base: './',
  publicDir: false,
  // tweetnacl falls back to require('crypto') outside browsers; folding that branch away keeps
  // a CommonJS require shim out of the bundle.
  define: { 'typeof require': JSON.stringify('undefined') },
  plugins: [svelte({ compilerOptions: { discloseVersion: false, runes: true } }), viteSingleFile(), contentSecurityPolicy()],
  // Chromium will not start a module worker from a blob: URL on a file: page.
  worker: { format: 'iife' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 4096,
  },
});
