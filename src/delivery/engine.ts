import type { ActivityRecorder } from '../domain/analytics';
import { AnnouncementEngagementView, deliveredAnnouncementCard } from '../cards/announcement';
import type { AdaptiveCard } from '../cards/types';
import type { Announcement } from '../domain/announcements';
import type { Logger } from '../log';
import type { AnnouncementRepository } from '../store/announcements';
import type { DeliveryRepository } from '../store/deliveries';
import type { SenderRepository } from '../store/senders';
import type { AudienceLookups } from './audience';
import { DEFAULT_TIMINGS, DeliveryTimings } from './limits';
import type { BudgetStore } from './conversation-budget';
import { newInstanceId, Outbound } from './outbound';
import { SendRun } from './run';
import type { PersonReacher } from './proactive-install';
import type { DeliverySender } from './sender';

export interface DeliveryEngineOptions {
  announcements: AnnouncementRepository;
  deliveries: DeliveryRepository;
  /**
   * The budgets every proactive send of this instance spends from (one Outbound per
   * process, shared with card refreshes and notices). Without one, the engine makes
   * its own from `senders` and `budgets`.
   */
  outbound?: Outbound;
  /** Who sends for each tenant now (the tenant's rate is split between them). */
  senders: SenderRepository;
  /** Each conversation's recent sends (the per-conversation budget). */
  budgets?: BudgetStore;
  lookups: AudienceLookups;
  sender: DeliverySender;
  logger: Logger;
  /** Tenant-wide Bot Connector requests per second (DELIVERY_MAX_RPS). */
  maxRps: number;
  timings?: Partial<DeliveryTimings>;
  /** The clock for due times and leases; tests may move it. */
  now?: () => number;
  instanceId?: string;
  /** Where the card's "Open in Commons" button leads. */
  tabUrl?: string;
  cardFor?: (announcement: Announcement, engagement?: AnnouncementEngagementView) => AdaptiveCard;
  /** An announcement's reactions and comments, so an edit keeps their counts on the copies. */
  engagementOf?: (announcement: Announcement) => Promise<AnnouncementEngagementView | undefined>;
  random?: () => number;
  /** Proactive installation for people without a personal chat (tenant setting; off by default). */
  reacher?: PersonReacher;
  /** Told once an announcement starts going out. */
  sendingStarted?: (announcement: Announcement) => Promise<void>;
  /** Analytics: each delivered copy. */
  activity?: ActivityRecorder;
}

const keyOf = (tenantId: string, announcementId: string) => `${tenantId}|${announcementId}`;
/** A start timer may fire a little before its due time by the clock. */
const DUE_EARLY_TOLERANCE_MS = 100;

/**
 * The scheduler and the owner of this instance's sends. Every tick it asks the
 * store for work due soon, arms a timer for work due within the tick, and takes
 * the lease of each due announcement it can; a run drives the send while the lease
 * is held. Several instances may run against one store: the lease (an _etag-guarded
 * document with an expiry) makes one of them drive each send, and a crashed
 * instance's send is resumed by another once its lease expires.
 *
 * Every call to Teams goes through the Outbound budgets (the tenant's rate split
 * between instances, each conversation's windows shared through the store), the same
 * ones card refreshes and notices spend from.
 */
export class DeliveryEngine {
  readonly instanceId: string;
  readonly timings: DeliveryTimings;
  private readonly now: () => number;
  private readonly runs = new Map<string, { run: SendRun; done: Promise<void> }>();
  private readonly starts = new Map<string, NodeJS.Timeout>();
  /** Sends between "due" and "running" (taking the lease): a tick must not start them again. */
  private readonly starting = new Set<string>();
  readonly outbound: Outbound;
  /** An Outbound the engine made for itself is its to stop. */
  private readonly ownsOutbound: boolean;
  private tickTimer?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  private ticking?: Promise<void>;
  private again = false;
  private running = false;

  constructor(private readonly options: DeliveryEngineOptions) {
    this.instanceId = options.instanceId ?? newInstanceId();
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.now = options.now ?? Date.now;
    this.ownsOutbound = !options.outbound;
    if (!options.outbound && !options.budgets) throw new Error('DeliveryEngine needs an outbound, or budgets to make one');
    this.outbound =
      options.outbound ?? new Outbound({ budgets: options.budgets!, senders: options.senders, maxRps: options.maxRps, instanceId: this.instanceId, logger: options.logger, now: this.now });
  }

  start(): this {
    if (this.running) return this;
    this.running = true;
    this.unsubscribe = this.options.announcements.onChanged((tenantId, announcementId) => {
      const active = this.runs.get(keyOf(tenantId, announcementId));
      if (active) active.run.refresh();
      this.wake();
    });
    this.tickTimer = setInterval(() => this.wake(), this.timings.tickMs);
    this.wake();
    return this;
  }

  /** Graceful: runs stop claiming, finish what is in flight, save their checkpoint and hand back their leases. */
  async stop(): Promise<void> {
    this.halt();
    for (const { run } of this.runs.values()) run.stop();
    await Promise.all([...this.runs.values()].map(({ done }) => done));
    await this.ticking?.catch(() => undefined);
    if (this.ownsOutbound) await this.outbound.stop();
  }

  /** For tests: stop as a killed process would, leaving leases to expire and in-flight records "sending". */
  crash(): void {
    this.halt();
    if (this.ownsOutbound) this.outbound.crash();
    for (const { run } of this.runs.values()) run.crash();
    this.runs.clear();
  }

  /** Sends this instance drives right now. */
  activeRuns(): SendRun[] {
    return [...this.runs.values()].map(({ run }) => run);
  }

  private halt(): void {
    this.running = false;
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.unsubscribe?.();
    for (const timer of this.starts.values()) clearTimeout(timer);
    this.starts.clear();
  }

  /** Looks for due work now (coalesced: one look at a time, one more if asked meanwhile). */
  wake(): void {
    if (!this.running) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = this.tick()
      .catch((error) => this.options.logger.warn({ err: error }, 'delivery scheduler tick failed'))
      .finally(() => {
        this.ticking = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async tick(): Promise<void> {
    const now = this.now();
    const due = await this.options.announcements.due(new Date(now + this.timings.tickMs).toISOString());
    for (const work of due) {
      const key = keyOf(work.tenantId, work.announcementId);
      if (this.runs.has(key) || this.starts.has(key) || this.starting.has(key)) continue;
      const wait = Date.parse(work.dueAt) - this.now();
      if (wait <= 0) {
        await this.tryStart(work.tenantId, work.announcementId);
      } else {
        // Due before the next tick: a timer starts it on time rather than up to a tick late.
        this.starts.set(
          key,
          setTimeout(() => {
            this.starts.delete(key);
            this.tryStart(work.tenantId, work.announcementId).catch((error) => this.options.logger.warn({ err: error }, 'could not start a send'));
          }, wait),
        );
      }
    }
  }

  private async tryStart(tenantId: string, announcementId: string): Promise<void> {
    const key = keyOf(tenantId, announcementId);
    if (!this.running || this.runs.has(key) || this.starting.has(key)) return;
    this.starting.add(key);
    try {
      await this.launch(tenantId, announcementId, key);
    } finally {
      this.starting.delete(key);
    }
  }

  private async launch(tenantId: string, announcementId: string, key: string): Promise<void> {
    const { announcements, deliveries, lookups, sender, logger } = this.options;
    // The due list may be a moment old: a job that ended (or was paused or moved to a later
    // time) since needs no lease and no new epoch; the run reads the announcement again
    // once it holds the lease, as it may change until then.
    const announcement = await announcements.get(tenantId, announcementId);
    if (!announcement?.work || Date.parse(announcement.work.dueAt) > this.now() + DUE_EARLY_TOLERANCE_MS) return;
    const lease = await deliveries.acquireLease(tenantId, announcementId, this.instanceId, this.now(), this.timings.leaseMs);
    if (!lease || !this.running || this.runs.has(key)) return;
    const run = new SendRun(
      {
        announcements,
        deliveries,
        lookups,
        sender,
        outbound: this.outbound,
        timings: this.timings,
        now: this.now,
        instanceId: this.instanceId,
        logger,
        random: this.options.random,
        reacher: this.options.reacher,
        activity: this.options.activity,
        cardFor: this.options.cardFor ?? ((a, engagement) => deliveredAnnouncementCard(a, { tabUrl: this.options.tabUrl, engagement })),
        engagementOf: this.options.engagementOf,
        sendingStarted: this.options.sendingStarted,
      },
      announcement,
      lease,
    );
    logger.info({ tenantId, announcementId, epoch: lease.epoch, instance: this.instanceId }, 'driving a send');
    const done = run
      .run()
      .finally(() => {
        if (this.runs.get(key)?.run === run) this.runs.delete(key);
        // The next job (an edit after the send, a recall) may be due at once.
        this.wake();
      });
    this.runs.set(key, { run, done });
  }
}
