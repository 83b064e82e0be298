/** What the delegate routes and their client agree on: paths and limits (docs/FORMATS.md, "Signed requests"). */
export const DELEGATE_PATHS = {
  envelopes: '/api/delegate/envelopes',
  confirm: '/api/delegate/envelopes/confirm',
  purge: '/api/delegate/envelopes/purge',
  /** GET lists every campaign; POST creates one. */
  campaigns: '/api/delegate/campaigns',
  /** POST replaces the definition of the campaign named by the last segment. */
  campaign: (slug: string) => `/api/delegate/campaigns/${slug}`,
  /** POST files one reply envelope, sealed to a mailbox key alone. */
  replies: '/api/delegate/replies',
  /** POST deletes every reply to one mailbox, named by its id. */
  repliesPurge: '/api/delegate/replies/purge',
} as const;

/** Ids per confirm or purge request: small bodies, short transactions. */
export const MAX_IDS_PER_REQUEST = 2000;
