import type { Logger } from '../log';
import type { HeldNoticeKind, HeldNoticeRepository, StoredHeldNotice } from '../store/held-notices';

export interface HeldNoticeSweeperOptions {
  notices: HeldNoticeRepository;
  /** Sends what the notice holds now (the sender of its kind); `retryAt` when it must wait again. */
  flush(tenantId: string, subjectId: string, kind: HeldNoticeKind): Promise<{ retryAt?: number }>;
  instanceId: string;
  logger: Logger;
  now?: () => number;
  /** How often to look for due notices. */
  tickMs?: number;
  /** How long a claim keeps other instances off a notice being sent. */
  claimMs?: number;
  /** Only these kinds (the rest stay held for an instance that runs them); every kind if absent. */
  kinds?: readonly HeldNoticeKind[];
}

/**
 * Sends held notices when they fall due, whichever instance held them: every tick it
 * reads the due ones (oldest first), claims each under _etag so one instance sends it,
 * and forgets it once sent (or holds it again for its next time). A notice whose
 * sender died is sent by another instance once the claim expires.
 */
export class HeldNoticeSweeper {
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;
  private readonly now: () => number;

  constructor(private readonly options: HeldNoticeSweeperOptions) {
    this.now = options.now ?? Date.now;
  }

  start(): this {
    this.timer ??= setInterval(() => this.tick(), this.options.tickMs ?? 1_000);
    this.timer.unref();
    return this;
  }

  /** Stops looking; waits for a sweep under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.sweeping;
  }

  /** Looks now (one look at a time). */
  tick(): Promise<void> {
    this.sweeping ??= this.sweep()
      .catch((error) => this.options.logger.warn({ err: error }, 'held notice sweep failed'))
      .finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweep(): Promise<void> {
    const { notices, instanceId } = this.options;
    for (const due of await notices.due(this.now(), undefined, this.options.kinds)) {
      const claimed = await notices.claim(due, instanceId, this.now(), this.options.claimMs ?? 30_000);
      if (claimed) await this.send(claimed);
    }
  }

  private async send(notice: StoredHeldNotice): Promise<void> {
    const { notices, flush, logger } = this.options;
    try {
      const { retryAt } = await flush(notice.tenantId, notice.subjectId, notice.kind);
      if (retryAt) await notices.hold(notice.tenantId, notice.subjectId, retryAt, notice.kind);
      else await notices.release(notice);
    } catch (error) {
      // The claim expires and the notice is tried again.
      logger.warn({ err: error, tenantId: notice.tenantId, kind: notice.kind, subjectId: notice.subjectId }, 'could not send a held notice');
    }
  }
}
