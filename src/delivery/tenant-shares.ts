import type { Logger } from '../log';
import type { OtherSender, SenderRepository } from '../store/senders';
import type { TenantLimiter } from './rate-limit';

/** How often an instance sending for a tenant says so; a silent instance's share returns to the others after EXPIRY_BEATS. */
export const SHARE_BEAT_MS = 1_000;
const EXPIRY_BEATS = 5;

export interface TenantSharesOptions {
  senders: Pick<SenderRepository, 'beat' | 'leave'>;
  instanceId: string;
  now: () => number;
  logger: Logger;
  beatMs?: number;
}

/**
 * Requests per second `mine` gets when `rate` is split max-min fairly between demands:
 * nobody gets more than they ask for, and what the modest leave is split evenly
 * between the rest (water-filling).
 */
export function fairShare(rate: number, mine: number, others: number[]): number {
  const demands = [...others, mine].sort((a, b) => a - b);
  let remaining = rate;
  for (let i = 0; i < demands.length; i++) {
    const level = remaining / (demands.length - i);
    if (demands[i] > level) return Math.min(mine, level);
    remaining -= demands[i];
  }
  return mine;
}

/**
 * The rate an instance takes given the others' entries: its fair share of the
 * demands, but never more than the others leave while they hold what they took (an
 * instance lowers its own take at its next beat), so the takes written in the
 * document never add up to more than the tenant's rate. Alone, it takes the whole rate.
 */
export function decideCeiling(rate: number, demand: number, others: OtherSender[]): number {
  if (!others.length) return rate;
  const demands = others.map((o) => o.demand ?? rate);
  const target = fairShare(rate, demand, demands);
  const taken = others.reduce((sum, o, i) => sum + (o.ceiling ?? fairShare(rate, demands[i], [...demands.filter((_, j) => j !== i), demand])), 0);
  return Math.max(0, Math.min(target, rate - taken));
}

/**
 * Teams limits requests per app per tenant, not per instance. Instances sending for
 * one tenant at the same time split its rate: each beats a small shared document
 * while it sends for the tenant, saying how much it asks for (its limiter's demand)
 * and how much it takes (decideCeiling), and its limiter runs at what it took. So an
 * instance fanning out an announcement keeps nearly all of the rate while another
 * sends a few card updates, two fanning out get half each, and the takes never add up
 * to more than the tenant's rate. A crashed instance stops beating and its take
 * returns to the others when its beat expires.
 */
export class TenantShares {
  private readonly sending = new Map<string, { limiter: TenantLimiter; runs: number }>();
  private readonly beatMs: number;
  private timer?: NodeJS.Timeout;
  /** Writes per tenant, in order: a beat still on its way must not land after the leave. */
  private readonly writes = new Map<string, Promise<void>>();

  constructor(private readonly options: TenantSharesOptions) {
    this.beatMs = options.beatMs ?? SHARE_BEAT_MS;
  }

  /** A send for the tenant starts here: the first one learns its share before sending. */
  async join(tenantId: string, limiter: TenantLimiter): Promise<void> {
    const entry = this.sending.get(tenantId);
    if (entry) {
      entry.runs++;
      return;
    }
    this.sending.set(tenantId, { limiter, runs: 1 });
    this.timer ??= setInterval(() => this.beatAll(), this.beatMs).unref();
    await this.beat(tenantId);
  }

  /** A send for the tenant ended here; after the last one the others may use this share. */
  leave(tenantId: string): void {
    const entry = this.sending.get(tenantId);
    if (!entry || --entry.runs > 0) return;
    this.sending.delete(tenantId);
    entry.limiter.setShare(1);
    if (!this.sending.size) this.stopBeating();
    void this.inOrder(tenantId, () =>
      this.options.senders.leave(tenantId, this.options.instanceId).catch((error) => this.options.logger.warn({ err: error, tenantId }, 'could not hand back a rate share')),
    );
  }

  /** As a killed process: no more beats, and the shares expire on their own. */
  stopBeating(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Waits for the writes on their way (shutdown: hand the shares back before exiting). */
  async flush(): Promise<void> {
    await Promise.all(this.writes.values());
  }

  private beatAll(): void {
    // A tenant whose last write is still on its way (a slow store) skips this beat rather than queueing it.
    for (const tenantId of this.sending.keys()) if (!this.writes.has(tenantId)) void this.beat(tenantId);
  }

  private beat(tenantId: string): Promise<void> {
    const { senders: repository, instanceId, now, logger } = this.options;
    return this.inOrder(tenantId, async () => {
      const limiter = this.sending.get(tenantId)?.limiter;
      if (!limiter) return; // left meanwhile
      const rate = limiter.tenantRate;
      const demand = limiter.demand();
      try {
        const { ceiling } = await repository.beat(tenantId, instanceId, now(), now() + this.beatMs * EXPIRY_BEATS, (others) => {
          const ceiling = decideCeiling(rate, demand, others);
          // Lower at once (before the write says so); raise only once it is written.
          if (ceiling < limiter.ceiling) limiter.setShare(ceiling / rate);
          return { demand, ceiling };
        });
        if (this.sending.get(tenantId)?.limiter === limiter) limiter.setShare(ceiling / rate);
      } catch (error) {
        // Keep the last share: a store hiccup is no reason to speed up or stop.
        logger.warn({ err: error, tenantId }, 'could not renew a rate share');
      }
    });
  }

  private inOrder(tenantId: string, write: () => Promise<void>): Promise<void> {
    const next = (this.writes.get(tenantId) ?? Promise.resolve()).then(write);
    this.writes.set(tenantId, next);
    void next.finally(() => {
      if (this.writes.get(tenantId) === next) this.writes.delete(tenantId);
    });
    return next;
  }
}
