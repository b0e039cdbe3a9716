import { randomUUID } from 'crypto';
import { hostname } from 'os';
import type { Logger } from '../log';
import type { SenderRepository } from '../store/senders';
import { BudgetStore, ConversationBudget } from './conversation-budget';
import type { OutboundKind } from './conversation-windows';
import { TenantLimiter } from './rate-limit';
import { classifyError } from './sender';
import { TenantShares } from './tenant-shares';
import { countOutboundCall } from '../telemetry/metrics';

/**
 * The one way Commons calls Teams proactively: announcements (send, edit, recall),
 * card refreshes, comment and held notices, welcomes, and whatever comes next
 * (digests, kudos notifications). Every call spends from two budgets that hold for the
 * app as a whole, however many instances run on one store:
 *  - the tenant's rate (DELIVERY_MAX_RPS, Teams' ~50 requests/s per app per tenant):
 *    a TenantLimiter per tenant here, its rate split with the other instances sending
 *    for the tenant (TenantShares: one small document per tenant, written once a second);
 *  - the conversation's windows (7/1 s, 8/2 s, 60/30 s, 1,800/h; card updates 5/s per
 *    conversation and 1/s per copy; a 429's Retry-After): ConversationBudget, one small
 *    document per conversation, a slot taken by an _etag-guarded write.
 *
 * Using it (e.g. a kudos notification into the recipient's personal chat):
 *
 *     await outbound.send({ tenantId, conversationId: chat.conversationId }, () => messenger.sendCard(chat, card));
 *     // a card update names the copy it replaces:
 *     await outbound.send({ tenantId, conversationId, kind: 'update', activityId }, () => messenger.updateCard(chat, activityId, card));
 *
 * `send` resolves with what the call returned once the budgets allowed it; it waits
 * as long as they require (pass `abandoned` to give up waiting: it then rejects with
 * Abandoned and nothing was sent). A failed call rejects with a classified
 * DeliveryError (`kind`: throttled, transient, permanent); retrying is the caller's
 * choice (backoffMs in limits.ts), and a 429 with Retry-After already holds the
 * conversation for every instance. The call gets `leaving`, to say when its request
 * actually leaves (after signing), which the tenant limiter counts from.
 */
export interface OutboundTarget {
  tenantId: string;
  /** The conversation the call goes into (a channel thread counts as its channel). */
  conversationId: string;
  /** 'message' (default), 'update' (updateActivity) or 'delete'. */
  kind?: OutboundKind;
  /** For an update: the copy (activity id) it replaces, at most once a second. */
  activityId?: string;
}

export interface OutboundSendOptions {
  /** Checked while waiting; true gives up (Abandoned) without sending. */
  abandoned?: () => boolean;
}

/** The call was given up before it was made (`abandoned()` became true). */
export class Abandoned extends Error {
  constructor() {
    super('the outbound call was given up before it was made');
    this.name = 'Abandoned';
  }
}

export interface OutboundOptions {
  budgets: BudgetStore;
  senders: Pick<SenderRepository, 'beat' | 'leave'>;
  /** Tenant-wide requests per second (DELIVERY_MAX_RPS). */
  maxRps: number;
  instanceId: string;
  logger: Logger;
  now?: () => number;
  /** How long to wait for a conversation slot; tests may run a virtual clock. */
  sleep?: (ms: number) => Promise<void>;
  /** How often this instance renews its part of each tenant's rate. */
  beatMs?: number;
}

/** A tenant this instance sent nothing for in this long stops counting as a sender for it. */
const IDLE_MS = 3_000;
const ABANDON_CHECK_MS = 250;

interface TenantState {
  limiter: TenantLimiter;
  joined?: Promise<void>;
  inFlight: number;
  lastUsed: number;
}

export class Outbound {
  readonly budget: ConversationBudget;
  private readonly shares: TenantShares;
  private readonly tenants = new Map<string, TenantState>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private idleTimer?: NodeJS.Timeout;

  constructor(private readonly options: OutboundOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.budget = new ConversationBudget(options.budgets);
    this.shares = new TenantShares({ senders: options.senders, instanceId: options.instanceId, now: this.now, logger: options.logger, beatMs: options.beatMs });
  }

  /** The tenant's limiter on this instance (its rate is this instance's part of the tenant's). */
  limiter(tenantId: string): TenantLimiter {
    return this.tenant(tenantId).limiter;
  }

  /** The most this instance may send for the tenant per second now. */
  ceiling(tenantId: string): number {
    return this.tenant(tenantId).limiter.ceiling;
  }

  /** When a call into the conversation could go, as far as this instance knows (a hint for schedulers). */
  nextAllowedAt(target: OutboundTarget, now = this.now()): number {
    return this.budget.nextAllowedAt(target.tenantId, target.conversationId, now, target.kind, target.activityId);
  }

  async send<T>(target: OutboundTarget, call: (leaving: () => void) => Promise<T>, options: OutboundSendOptions = {}): Promise<T> {
    const tenant = this.tenant(target.tenantId);
    tenant.inFlight++;
    tenant.lastUsed = this.now();
    try {
      await (tenant.joined ??= this.shares.join(target.tenantId, tenant.limiter));
      const permit = await this.slot(tenant, target, options);
      try {
        const result = await call(permit.leaving);
        permit.settle(false);
        countOutboundCall(target.kind ?? 'message', 'ok');
        return result;
      } catch (error) {
        const failure = classifyError(error);
        permit.settle(failure.kind === 'throttled');
        countOutboundCall(target.kind ?? 'message', failure.kind === 'throttled' ? 'throttled' : 'failed');
        if (failure.kind === 'throttled' && failure.retryAfterMs !== undefined) {
          await this.budget
            .block(target.tenantId, target.conversationId, this.now() + failure.retryAfterMs)
            .catch((blockError) => this.options.logger.warn({ err: blockError, conversationId: target.conversationId }, 'could not hold a throttled conversation'));
        }
        throw failure;
      }
    } finally {
      tenant.inFlight--;
      tenant.lastUsed = this.now();
    }
  }

  /** A permit from the tenant's rate with a slot in the conversation taken, in that order (the slot is taken when the call goes). */
  private async slot(tenant: TenantState, target: OutboundTarget, options: OutboundSendOptions) {
    for (;;) {
      if (options.abandoned?.()) throw new Abandoned();
      const permit = await tenant.limiter.take(options.abandoned);
      if (options.abandoned?.()) {
        permit.cancel();
        throw new Abandoned();
      }
      let wait: number;
      try {
        wait = await this.budget.reserve(target.tenantId, target.conversationId, this.now, target.kind, target.activityId);
      } catch (error) {
        permit.cancel();
        throw error;
      }
      if (wait === 0) return permit;
      // The conversation is full: the tenant's place goes to someone else meanwhile.
      permit.cancel();
      await this.pause(wait, options.abandoned);
    }
  }

  /** Waits `ms`, looking every quarter second whether the caller gave up. */
  private async pause(ms: number, abandoned?: () => boolean): Promise<void> {
    const until = this.now() + ms;
    for (let left = ms; left > 0 && !abandoned?.(); left = until - this.now()) await this.sleep(Math.min(left, ABANDON_CHECK_MS));
  }

  private tenant(tenantId: string): TenantState {
    let tenant = this.tenants.get(tenantId);
    if (!tenant) {
      tenant = { limiter: new TenantLimiter(this.options.maxRps, this.now), inFlight: 0, lastUsed: this.now() };
      this.tenants.set(tenantId, tenant);
      this.idleTimer ??= setInterval(() => this.leaveIdle(), IDLE_MS / 3).unref();
    }
    return tenant;
  }

  /** Tenants this instance has stopped sending for hand their part of the rate back. */
  private leaveIdle(): void {
    for (const [tenantId, tenant] of this.tenants) {
      if (!tenant.joined || tenant.inFlight > 0 || this.now() - tenant.lastUsed < IDLE_MS) continue;
      tenant.joined = undefined;
      this.shares.leave(tenantId);
    }
  }

  /** Shutdown: hands back every tenant's part of the rate. */
  async stop(): Promise<void> {
    if (this.idleTimer) clearInterval(this.idleTimer);
    this.idleTimer = undefined;
    for (const [tenantId, tenant] of this.tenants) {
      if (!tenant.joined) continue;
      await tenant.joined.catch(() => undefined);
      tenant.joined = undefined;
      this.shares.leave(tenantId);
    }
    await this.shares.flush();
  }

  /** As a killed process: no more beats; this instance's parts expire on their own. */
  crash(): void {
    if (this.idleTimer) clearInterval(this.idleTimer);
    this.idleTimer = undefined;
    this.shares.stopBeating();
  }
}

/** A name for this process among the instances on one store (leases, rate shares). */
export function newInstanceId(): string {
  return `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
}
