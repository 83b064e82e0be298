import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { bareDynamicImport } from './build/bare-dynamic-import.js';
import { mountOnlySvelte } from './build/mount-only-svelte.js';
import { PAGE_NACL_MEMBERS, trimmedTweetnacl } from './build/trimmed-tweetnacl.js';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

// The page is served under a CSP without 'unsafe-inline' and no other origin, so nothing may
// be inlined as a data: URL or a style attribute, and assets live under /assets/ on this origin.
export default defineConfig({
  root: webRoot,
  base: '/',
  publicDir: false,
  resolve: {
    // Same package, same API and test vectors; the compact build weighs about 4 KB gzip less
    // than nacl-fast and is fast enough for one envelope.
    alias: { tweetnacl: 'tweetnacl/nacl.js' },
  },
  // tweetnacl falls back to require('crypto') outside browsers; folding that branch away keeps
  // a CommonJS require shim (and its error text) out of the bundle.
  define: { 'typeof require': JSON.stringify('undefined') },
  plugins: [
    bareDynamicImport(),
    mountOnlySvelte(),
    trimmedTweetnacl(PAGE_NACL_MEMBERS),
    svelte({
      // Runes everywhere: a component without any would otherwise pull in the legacy runtime.
      compilerOptions: { discloseVersion: false, runes: true },
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    reportCompressedSize: true,
    rolldownOptions: {
      // A pattern built at load time and never used (crypto/bundle.ts's export-line format,
      // crypto/signature.ts's header format) would otherwise stay, since building it could throw.
      treeshake: { manualPureFunctions: ['RegExp'] },
    },
  },
});
