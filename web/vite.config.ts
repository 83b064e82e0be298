import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

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
  },
});
