// The page's mount-only Svelte (web/build/mount-only-svelte.ts) turns hydration off, and only in
// the file it was written for.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mountOnlySvelte } from '../../web/build/mount-only-svelte.js';

const require = createRequire(import.meta.url);
const dom = join(dirname(require.resolve('svelte/package.json')), 'src', 'internal', 'client', 'dom');
const file = join(dom, 'hydration.js');
const source = readFileSync(file, 'utf8');
const REFUSED = 'hydration.js is not the one mountOnlySvelte was written for';

type Transform = (code: string, id: string) => { code: string } | null;
const transform: Transform = (code, id) => (mountOnlySvelte().transform as unknown as Transform)(code, id);

// A data: module cannot resolve Svelte's relative and #client imports, so they are pointed at the
// installed files: the module then runs with the code it is bundled with. Only import statements
// are rewritten, not the JSDoc `@import` comment.
const resolveFromSvelte = createRequire(file).resolve;
const link = (code: string) => code.replace(/^(import\b[^;]*?\bfrom\s*)'([^']+)'/gm, (_, head, spec) => `${head}'${pathToFileURL(resolveFromSvelte(spec)).href}'`);
const load = async (code: string) =>
  (await import(`data:text/javascript,${encodeURIComponent(link(code))}`)) as { hydrating: boolean; set_hydrating(value: boolean): void };

describe('mount-only Svelte', () => {
  it('leaves every other module untouched', () => {
    const operations = join(dom, 'operations.js');
    expect(transform(readFileSync(operations, 'utf8'), operations)).toBeNull();
    // The path decides, not the content: another package's hydration.js is not Svelte's.
    expect(transform(source, file.replace(/([\\/])svelte([\\/])/, '$1svelte-other$2'))).toBeNull();
    expect(transform(source, `${file}.map`)).toBeNull();
  });

  it('makes hydrating a constant false that cannot be set to true', async () => {
    const out = transform(source, file);
    expect(out).not.toBeNull();
    // Only the declaration and the setter's one line change; everything else is Svelte's own.
    const before = source.split('\n'), after = out!.code.split('\n');
    expect(after.length).toBe(before.length);
    const changed = before.flatMap((line, i) => (line === after[i] ? [] : [[line.trim(), after[i].trim()]]));
    expect(changed).toEqual([
      ['export let hydrating = false;', 'export const hydrating = false;'],
      ['hydrating = value;', "if (value) throw new Error('this page only mounts: it cannot hydrate');"],
    ]);

    const svelte = await load(source);
    svelte.set_hydrating(true);
    expect(svelte.hydrating).toBe(true); // control: the untouched module can start hydrating

    const mounted = await load(out!.code);
    expect(mounted.hydrating).toBe(false);
    expect(() => mounted.set_hydrating(false)).not.toThrow();
    expect(() => mounted.set_hydrating(true)).toThrow('this page only mounts: it cannot hydrate');
    expect(mounted.hydrating).toBe(false);
  });

  it('applies to the ids vite gives the file, with a query or Windows separators', () => {
    expect(transform(source, `${file}?v=1a2b3c`)?.code).toContain('export const hydrating = false;');
    expect(transform(source, file.replaceAll('/', '\\'))?.code).toContain('export const hydrating = false;');
  });

  it('refuses a hydration.js it was not written for', () => {
    expect(() => transform(source, file)).not.toThrow();
    // Another assignment would make the constant a lie.
    const planted = source.replace('export function set_hydrating', 'export function start() {\n\thydrating = true;\n}\n\nexport function set_hydrating');
    expect(planted).not.toBe(source);
    expect(() => transform(planted, file)).toThrow(REFUSED);
    for (const write of ['hydrating ||= value;', 'hydrating ??= value;', 'hydrating++;']) {
      const compound = source.replace('export function set_hydrating', `export function start(value) {\n\t${write}\n}\n\nexport function set_hydrating`);
      expect(() => transform(compound, file)).toThrow(REFUSED);
    }
    const secondSetter = source.replace('export function set_hydrating', 'export function resume(value) {\n\thydrating = value;\n}\n\nexport function set_hydrating');
    expect(() => transform(secondSetter, file)).toThrow(REFUSED);
    // A declaration missing, or a declaration or a setter written otherwise, is not the file
    // this was checked against.
    expect(() => transform(source.replace('export let hydrating = false;', ''), file)).toThrow(REFUSED);
    expect(() => transform(source.replace('export let hydrating = false;', 'export let hydrating = !1;'), file)).toThrow(REFUSED);
    expect(() => transform(source.replace('\thydrating = value;', '\thydrating = !!value;'), file)).toThrow(REFUSED);
    expect(() => transform(`${source}\nexport let hydrating = false;\n`, file)).toThrow(REFUSED);
  });
});
