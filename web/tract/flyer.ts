import type { CampaignDefinition } from '../../crypto/campaign.js';
import type { Locale } from '../../crypto/campaign.js';
import { TractError } from './errors.js';
import { introParagraphs } from './intro.js';
import { pinnedFingerprints, tractLink } from './link.js';
import { tractMessages } from './messages.js';
import { checkQrSvg } from './qr.js';
import { fingerprintWords } from './words.js';

export const FLYER_SIZES = ['A4', 'A5'] as const;
export type FlyerSize = (typeof FLYER_SIZES)[number];

export interface FlyerInput {
  campaign: Pick<CampaignDefinition, 'slug' | 'title' | 'intro'>;
  /** What tractLink gave for this campaign and these fingerprints. */
  link: string;
  fingerprints: readonly string[];
  locale: Locale;
  size: FlyerSize;
  /** What qrSvg gave for `link`. */
  qrSvg: string;
}

// Large enough to read at arm's length on a notice board, small enough for one page.
const LAYOUT: Readonly<Record<FlyerSize, { margin: string; text: string; title: string; link: string; qr: string }>> = {
  A4: { margin: '14mm', text: '12pt', title: '24pt', link: '15pt', qr: '60mm' },
  A5: { margin: '10mm', text: '9pt', title: '17pt', link: '11pt', qr: '42mm' },
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Where a long address may wrap, so that the lines read as its parts: after a path's slash or
// a comma, and before the fragment. Elsewhere it still wraps anywhere rather than overflow.
function breakable(escapedLink: string): string {
  return escapedLink.replace(/(?<![/:])\/(?!\/)|,/g, '$&<wbr>').replace('#', '<wbr>#');
}

// Black on white only, no image and no font to fetch: prints the same on any printer, in grayscale.
function css(size: FlyerSize): string {
  const l = LAYOUT[size];
  return `@page { size: ${size}; margin: ${l.margin}; }
* { box-sizing: border-box; }
html { color: #000; background: #fff; }
body { margin: 0; font: ${l.text}/1.3 "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; }
h1 { font-size: ${l.title}; line-height: 1.15; margin: 0 0 0.4em; }
h2 { font-size: 1.1em; margin: 0 0 0.3em; }
p, ul, dl { margin: 0 0 0.45em; }
.intro p { white-space: pre-line; }
.reach { display: grid; grid-template-columns: ${l.qr} 1fr; gap: 0 1.2em; align-items: center; margin: 0.8em 0 0.5em; break-inside: avoid; }
.qr svg { display: block; width: ${l.qr}; height: ${l.qr}; }
.scan { font-size: 1.2em; font-weight: bold; }
.link, .hex { font-family: "DejaVu Sans Mono", "Liberation Mono", Consolas, monospace; }
.link { font-size: ${l.link}; font-weight: bold; overflow-wrap: anywhere; }
.small { font-size: 0.85em; }
section { break-inside: avoid; margin-top: 0.7em; }
.safety { border: 1.5pt solid #000; padding: 0.5em 0.8em; }
.safety ul { padding-left: 1.2em; margin: 0; }
.safety li { margin-bottom: 0.25em; }
dl div { margin-bottom: 0.35em; }
dt, .hex { display: inline; font-weight: bold; }
dt { margin-right: 0.6em; }
dd { margin: 0; }
.hex { font-size: 1.15em; letter-spacing: 0.05em; }
.words { margin-left: 1em; }
`;
}

/**
 * The printable flyer: one standalone HTML page, French or English, A4 or A5. It holds no
 * script, loads nothing (its CSP says so too) and carries no date; every campaign text is
 * escaped, and the intro is shown as plain text. The link is printed, never made a hyperlink.
 * Throws TractError when `link` is not tractLink's for this campaign and these fingerprints
 * (`link_mismatch`), when `qrSvg` is not qrSvg's output (`invalid_qr`), or on a bad fingerprint.
 */
export function flyerHtml(input: FlyerInput): string {
  const { campaign, link, locale, size } = input;
  const fingerprints = pinnedFingerprints(input.fingerprints);
  checkLink(link, campaign.slug, fingerprints);
  checkQrSvg(input.qrSvg);
  const m = tractMessages[locale];
  const title = escapeHtml(campaign.title[locale] || campaign.title.fr);
  const intro = introParagraphs(campaign.intro[locale] || campaign.intro.fr)
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('\n');
  const keys = fingerprints
    .map(
      (fp, i) =>
        `<div><dt>${escapeHtml(m.key_label.replace('{n}', String(i + 1)))}</dt>` +
        `<dd class="hex">${fp}</dd>` +
        `<dd class="words">${escapeHtml(m.words_label)} ${escapeHtml(fingerprintWords(fp).join(' '))}</dd></div>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
${css(size)}</style>
</head>
<body>
<main>
<h1>${title}</h1>
<div class="intro">
${intro}
</div>
<div class="reach">
<div class="qr" role="img" aria-label="${escapeHtml(m.qr_label)}">${input.qrSvg.trim()}</div>
<p class="scan">${escapeHtml(m.scan)}</p>
</div>
<p class="link">${breakable(escapeHtml(link))}</p>
<p class="small">${escapeHtml(m.address_alone)}</p>
<section class="safety">
<h2>${escapeHtml(m.safety_title)}</h2>
<ul>
<li>${escapeHtml(m.safety_device)}</li>
<li>${escapeHtml(m.safety_address)}</li>
<li>${escapeHtml(m.safety_name)}</li>
</ul>
</section>
<section class="keys">
<h2>${escapeHtml(m.keys_title)}</h2>
<p class="small">${escapeHtml(m.keys_help)}</p>
<dl>
${keys}
</dl>
</section>
</main>
</body>
</html>
`;
}

// The QR code, the printed address and the printed fingerprints must all say the same thing.
function checkLink(link: string, slug: string, fingerprints: readonly string[]): void {
  let expected: string;
  try {
    expected = tractLink(new URL(link).origin, slug, fingerprints);
  } catch {
    throw new TractError('link_mismatch');
  }
  if (link !== expected) throw new TractError('link_mismatch');
}
