import type { Caller } from './authenticator';
import { DomainError } from '../domain/errors';

/**
 * Per-user write limits, shared by the tab API and the bot (posts, comments,
 * reports). A person clicking as fast as they can stays well inside them; a script
 * looping on a write does not. The bucket lives in memory per instance: with N
 * instances behind the load balancer a user gets up to N times the rate, which is
 * still bounded, and Cosmos (RU limits) and Teams (per-bot limits) stay protected by
 * their own throttles.
 */
export const WRITE_RATE_LIMIT = {
  /** Writes a user may make in a burst. */
  burst: 20,
  /** Writes a user regains per second once the burst is spent (one every 3 s). */
  refillPerSecond: 1 / 3,
  /** Buckets kept at most; full buckets are forgotten first when the map grows. */
  maxTrackedUsers: 50_000,
} as const;

/**
 * Per-user read limit: generous (the tab's pages make a few reads each, a person
 * paging through lists stays far inside), but a script looping on the expensive reads
 * (lists that page through a container) is stopped per person, not just by Cosmos.
 */
export const READ_RATE_LIMIT = {
  burst: 120,
  refillPerSecond: 2,
  maxTrackedUsers: 50_000,
} as const;

export interface RateLimitOptions {
  burst: number;
  refillPerSecond: number;
  maxTrackedUsers: number;
  now?: () => number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** A token bucket per key: `burst` tokens, refilled continuously at `refillPerSecond`. */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;

  constructor(private readonly options: RateLimitOptions = WRITE_RATE_LIMIT) {
    if (options.burst < 1 || options.refillPerSecond <= 0) throw new Error('TokenBucketLimiter() needs burst >= 1 and refillPerSecond > 0');
    this.now = options.now ?? Date.now;
  }

  /** Spends one token for `key`, or says how long until one is available. */
  take(key: string): RateDecision {
    const now = this.now();
    const bucket = this.refilled(key, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / this.options.refillPerSecond));
    return { allowed: false, retryAfterSeconds };
  }

  get trackedKeys(): number {
    return this.buckets.size;
  }

  private refilled(key: string, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.options.maxTrackedUsers) this.forgetFullBuckets(now);
      bucket = { tokens: this.options.burst, updatedAt: now };
      this.buckets.set(key, bucket);
      return bucket;
    }
    const elapsedSeconds = Math.max(0, now - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + elapsedSeconds * this.options.refillPerSecond);
    bucket.updatedAt = now;
    return bucket;
  }

  /** A full bucket holds no information: dropping it changes no decision. */
  private forgetFullBuckets(now: number): void {
    for (const [key, bucket] of this.buckets) {
      const tokens = bucket.tokens + (Math.max(0, now - bucket.updatedAt) / 1000) * this.options.refillPerSecond;
      if (tokens >= this.options.burst) this.buckets.delete(key);
    }
    // Still full of active users (a flood of distinct identities): start over rather than grow.
    if (this.buckets.size >= this.options.maxTrackedUsers) this.buckets.clear();
  }
}

export const rateLimitKey = (caller: Caller) => `${caller.tenantId}|${caller.userId}`;

/** For routes or bot actions that write outside /api/v1: throws the 429 as a DomainError. */
export function assertWithinWriteLimit(limiter: TokenBucketLimiter, caller: Caller): void {
  const decision = limiter.take(rateLimitKey(caller));
  if (!decision.allowed) throw new DomainError('rate_limited', undefined, undefined, { retryAfterSeconds: decision.retryAfterSeconds });
}
