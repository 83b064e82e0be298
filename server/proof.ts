/**
 * The server's half of proof of work (crypto/proof.ts, docs/FORMATS.md §16) and the global rate
 * limit. Nothing here is keyed on who sends: no address, no header but the proof, no cookie.
 * Difficulty and rate limit are per instance and in memory; the challenges and the replay state
 * are what instances share, through the MAC key and spent_challenges in the database.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq, lt } from 'drizzle-orm';
import {
  CHALLENGE_MAC_BYTES,
  challengePayload,
  challengeText,
  readChallenge,
  readProof,
  leadingZeroBits,
  proofInput,
} from '../crypto/proof.js';
import { toBase64Url } from '../crypto/bytes.js';
import type { Db } from './db/client.js';
import { serverSecrets, spentChallenges } from './db/schema.js';

const MAC_KEY_NAME = 'challenge-mac';
const MAC_KEY_BYTES = 32;
const MAC_LABEL = 'parole/v1/challenge';
/** How long a challenge may be solved and used: long enough for a slow phone at high difficulty. */
export const CHALLENGE_LIFETIME_SECONDS = 2 * 60 * 60;
/** Expiries are rounded up to this, so that a spent challenge's row dates its use no finer. */
export const EXPIRY_WINDOW_SECONDS = 600;

/**
 * The challenge MAC key, made once and shared by every instance on the database. Insert-or-keep
 * then read, so that two instances starting together end up with the same key.
 */
export async function challengeMacKey(db: Db): Promise<Uint8Array> {
  const read = () => db.select().from(serverSecrets).where(eq(serverSecrets.name, MAC_KEY_NAME));
  // Read first: a database that has become read-only still serves the key it holds.
  const [existing] = await read();
  if (existing) return new Uint8Array(existing.value);
  await db
    .insert(serverSecrets)
    .values({ name: MAC_KEY_NAME, value: randomBytes(MAC_KEY_BYTES) })
    .onConflictDoNothing({ target: serverSecrets.name });
  const [row] = await read();
  return new Uint8Array(row.value);
}

function challengeMac(key: Uint8Array, payload: Uint8Array): Uint8Array {
  // Domain separation: this key signs challenges and nothing else, but the label keeps it so.
  const hmac = createHmac('sha256', key).update(MAC_LABEL).update(new Uint8Array([0])).update(payload);
  return new Uint8Array(hmac.digest().subarray(0, CHALLENGE_MAC_BYTES));
}

/** The expiry of a challenge issued at `nowSeconds`: two hours on, rounded up to the window. */
export function challengeExpiry(nowSeconds: number): number {
  return Math.ceil((nowSeconds + CHALLENGE_LIFETIME_SECONDS) / EXPIRY_WINDOW_SECONDS) * EXPIRY_WINDOW_SECONDS;
}

export interface IssuedChallenge {
  challenge: string;
  difficulty: number;
  expires: number;
}

export function issueChallenge(key: Uint8Array, difficulty: number, nowSeconds: number): IssuedChallenge {
  const expires = challengeExpiry(nowSeconds);
  const payload = challengePayload({ difficulty, expires, nonce: toBase64Url(randomBytes(16)) });
  return { challenge: challengeText(payload, challengeMac(key, payload)), difficulty, expires };
}

export type ProofRefusal = 'proof_required' | 'proof_invalid' | 'challenge_expired';

export type ProofCheck = { ok: true; nonce: string; expires: number } | { ok: false; refusal: ProofRefusal };

/**
 * Checks a Parole-Proof header's value: a challenge this server's key signed, not expired, and a
 * counter that solves it at the challenge's own difficulty. Gives the nonce to spend; whether it
 * was spent already is for the database to say, in the transaction that stores the envelope.
 */
export function checkProof(headerValue: string | undefined, key: Uint8Array, nowSeconds: number): ProofCheck {
  const proof = headerValue === undefined ? null : readProof(headerValue);
  const read = proof && readChallenge(proof.challenge);
  if (!proof || !read) return { ok: false, refusal: 'proof_required' };
  const expected = challengeMac(key, read.payload);
  if (read.mac.length !== expected.length || !timingSafeEqual(read.mac, expected)) return { ok: false, refusal: 'proof_invalid' };
  if (nowSeconds > read.fields.expires) return { ok: false, refusal: 'challenge_expired' };
  // node's digest, not WebCrypto's: synchronous, it costs a few microseconds instead of a round
  // through the thread pool, and every submission pays it.
  const digest = createHash('sha256').update(proofInput(proof.challenge, proof.counter)).digest();
  if (leadingZeroBits(digest) < read.fields.difficulty) return { ok: false, refusal: 'proof_invalid' };
  return { ok: true, nonce: read.fields.nonce, expires: read.fields.expires };
}

/** Deletes spent challenges that have expired: refused as expired anyway, they need no row. */
export async function forgetExpiredChallenges(db: Db, nowSeconds: number): Promise<void> {
  await db.delete(spentChallenges).where(lt(spentChallenges.expires, nowSeconds));
}

export const DEFAULT_POW_BITS = 14;
export const MAX_POW_BITS = 24;
/** Submissions per minute an instance takes at its base difficulty. */
const CALM_PER_MINUTE = 60;
const MAX_RAISE_BITS = 8;
const MINUTE_MS = 60_000;

/**
 * The difficulty this instance hands out: the base, plus one bit for each doubling of its
 * accepted submissions per minute above 60, at most eight more. Per instance is enough: each
 * challenge carries its own signed difficulty, so any instance checks any other's challenges,
 * and a flood spread over several instances raises each one's count in proportion.
 */
export class DifficultyController {
  private minute = -1;
  private current = 0;
  private previous = 0;

  constructor(
    readonly baseBits: number,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  private roll(): void {
    const minute = Math.floor(this.nowMs() / MINUTE_MS);
    if (minute === this.minute) return;
    this.previous = minute === this.minute + 1 ? this.current : 0;
    this.current = 0;
    this.minute = minute;
  }

  /** An accepted submission or follow-up. */
  record(): void {
    this.roll();
    this.current++;
  }

  /** Accepted per minute: the last whole minute, or this one once it has gone past it. */
  perMinute(): number {
    this.roll();
    return Math.max(this.previous, this.current);
  }

  bits(): number {
    const rate = this.perMinute();
    const raise = rate > CALM_PER_MINUTE ? Math.floor(Math.log2(rate / CALM_PER_MINUTE)) : 0;
    return Math.min(this.baseBits + Math.min(raise, MAX_RAISE_BITS), this.baseBits + MAX_RAISE_BITS);
  }
}

export const DEFAULT_RATE_LIMIT = 50;

/**
 * A token bucket keyed on nothing: `perSecond` requests a second for the whole instance, with a
 * burst of twice that. Zero turns it off. It slows a flood for everyone alike, which is the point:
 * telling senders apart would take the traits Parole refuses to read.
 */
export class RateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    readonly perSecond: number,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.tokens = 2 * perSecond;
    this.last = nowMs();
  }

  /** Takes a token; false when none is left. */
  take(): boolean {
    if (this.perSecond === 0) return true;
    const now = this.nowMs();
    this.tokens = Math.min(2 * this.perSecond, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens--;
    return true;
  }
}

/** One instance's abuse controls, built by createApp from its settings. */
export interface AbuseControls {
  difficulty: DifficultyController;
  submissions: RateLimiter;
  /** The MAC key, read from the database on first use and kept. */
  macKey(): Promise<Uint8Array>;
}

export function abuseControls(db: Db, powBits: number, rateLimit: number): AbuseControls {
  let key: Promise<Uint8Array> | undefined;
  return {
    difficulty: new DifficultyController(powBits),
    submissions: new RateLimiter(rateLimit),
    macKey: () => {
      // A failed read (a busy or read-only database) is tried again by the next request.
      key ??= challengeMacKey(db).catch((err) => {
        key = undefined;
        throw err;
      });
      return key;
    },
  };
}
