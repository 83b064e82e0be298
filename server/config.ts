import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_POW_BITS, DEFAULT_RATE_LIMIT, MAX_POW_BITS } from './proof.js';
import { UserError } from './user-error.js';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  databaseAuthToken?: string;
  /** True when DATABASE_URL is unset and Parole uses its own embedded file. */
  embeddedDefault: boolean;
  dataDir: string;
  webDir: string;
  /** Testimonies and replies are deleted once their day is this many days past. */
  retentionDays: number;
  /** Base proof-of-work difficulty in leading zero bits; raised under load (server/proof.ts). */
  powBits: number;
  /** Submissions and follow-ups per second this instance takes, burst twice that; 0: no limit. */
  rateLimit: number;
}

export class ConfigError extends UserError {}

export const DEFAULT_RETENTION_DAYS = 90;
export const MAX_RETENTION_DAYS = 3650;

// Digits only: '1e2', '90.5', ' 90' or '-1' are typos to report, not numbers to guess at.
function retentionDaysOf(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_RETENTION_DAYS;
  const days = /^\d{1,4}$/.test(value) ? Number(value) : NaN;
  if (!(days >= 1 && days <= MAX_RETENTION_DAYS)) {
    throw new ConfigError(`PAROLE_RETENTION_DAYS must be a whole number of days from 1 to ${MAX_RETENTION_DAYS}`);
  }
  return days;
}

// Digits only, as for the retention: a typo is reported, never guessed at.
function wholeNumberOf(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  if (!(n >= 0 && n <= max)) throw new ConfigError(`${name} must be a whole number from 0 to ${max}`);
  return n;
}

export const MAX_RATE_LIMIT = 100_000;

/** Reads the environment once at start-up; throws ConfigError with a plain message. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT === undefined || env.PORT === '' ? 8080 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError('PORT must be a number from 0 to 65535');
  const retentionDays = retentionDaysOf(env.PAROLE_RETENTION_DAYS);
  const dataDir = resolve(env.PAROLE_DATA_DIR || join(PROJECT_ROOT, 'data'));
  const databaseUrl = env.DATABASE_URL || `file:${join(dataDir, 'parole.db')}`;
  if (!/^(file|libsql|https?|wss?):/.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with file:, libsql:, http(s): or ws(s):');
  }
  return {
    port,
    host: env.HOST || '127.0.0.1',
    databaseUrl,
    databaseAuthToken: env.DATABASE_AUTH_TOKEN || undefined,
    embeddedDefault: !env.DATABASE_URL,
    dataDir,
    webDir: resolve(env.PAROLE_WEB_DIR || join(PROJECT_ROOT, 'web', 'dist')),
    retentionDays,
    powBits: wholeNumberOf('PAROLE_POW_BITS', env.PAROLE_POW_BITS, DEFAULT_POW_BITS, MAX_POW_BITS),
    rateLimit: wholeNumberOf('PAROLE_RATE_LIMIT', env.PAROLE_RATE_LIMIT, DEFAULT_RATE_LIMIT, MAX_RATE_LIMIT),
  };
}
