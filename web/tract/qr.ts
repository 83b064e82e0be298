import QRCode from 'qrcode';
import { TractError } from './errors.js';

/**
 * Medium error correction survives a crease or a smudge on a photocopied tract without making
 * the code much denser; the quiet zone is the 4 modules the QR standard asks for.
 */
export const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;

/**
 * The QR code of `link` as an SVG document: black modules on a white square that includes the
 * quiet zone, sized by its viewBox in modules (the caller scales it). Synchronous: qrcode calls
 * back before returning. Throws qrcode's error when the link is too long for any QR version.
 */
export function qrSvg(link: string): string {
  let svg = '';
  QRCode.toString(link, { ...QR_OPTIONS, type: 'svg', color: { dark: '#000000', light: '#ffffff' } }, (err, text) => {
    if (err) throw err;
    svg = text;
  });
  return svg;
}

/** Exactly what qrSvg writes: a viewBox and paths of numbers, so nothing in it can load or run. */
const QR_SVG =
  /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d+ \d+" shape-rendering="crispEdges">(?:<path (?:fill|stroke)="#[0-9a-f]{6}" d="[0-9MmhvHz. ]*"\/>)+<\/svg>\n?$/;

/** Throws TractError('invalid_qr') unless `svg` has the shape qrSvg gives. */
export function checkQrSvg(svg: string): void {
  if (!QR_SVG.test(svg)) throw new TractError('invalid_qr');
}
