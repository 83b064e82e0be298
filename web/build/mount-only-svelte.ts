import type { Plugin } from 'vite';

/**
 * Svelte guards its hydration code with one module variable, `hydrating`, so that it "can be
 * treeshaken out if the user doesn't use the `hydrate` method" (its own comment). A bundler
 * cannot see that it stays false, since `set_hydrating` could set it; only `hydrate()` ever
 * starts hydrating, and the page only mounts (main.ts). This makes `hydrating` a constant, so
 * that the code it guards, about 1.3 KB gzip, drops out of the page. Starting to hydrate throws
 * instead; the build fails when the file is not the one this was written for.
 */
const HYDRATION_MODULE = /[\\/]node_modules[\\/]svelte[\\/]src[\\/]internal[\\/]client[\\/]dom[\\/]hydration\.js$/;
const DECLARATION = 'export let hydrating = false;';
const SETTER = /^(\s*)hydrating = value;$/gm;
// Any other write: plain or compound assignment, increment or decrement.
const WRITE = /\bhydrating\s*(?:\*\*|<<|>>>?|&&|\|\||\?\?|[-+*/%&|^])?=(?!=)|\bhydrating\s*(?:\+\+|--)|(?:\+\+|--)\s*hydrating\b/;

export function mountOnlySvelte(): Plugin {
  return {
    name: 'parole:mount-only-svelte',
    enforce: 'pre',
    transform(code, id) {
      if (!HYDRATION_MODULE.test(id.split('?')[0])) return null;
      const others = code.replace(DECLARATION, '').replace(SETTER, '');
      if (code.split(DECLARATION).length !== 2 || (code.match(SETTER)?.length ?? 0) !== 1 || WRITE.test(others)) {
        throw new Error('svelte: hydration.js is not the one mountOnlySvelte was written for');
      }
      const patched = code
        .replace(DECLARATION, 'export const hydrating = false;')
        .replace(SETTER, "$1if (value) throw new Error('this page only mounts: it cannot hydrate');");
      return { code: patched, map: null };
    },
  };
}
