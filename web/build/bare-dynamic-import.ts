import type { Plugin } from 'vite';

// Vite wraps every dynamic import in this helper so that it can add <link> tags for the chunk's
// CSS and shared chunks first. The page's only lazy chunk (the follow-up page) needs neither:
// it imports from the entry, already loaded, and has no CSS of its own. The helper would still
// ship, about 0.7 KB gzip, to do nothing; this stand-in only calls the import.
const PRELOAD_HELPER = '\0vite/preload-helper.js';

/**
 * Replaces Vite's preload helper with a bare `import()`, and fails the build if a lazily loaded
 * chunk ever comes with CSS, which only the real helper would attach to the page.
 */
export function bareDynamicImport(): Plugin {
  return {
    name: 'parole:bare-dynamic-import',
    enforce: 'pre',
    resolveId(id) {
      return id === PRELOAD_HELPER ? id : null;
    },
    load(id) {
      return id === PRELOAD_HELPER ? 'export const __vitePreload = (load) => load();' : null;
    },
    generateBundle(_, bundle) {
      const chunks = Object.values(bundle).flatMap((file) => (file.type === 'chunk' ? [file] : []));
      const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
      const lazy = new Set<string>();
      const visit = (fileName: string) => {
        const chunk = byName.get(fileName);
        if (chunk === undefined || chunk.isEntry || lazy.has(fileName)) return;
        lazy.add(fileName);
        chunk.imports.forEach(visit);
      };
      chunks.forEach((chunk) => chunk.dynamicImports.forEach(visit));
      for (const fileName of lazy) {
        if ((byName.get(fileName)?.viteMetadata?.importedCss.size ?? 0) > 0) {
          throw new Error(`${fileName} is loaded on demand with CSS: remove bareDynamicImport or move the CSS to the entry`);
        }
      }
    },
  };
}
