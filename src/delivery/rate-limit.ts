import { CONVERSATION_WINDOWS } from './limits';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Share of 429s over the last second above which the bucket slows down, judged on
 * at least MIN_SAMPLES answers: random 429s (one busy chat, a few percent) stay below
 * it, while sending above a real limit draws a share well beyond it.
 */
export const THROTTLE_TOLERANCE = 0.15;
const MIN_SAMPLES = 40;
const DECREASE_FACTOR = 0.7;
const DECREASE_EVERY_MS = 1_000;
const INCREASE_SHARE_PER_SECOND = 0.2;
const MIN_RATE_SHARE = 0.05;
const OBSERVATION_WINDOW_MS = 1_000;

/**
 * The tenant-wide rate: a token bucket refilled at `rate` per second with a small
 * burst (20 ms worth). The rate adapts AIMD-style: when the share of 429s in the last
 * second exceeds the tolerance it drops to 70% (at most once a second); while the share
 * stays low it climbs back towards the configured maximum. A stray 429 (one busy
 * conversation, a transient fault) therefore costs one retry, not a pause for everyone,
 * and a sustained one converges below the real limit within a few seconds.
 */
export class TokenBucket {
  private tokens: number;
  private rate: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();
  private outcomes: Array<{ at: number; throttled: boolean }> = [];
  private lastDecrease = -Infinity;
  private lastAdjust: number;
  throttles = 0;

  constructor(
    readonly maxRate: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(maxRate > 0)) throw new Error(`TokenBucket needs a positive rate, got ${maxRate}`);
    this.rate = maxRate;
    this.tokens = 1;
    this.last = now();
    this.lastAdjust = this.last;
  }

  get currentRate(): number {
    return this.rate;
  }

  /** 20 ms worth, but at least 2: a timer that fires late must not throw the overshoot away. */
  private get capacity(): number {
    return Math.max(2, this.rate / 50);
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
  }

  /** Resolves when a request may go; callers are served in order. */
  take(): Promise<void> {
    const turn = this.queue.then(async () => {
      for (;;) {
        this.refill();
        if (this.tokens >= 1) {
          this.tokens -= 1;
          return;
        }
        await sleep(Math.max(1, Math.ceil(((1 - this.tokens) / this.rate) * 1000)));
      }
    });
    this.queue = turn;
    return turn;
  }

  /** Tells the bucket how a request went; 429s slow it, successes let it recover. */
  observe(throttled: boolean): void {
    const now = this.now();
    if (throttled) this.throttles++;
    this.outcomes.push({ at: now, throttled });
    while (this.outcomes.length && this.outcomes[0].at < now - OBSERVATION_WINDOW_MS) this.outcomes.shift();
    const share = this.outcomes.filter((o) => o.throttled).length / this.outcomes.length;
    if (share > THROTTLE_TOLERANCE) {
      if (this.outcomes.length >= Math.min(MIN_SAMPLES, this.rate / 2) && now - this.lastDecrease >= DECREASE_EVERY_MS) {
        this.rate = Math.max(this.maxRate * MIN_RATE_SHARE, this.rate * DECREASE_FACTOR);
        this.lastDecrease = now;
        this.outcomes = [];
      }
    } else if (this.rate < this.maxRate) {
      this.rate = Math.min(this.maxRate, this.rate + ((now - this.lastAdjust) / 1000) * this.maxRate * INCREASE_SHARE_PER_SECOND);
    }
    this.lastAdjust = now;
  }
}

/**
 * Teams' per-conversation windows, enforced before a request is made so a
 * follow-up (edit, recall) into the same chat waits its turn instead of drawing a 429.
 */
export class ConversationWindows {
  private readonly sent = new Map<string, number[]>();
  private readonly blocked = new Map<string, number>();
  private recorded = 0;

  constructor(private readonly windows = CONVERSATION_WINDOWS) {}

  /** The earliest time (ms) a request to this conversation may go. */
  nextAllowedAt(conversationId: string, now: number): number {
    let at = Math.max(now, this.blocked.get(conversationId) ?? 0);
    const times = this.sent.get(conversationId);
    if (!times) return at;
    for (const { windowMs, limit } of this.windows) {
      const inWindow = times.filter((t) => t > now - windowMs);
      if (inWindow.length >= limit) at = Math.max(at, inWindow[inWindow.length - limit] + windowMs + 1);
    }
    return at;
  }

  record(conversationId: string, now: number): void {
    const longest = this.windows[this.windows.length - 1].windowMs;
    const times = (this.sent.get(conversationId) ?? []).filter((t) => t > now - longest);
    times.push(now);
    this.sent.set(conversationId, times);
    if (++this.recorded % 10_000 === 0) this.sweep(now);
  }

  /** A 429 with Retry-After for one conversation holds that conversation only. */
  block(conversationId: string, until: number): void {
    this.blocked.set(conversationId, Math.max(until, this.blocked.get(conversationId) ?? 0));
  }

  private sweep(now: number): void {
    const longest = this.windows[this.windows.length - 1].windowMs;
    for (const [id, times] of this.sent) if (times[times.length - 1] <= now - longest) this.sent.delete(id);
    for (const [id, until] of this.blocked) if (until <= now) this.blocked.delete(id);
  }
}
