/**
 * The tract kit as the workspace makes it: the campaign's link with the keys' fingerprints
 * pinned, its QR code as SVG and PNG, and the printable flyers. All of it is public, made
 * here from the campaign's definition and fingerprints computed from public keys.
 */
import type { CampaignDefinition } from '../../../crypto/campaign.js';
import type { Locale } from '../../../crypto/testimony.js';
import { flyerHtml, pinnedFingerprints, qrSvg, tractLink, type FlyerSize } from '../../tract/index.js';

export interface TractKit {
  link: string;
  fingerprints: readonly string[];
  qr: string;
}

/** Fingerprints given twice count once. Throws TractError on a bad address or fingerprint. */
export function tractKit(server: string, campaign: CampaignDefinition, fingerprints: readonly string[]): TractKit {
  const pinned = pinnedFingerprints(fingerprints);
  const link = tractLink(server.trim().replace(/\/+$/, '') + '/', campaign.slug, pinned);
  return { link, fingerprints: pinned, qr: qrSvg(link) };
}

export function flyer(kit: TractKit, campaign: CampaignDefinition, locale: Locale, size: FlyerSize): string {
  return flyerHtml({ campaign, link: kit.link, fingerprints: kit.fingerprints, locale, size, qrSvg: kit.qr });
}

// Whole pixels per module keep every edge sharp for a scanner.
const PIXELS_PER_MODULE = 16;

/** The QR code drawn on a canvas as a PNG, white quiet zone included. */
export async function qrPng(svg: string): Promise<Blob> {
  const modules = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1] ?? 0);
  if (!(modules > 0)) throw new Error('invalid qr');
  const size = modules * PIXELS_PER_MODULE;
  const image = new Image(size, size);
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg.replace('<svg ', `<svg width="${size}" height="${size}" `))}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no canvas');
  context.imageSmoothingEnabled = false;
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, size, size);
  context.drawImage(image, 0, 0, size, size);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('no png'))), 'image/png'));
}
