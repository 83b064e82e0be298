/** What the delegate routes and their client agree on: paths and limits (docs/FORMATS.md, "Signed requests"). */
export const DELEGATE_PATHS = {
  envelopes: '/api/delegate/envelopes',
  confirm: '/api/delegate/envelopes/confirm',
  purge: '/api/delegate/envelopes/purge',
} as const;

/** Ids per confirm or purge request: small bodies, short transactions. */
export const MAX_IDS_PER_REQUEST = 2000;
