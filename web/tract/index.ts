/**
 * The tract kit: a campaign's link with its key fingerprints pinned in the fragment, its QR
 * code, the fingerprints in words, and a printable flyer. Isomorphic: the delegate workspace
 * bundles it, and the CLI (server/cli/tract.ts) runs it in Node.
 */
export { TractError, type TractProblem } from './errors.js';
export { pinnedFingerprints, tractLink } from './link.js';
export { QR_OPTIONS, qrSvg } from './qr.js';
export { fingerprintWords } from './words.js';
export { FLYER_SIZES, flyerHtml, type FlyerInput, type FlyerSize } from './flyer.js';
export { tractMessages, type TractMessages } from './messages.js';
