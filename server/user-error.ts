/** A failure the user can act on: shown as one plain line and exit code 1, never a stack trace. */
export class UserError extends Error {}
