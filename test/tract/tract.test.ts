import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wordlist } from '@scure/bip39/wordlists/french.js';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CampaignDefinition } from '../../crypto/campaign.js';
import { readPin } from '../../web/src/pin.js';
import {
  fingerprintWords,
  FLYER_SIZES,
  flyerHtml,
  qrSvg,
  tractLink,
  tractMessages,
  TractError,
  type FlyerInput,
  type TractProblem,
} from '../../web/tract/index.js';
import { readQrSvg, svgModules } from './qr-reader.js';

const TRACT_DIR = fileURLToPath(new URL('../../web/tract/', import.meta.url));
const SERVER = 'https://parole.example.org';
const ALICE = '2EA1-FA46-A274-5883-692F';
const BOB = '0123-4567-89AB-CDEF-0123';

function refusal(run: () => unknown): TractProblem | undefined {
  try {
    run();
  } catch (err) {
    if (err instanceof TractError) return err.code;
    throw err;
  }
  return undefined;
}

describe('tractLink', () => {
  it('pins the fingerprints in the fragment, in the form the page reads', () => {
    expect(tractLink(SERVER, 'temoignages', [ALICE, BOB])).toBe(
      'https://parole.example.org/c/temoignages#fp=2EA1FA46A2745883692F,0123456789ABCDEF0123',
    );
    const link = tractLink(SERVER + '/', 'temoignages', ['2ea1 fa46 a274 5883 692f', BOB, ALICE]);
    expect(link).toBe('https://parole.example.org/c/temoignages#fp=2EA1FA46A2745883692F,0123456789ABCDEF0123');
    expect(readPin(new URL(link).hash)).toEqual({ fingerprints: [ALICE, BOB], unreadable: 0 });
  });

  it.each([
    ['http://localhost:8080', 'http://localhost:8080/c/c1#fp=2EA1FA46A2745883692F'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080/c/c1#fp=2EA1FA46A2745883692F'],
    ['http://abcdefghijklmnop.onion', 'http://abcdefghijklmnop.onion/c/c1#fp=2EA1FA46A2745883692F'],
    ['https://PAROLE.Example.org:8443', 'https://parole.example.org:8443/c/c1#fp=2EA1FA46A2745883692F'],
  ])('accepts %s', (server, link) => {
    expect(tractLink(server, 'c1', [ALICE])).toBe(link);
  });

  it.each<[string, string, string[], TractProblem]>([
    ['http://parole.example.org', 'c1', [ALICE], 'invalid_server'],
    ['parole.example.org', 'c1', [ALICE], 'invalid_server'],
    ['https://parole.example.org/parole', 'c1', [ALICE], 'invalid_server'],
    ['https://parole.example.org/?utm_source=mail', 'c1', [ALICE], 'invalid_server'],
    ['https://user@parole.example.org', 'c1', [ALICE], 'invalid_server'],
    [SERVER, '', [ALICE], 'invalid_slug'],
    [SERVER, 'Temoignages', [ALICE], 'invalid_slug'],
    [SERVER, '../admin', [ALICE], 'invalid_slug'],
    [SERVER, 'c1', [], 'no_fingerprint'],
    [SERVER, 'c1', ['2EA1-FA46-A274-5883-692'], 'invalid_fingerprint'],
    [SERVER, 'c1', [ALICE, 'not a fingerprint'], 'invalid_fingerprint'],
  ])('refuses %j, %j, %j', (server, slug, fingerprints, problem) => {
    expect(refusal(() => tractLink(server, slug, fingerprints))).toBe(problem);
  });

  it('never echoes the input in its message', () => {
    const marker = 'marker-7f3a';
    for (const run of [
      () => tractLink(`http://${marker}.example`, 'c1', [ALICE]),
      () => tractLink(SERVER, `${marker}!`, [ALICE]),
      () => tractLink(SERVER, 'c1', [marker]),
    ]) {
      expect(() => run()).toThrow(TractError);
      expect(() => run()).not.toThrow(marker);
    }
  });
});

describe('qrSvg', () => {
  it.each([
    ['one key', tractLink(SERVER, 'temoignages', [ALICE])],
    ['three keys', tractLink(SERVER, 'harcelement-2025', [ALICE, BOB, 'FFFF-0000-FFFF-0000-FFFF'])],
    ['an onion service', tractLink('http://abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuv.onion', 'c1', [ALICE])],
  ])('decodes back to the exact link (%s)', (_, link) => {
    expect(readQrSvg(qrSvg(link))).toBe(link);
  });

  it('is black on white with a quiet zone of 4 modules', () => {
    const svg = qrSvg(tractLink(SERVER, 'temoignages', [ALICE]));
    const grid = svgModules(svg);
    const size = grid.length;
    expect(svg).toContain(`<path fill="#ffffff" d="M0 0h${size}v${size}H0z"/>`);
    expect(svg).toContain('<path stroke="#000000"');
    for (let i = 0; i < size; i++) {
      for (const edge of [0, 1, 2, 3, size - 4, size - 3, size - 2, size - 1]) {
        expect(grid[edge][i] || grid[i][edge]).toBe(false);
      }
    }
    // Finder pattern corner: the code starts right inside the quiet zone.
    expect(grid[4][4]).toBe(true);
  });

  it('is the same for the same link', () => {
    const link = tractLink(SERVER, 'temoignages', [ALICE]);
    expect(qrSvg(link)).toBe(qrSvg(link));
  });
});

/** What an auditor does by hand: words to list indices, 88 bits, the first 80 as hex. */
function fingerprintFromWords(words: string[]): { fingerprint: string; padding: bigint } {
  const list = wordlist.map((w) => w.normalize('NFC'));
  let bits = 0n;
  for (const word of words) {
    const index = list.indexOf(word);
    expect(index).toBeGreaterThanOrEqual(0);
    bits = (bits << 11n) | BigInt(index);
  }
  const hex = (bits >> 8n).toString(16).toUpperCase().padStart(20, '0');
  return { fingerprint: hex.match(/.{4}/g)!.join('-'), padding: bits & 0xffn };
}

describe('fingerprintWords', () => {
  // Computed independently (a few lines of Python over the same BIP39 French list) from the rule
  // in docs/FORMATS.md: hex as an 80-bit number, 8 zero bits appended, 11-bit groups from the top.
  it.each([
    [ALICE, ['chausson', 'appeler', 'loyal', 'détresse', 'diable', 'délice', 'neveu', 'sorcier']],
    [BOB, ['abreuver', 'barrage', 'espèce', 'associer', 'pointe', 'végétal', 'actif', 'exhorter']],
    ['0000-0000-0000-0000-0000', Array(8).fill('abaisser')],
    ['FFFF-FFFF-FFFF-FFFF-FFFF', [...Array(7).fill('zoologie'), 'sorcier']],
  ])('%s gives fixed words', (fp, words) => {
    expect(fingerprintWords(fp)).toEqual(words);
  });

  it('reads a loose fingerprint like the exact one', () => {
    expect(fingerprintWords('2ea1fa46 a2745883-692f')).toEqual(fingerprintWords(ALICE));
  });

  it('uses the French list the whole way through and gives NFC words', () => {
    expect(wordlist).toHaveLength(2048);
    const words = fingerprintWords(BOB);
    expect(words.every((w) => w === w.normalize('NFC'))).toBe(true);
    expect(words.join(' ')).toContain('espèce');
  });

  it('round trips: the words give back the fingerprint, and the padding is zero', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 10, maxLength: 10 }), (bytes) => {
        const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
        const fp = hex.match(/.{4}/g)!.join('-');
        const words = fingerprintWords(fp);
        expect(words).toHaveLength(8);
        expect(fingerprintFromWords(words)).toEqual({ fingerprint: fp, padding: 0n });
      }),
    );
  });

  it.each(['', '2EA1-FA46-A274-5883-692', '2EA1-FA46-A274-5883-692FF', 'GEA1-FA46-A274-5883-692F', 'parole-pk1:abc'])(
    'refuses %j',
    (fp) => {
      expect(refusal(() => fingerprintWords(fp))).toBe('invalid_fingerprint');
    },
  );
});

describe('tract messages', () => {
  it('gives French and English the same keys, none empty', () => {
    expect(Object.keys(tractMessages.en).sort()).toEqual(Object.keys(tractMessages.fr).sort());
    for (const messages of Object.values(tractMessages)) {
      for (const text of Object.values(messages)) expect(text.trim()).not.toBe('');
    }
  });
});

const CAMPAIGN: FlyerInput['campaign'] = {
  slug: 'temoignages',
  title: { fr: 'Témoignez, anonymement', en: 'Tell us, anonymously' },
  intro: {
    fr: 'Racontez ce que vous vivez au **travail**.\n\n- les horaires\n- la *charge*',
    en: 'Tell us about work.',
  },
};

function flyer(overrides: Partial<FlyerInput> = {}): string {
  const campaign = overrides.campaign ?? CAMPAIGN;
  const fingerprints = overrides.fingerprints ?? [ALICE, BOB];
  const link = overrides.link ?? tractLink(SERVER, campaign.slug, fingerprints);
  return flyerHtml({ campaign, link, fingerprints, locale: 'fr', size: 'A4', qrSvg: qrSvg(link), ...overrides });
}

/** The flyer's text as a reader sees it, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

describe('flyerHtml', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows the title, the intro as plain text, the link, the QR code and every fingerprint in hex and words', () => {
    const link = tractLink(SERVER, 'temoignages', [ALICE, BOB]);
    const html = flyer();
    const text = visibleText(html);
    expect(html).toContain('<h1>Témoignez, anonymement</h1>');
    expect(html).toContain('<title>Témoignez, anonymement</title>');
    expect(text).toContain('Racontez ce que vous vivez au travail.');
    expect(text).toContain('• les horaires\n• la charge');
    expect(text).not.toContain('*');
    expect(html).toContain(
      '<p class="link">https://parole.example.org/<wbr>c/<wbr>temoignages<wbr>#fp=2EA1FA46A2745883692F,<wbr>0123456789ABCDEF0123</p>',
    );
    expect(html.replaceAll('<wbr>', '')).toContain(`<p class="link">${link}</p>`);
    expect(html).toContain(qrSvg(link).trim());
    for (const fp of [ALICE, BOB]) {
      expect(html).toContain(`<dd class="hex">${fp}</dd>`);
      expect(text).toContain(fingerprintWords(fp).join(' '));
    }
    expect(html.indexOf(ALICE)).toBeLessThan(html.indexOf(BOB));
  });

  it('gives the safety advice in the chosen language, with the page size for print', () => {
    for (const locale of ['fr', 'en'] as const) {
      for (const size of FLYER_SIZES) {
        const html = flyer({ locale, size });
        const m = tractMessages[locale];
        expect(html).toContain(`<html lang="${locale}">`);
        expect(html).toMatch(new RegExp(`@page \\{ size: ${size}; margin: \\d+mm; \\}`));
        for (const advice of [m.safety_device, m.safety_address, m.safety_name, m.scan, m.keys_title]) {
          expect(visibleText(html)).toContain(advice);
        }
      }
    }
    expect(flyer({ locale: 'en' })).toContain('<h1>Tell us, anonymously</h1>');
  });

  it('falls back to the French wording when the English is empty', () => {
    const html = flyer({ locale: 'en', campaign: { ...CAMPAIGN, title: { fr: 'Titre', en: '' }, intro: { fr: 'Texte', en: '' } } });
    expect(html).toContain('<h1>Titre</h1>');
    expect(html).toContain('<p>Texte</p>');
  });

  it('escapes every campaign text', () => {
    const hostile = '<script>alert(1)</script><img src="https://evil.example/x" onerror="alert(2)">&amp;\'"';
    const html = flyer({
      campaign: { slug: 'temoignages', title: { fr: hostile, en: hostile }, intro: { fr: hostile, en: hostile } } as CampaignDefinition,
    });
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toContain('onerror="');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('&#38;amp;&#39;&#34;');
    expect(visibleText(html)).toContain(hostile);
  });

  it('holds no script and loads nothing: no src, no href, no url(), no @import, and a CSP that forbids it all', () => {
    const link = tractLink(SERVER, 'temoignages', [ALICE, BOB]);
    for (const size of FLYER_SIZES) {
      const html = flyer({ size });
      expect(html).not.toMatch(/<script|<iframe|<object|<embed|<link|<img|<a\s/i);
      expect(html).not.toMatch(/\s(src|href|srcset|xlink:href|action|formaction)\s*=/i);
      expect(html).not.toMatch(/url\(|@import/i);
      expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
      // The only addresses left: the printed link and the SVG namespace, which loads nothing.
      const rest = html.replaceAll('<wbr>', '').replace(`<p class="link">${link}</p>`, '').replaceAll('xmlns="http://www.w3.org/2000/svg"', '');
      expect(rest).not.toMatch(/https?:|\/\//i);
    }
  });

  it('is black on white and carries no date', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2021-01-01T00:00:00Z'));
    const before = flyer();
    vi.setSystemTime(new Date('2034-06-15T12:00:00Z'));
    expect(flyer()).toBe(before);
    expect(before).not.toMatch(/20(21|34)/);
    const colours = before.match(/#[0-9a-f]{3,8}\b/gi) ?? [];
    expect(new Set(colours.map((c) => c.toLowerCase()))).toEqual(new Set(['#000', '#fff', '#000000', '#ffffff']));
  });

  it('refuses a link that does not match the campaign or the fingerprints', () => {
    const cases: Partial<FlyerInput>[] = [
      { link: tractLink(SERVER, 'temoignages', [ALICE]) },
      { link: tractLink(SERVER, 'temoignages', [BOB, ALICE]) },
      { link: tractLink(SERVER, 'autre', [ALICE, BOB]) },
      { link: tractLink(SERVER, 'temoignages', [ALICE, BOB]) + '&x=1' },
      { link: 'http://parole.example.org/c/temoignages#fp=2EA1FA46A2745883692F,0123456789ABCDEF0123' },
      { link: 'not a link' },
    ];
    for (const overrides of cases) {
      const link = overrides.link!;
      expect(
        refusal(() =>
          flyerHtml({ campaign: CAMPAIGN, link, fingerprints: [ALICE, BOB], locale: 'fr', size: 'A4', qrSvg: qrSvg(link) }),
        ),
      ).toBe('link_mismatch');
    }
  });

  it('refuses a QR code that qrSvg did not make', () => {
    const good = qrSvg(tractLink(SERVER, 'temoignages', [ALICE, BOB]));
    for (const qr of [
      '',
      good.replace('</svg>', '<script>alert(1)</script></svg>'),
      good.replace('</svg>', '<image href="https://evil.example/x.png"/></svg>'),
      good.replace('<path fill', '<path onload="alert(1)" fill'),
      good.replace('shape-rendering="crispEdges"', 'style="background:url(https://evil.example/x)"'),
    ]) {
      expect(refusal(() => flyer({ qrSvg: qr }))).toBe('invalid_qr');
    }
  });
});

describe('web/tract is isomorphic', () => {
  it('loads no Node module, even through what it imports', () => {
    const seen = new Set<string>();
    const bare = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      for (const [, specifier] of source.matchAll(/^(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm)) {
        if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
        else bare.add(specifier);
      }
    };
    for (const name of readdirSync(TRACT_DIR)) visit(join(TRACT_DIR, name));
    expect(seen.size).toBeGreaterThan(readdirSync(TRACT_DIR).length);
    for (const specifier of bare) {
      expect(specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0])).toBe(false);
    }
    expect([...bare].sort()).toEqual(['@noble/hashes/blake2.js', '@scure/bip39/wordlists/french.js', 'qrcode', 'tweetnacl']);
  });
});
