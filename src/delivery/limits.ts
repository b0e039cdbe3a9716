/**
 * Every limit the delivery engine works to, named once.
 * Teams (learn.microsoft.com, "Optimize your bot: rate limiting and best practices"):
 * per bot per conversation 7 messages/1 s, 8/2 s, 60/30 s, 1,800/hour; about 50
 * requests/s per app per tenant.
 */
export const CONVERSATION_WINDOWS: ReadonlyArray<{ windowMs: number; limit: number }> = [
  { windowMs: 1_000, limit: 7 },
  { windowMs: 2_000, limit: 8 },
  { windowMs: 30_000, limit: 60 },
  { windowMs: 3_600_000, limit: 1_800 },
];

export const DEFAULT_MAX_RPS = 50;

/**
 * Card updates (updateActivity) count against the windows above, and Teams asks for
 * at most one update a second per copy and five a second per conversation.
 */
export const CARD_UPDATE_MIN_INTERVAL_MS = 1_000;
export const CARD_UPDATES_PER_CONVERSATION_PER_SECOND = 5;

export interface DeliveryTimings {
  /** How often the scheduler looks for due work; a due send starts within one tick (≤ 5 s required). */
  tickMs: number;
  /** How long a lease lasts without renewal: a crashed instance's send resumes after it. */
  leaseMs: number;
  /** How often the holder renews the lease, saves its checkpoint and re-reads the announcement. */
  renewMs: number;
  /**
   * How often a running send re-reads its announcement (one point read): a pause or
   * cancel made through any instance stops every instance's sending within this.
   */
  watchMs: number;
  /** A Bot Connector call slower than this counts as a timeout (retried). */
  sendTimeoutMs: number;
  /** First retry delay; doubles per attempt (full jitter), capped by retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Attempts per recipient before it fails with "gave_up". */
  maxAttempts: number;
  /** Sends in flight at once per announcement. */
  maxInFlight: number;
}

export const DEFAULT_TIMINGS: DeliveryTimings = {
  tickMs: 1_000,
  leaseMs: 30_000,
  renewMs: 5_000,
  watchMs: 250,
  sendTimeoutMs: 15_000,
  retryBaseMs: 1_000,
  retryMaxMs: 60_000,
  maxAttempts: 8,
  maxInFlight: 128,
};

/** Exponential backoff with full jitter (Microsoft's advice for 429, 412, 502, 504). */
export function backoffMs(attempt: number, timings: Pick<DeliveryTimings, 'retryBaseMs' | 'retryMaxMs'>, random = Math.random): number {
  const ceiling = Math.min(timings.retryMaxMs, timings.retryBaseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
