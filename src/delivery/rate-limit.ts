/**
 * Share of 429s over the last second above which the limiter slows down, judged on
 * at least MIN_SAMPLES answers: random 429s (one busy chat, a few percent) and the
 * odd second of bunched arrivals stay below it, while sending above a real limit
 * draws a share well beyond it.
 */
export const THROTTLE_TOLERANCE = 0.2;
const MIN_SAMPLES = 40;
const DECREASE_FACTOR = 0.7;
const DECREASE_EVERY_MS = 1_000;
const INCREASE_SHARE_PER_SECOND = 0.2;
const MIN_RATE_SHARE = 0.05;
const OBSERVATION_WINDOW_MS = 1_000;

const RTT_WINDOW_MS = 10_000;
/** How much later than half the fastest round trip a request may arrive. */
const ARRIVAL_JITTER_MS = 10;

/** A request the limiter let through; settle it exactly once with how it went. */
export interface Permit {
  /** The request has left (signed, handed to the network): its place counts from now. */
  leaving(): void;
  settle(throttled: boolean): void;
  /** The request was not made after all. */
  cancel(): void;
}

const UNUSED: Permit = { leaving: () => undefined, settle: () => undefined, cancel: () => undefined };

/**
 * The tenant-wide rate. Two rules pace each request:
 *  - a token bucket refilled at `rate` per second, holding up to 100 ms worth, so a
 *    pause of the event loop is made up for in a short burst instead of lost;
 *  - a window over what the platform may be counting. It counts the requests that
 *    arrived in the last second, and arrivals bunch up (a pause here, a queue there),
 *    so pacing by send time alone draws 429s at the full rate. A request in flight may
 *    arrive at any moment, so it holds a place. An answered one arrived no later than
 *    its answer less the fastest round trip seen lately; and, once round trips are
 *    known, no later than half the fastest round trip plus a little jitter after it
 *    left (signed, handed to the network: `Permit.leaving`, else when it was let
 *    through): a slow answer mostly waited on the way back (this process busy, a
 *    queue in the network), not on the way there. It holds its place for one second
 *    from the earlier of the two. With round trips known a request holds its place
 *    for about one second, so the full rate stays reachable.
 * The rate adapts AIMD-style: when the share of 429s in the last second exceeds the
 * tolerance it drops to 70% (at most once a second); while the share stays low it
 * climbs back towards the maximum. A stray 429 (one busy conversation, a transient
 * fault) therefore costs one retry, not a pause for everyone, and a sustained one
 * converges below the real limit within a few seconds.
 */
export class TenantLimiter {
  private tokens: number;
  private rate: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();
  private inFlight = 0;
  /** Answer times less the fastest round trip, oldest first, from `head`. */
  private answered: number[] = [];
  private head = 0;
  /** The fastest round trip per second of the last ten. */
  private fastest: Array<{ second: number; rtt: number }> = [];
  private wake?: () => void;
  private outcomes: Array<{ at: number; throttled: boolean }> = [];
  private lastDecrease = -Infinity;
  private lastAdjust: number;
  /** Callers waiting for a permit, and how many asked since `demandSince` (see demand()). */
  private waiting = 0;
  private asked = 0;
  private demandSince: number;

  /** The rate this instance may reach: the tenant's, or its share when other instances send too. */
  private ceilingRate: number;

  constructor(
    readonly tenantRate: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(tenantRate > 0)) throw new Error(`TenantLimiter needs a positive rate, got ${tenantRate}`);
    this.ceilingRate = tenantRate;
    this.rate = tenantRate;
    this.tokens = 1;
    this.last = now();
    this.lastAdjust = this.last;
    this.demandSince = this.last;
  }

  get currentRate(): number {
    return this.rate;
  }

  /** The most this instance may send per second now: the tenant's rate or its share of it. */
  get ceiling(): number {
    return this.ceilingRate;
  }

  /**
   * This instance's part of the tenant's rate (1/n with n instances sending for the
   * tenant). The current rate moves with it, keeping any slow-down it is in.
   */
  setShare(share: number): void {
    // 0 is allowed: an instance that joins while the others still use the whole rate waits for them to make room.
    const ceiling = this.tenantRate * Math.min(1, Math.max(0, share));
    if (ceiling === this.ceilingRate) return;
    this.rate = this.ceilingRate > 0 ? (this.rate * ceiling) / this.ceilingRate : ceiling;
    this.ceilingRate = ceiling;
    if (ceiling === 0) this.tokens = Math.min(this.tokens, 0);
    this.wake?.();
  }

  /**
   * Requests per second this instance wants now, for splitting the tenant's rate:
   * the whole rate while callers wait their turn, else what was asked for since the
   * last call, with room to grow. Resets the count.
   */
  demand(): number {
    const now = this.now();
    const seconds = Math.max(0.001, (now - this.demandSince) / 1000);
    const asked = this.asked / seconds;
    this.asked = 0;
    this.demandSince = now;
    if (this.waiting > 0) return this.tenantRate;
    return Math.min(this.tenantRate, asked * 1.5 + Math.max(1, this.tenantRate * MIN_RATE_SHARE));
  }

  /** 100 ms worth, but at least 2: a timer that fires late must not throw the overshoot away. */
  private get capacity(): number {
    return Math.max(2, this.rate / 10);
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
  }

  /**
   * The fastest round trip of the last ten seconds; unknown during the first second,
   * whose round trips include opening connections and would overstate it.
   */
  private fastestRoundTrip(now: number): number | undefined {
    while (this.fastest.length && this.fastest[0].second <= Math.floor((now - RTT_WINDOW_MS) / 1000)) this.fastest.shift();
    if (this.fastest.length < 2) return undefined;
    return this.fastest.reduce((min, f) => Math.min(min, f.rtt), Infinity);
  }

  /**
   * Milliseconds until the platform's second has room for one more request:
   * 0 for now, undefined when only an answer to a request in flight can make room.
   */
  private windowWait(now: number): number | undefined {
    while (this.head < this.answered.length && this.answered[this.head] <= now - 1000) this.head++;
    if (this.head > 4096) {
      this.answered = this.answered.slice(this.head);
      this.head = 0;
    }
    const allowed = Math.max(1, Math.floor(this.rate));
    const counted = this.inFlight + this.answered.length - this.head;
    if (counted < allowed) return 0;
    const surplus = counted - allowed; // answered requests that must leave the window first
    if (surplus >= this.answered.length - this.head) return undefined;
    return this.answered[this.head + surplus] + 1000 - now + 1;
  }

  /**
   * Resolves when a request may go; callers are served in order. A caller whose
   * `abandoned()` is true by its turn (its send was paused) leaves the queue without
   * using a place, so it holds up nobody behind it.
   */
  take(abandoned?: () => boolean): Promise<Permit> {
    this.asked++;
    this.waiting++;
    const turn = this.queue.then(async (): Promise<Permit> => {
      for (;;) {
        if (abandoned?.()) return UNUSED;
        const now = this.now();
        if (this.ceilingRate <= 0) {
          this.last = now;
          await this.sleep(50);
          continue;
        }
        this.refill(now);
        const windowWait = this.windowWait(now);
        if (this.tokens >= 1 && windowWait === 0) {
          this.tokens -= 1;
          return this.permit(now);
        }
        const tokenWait = this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.rate) * 1000);
        await this.sleep(Math.max(1, tokenWait, windowWait ?? 50));
      }
    });
    this.queue = turn.then(() => undefined);
    return turn.finally(() => this.waiting--);
  }

  private permit(grantedAt: number): Permit {
    this.inFlight++;
    let sentAt = grantedAt;
    let settled = false;
    const end = (answered: boolean, throttled: boolean) => {
      if (settled) return;
      settled = true;
      this.inFlight--;
      if (answered) this.answer(sentAt, this.now());
      if (answered) this.observe(throttled);
      this.wake?.();
    };
    const cancel = () => {
      if (!settled) this.tokens = Math.min(this.capacity, this.tokens + 1); // never sent: its token is still good
      end(false, false);
    };
    const leaving = () => {
      if (!settled) sentAt = this.now();
    };
    return { leaving, settle: (throttled) => end(true, throttled), cancel };
  }

  private answer(sentAt: number, at: number): void {
    const second = Math.floor(at / 1000);
    const rtt = at - sentAt;
    const latest = this.fastest[this.fastest.length - 1];
    if (latest?.second === second) latest.rtt = Math.min(latest.rtt, rtt);
    else this.fastest.push({ second, rtt });
    const fastest = this.fastestRoundTrip(at);
    const counted = fastest === undefined ? at : Math.min(at - fastest, sentAt + fastest / 2 + ARRIVAL_JITTER_MS);
    // Kept in order: a late answer with a fast round trip may count earlier than the last.
    let index = this.answered.length;
    while (index > this.head && this.answered[index - 1] > counted) index--;
    this.answered.splice(index, 0, counted);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  /** How a request went; 429s slow the rate, successes let it recover. */
  observe(throttled: boolean): void {
    const now = this.now();
    this.outcomes.push({ at: now, throttled });
    while (this.outcomes.length && this.outcomes[0].at < now - OBSERVATION_WINDOW_MS) this.outcomes.shift();
    const share = this.outcomes.filter((o) => o.throttled).length / this.outcomes.length;
    if (share > THROTTLE_TOLERANCE) {
      if (this.outcomes.length >= Math.min(MIN_SAMPLES, this.rate / 2) && now - this.lastDecrease >= DECREASE_EVERY_MS) {
        this.rate = Math.max(this.ceilingRate * MIN_RATE_SHARE, this.rate * DECREASE_FACTOR);
        this.lastDecrease = now;
        this.outcomes = [];
      }
    } else if (this.rate < this.ceilingRate) {
      this.rate = Math.min(this.ceilingRate, this.rate + ((now - this.lastAdjust) / 1000) * this.ceilingRate * INCREASE_SHARE_PER_SECOND);
    }
    this.lastAdjust = now;
  }
}
