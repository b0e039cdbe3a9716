import type { Logger } from '../log';
import type { DirectorySyncRepository } from '../store/directory-sync';
import type { DirectorySync } from './sync';

/**
 * Every GRAPH_SYNC_INTERVAL_MINUTES: resume abandoned syncs and start an incremental
 * one for each tenant whose last sync is older than the interval. The tenants are
 * those that synced before (an admin's first POST /api/v1/directory/sync) plus the
 * bot's own tenant, so a new single-tenant deployment fills its directory unasked.
 */
export class DirectorySyncSchedule {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly sync: DirectorySync,
    private readonly states: DirectorySyncRepository,
    private readonly options: { intervalMs: number; homeTenantId?: string; logger: Logger; now?: () => Date },
  ) {}

  start(): this {
    if (this.options.intervalMs <= 0) return this;
    const tick = () => this.tick().catch((error) => this.options.logger.warn({ err: error }, 'directory sync schedule failed'));
    void tick();
    this.timer = setInterval(tick, Math.min(this.options.intervalMs, 60_000)).unref();
    return this;
  }

  async tick(): Promise<void> {
    const now = (this.options.now ?? (() => new Date()))().getTime();
    await this.sync.resumeAbandoned();
    const tenants = new Set(await this.states.tenants());
    if (this.options.homeTenantId) tenants.add(this.options.homeTenantId);
    for (const tenantId of tenants) {
      if (!this.sync.isConfigured(tenantId)) continue;
      const state = await this.states.get(tenantId);
      const last = state?.finishedAt ? Date.parse(state.finishedAt) : 0;
      if (state?.status !== 'running' && now - last >= this.options.intervalMs) await this.sync.request(tenantId, 'schedule');
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
