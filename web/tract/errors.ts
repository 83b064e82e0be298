/** Why the tract kit refused its input: a short code, and a fixed message that never echoes the input. */
export type TractProblem = 'invalid_server' | 'invalid_slug' | 'invalid_fingerprint' | 'no_fingerprint' | 'link_mismatch' | 'invalid_qr';

const MESSAGES: Readonly<Record<TractProblem, string>> = {
  invalid_server: 'invalid server address',
  invalid_slug: 'invalid campaign slug',
  invalid_fingerprint: 'invalid fingerprint',
  no_fingerprint: 'no fingerprint',
  link_mismatch: 'the link does not match the campaign and fingerprints',
  invalid_qr: 'the qr code is not one qrSvg made',
};

export class TractError extends Error {
  constructor(
    readonly code: TractProblem,
    message: string = MESSAGES[code],
  ) {
    super(message);
  }
}
