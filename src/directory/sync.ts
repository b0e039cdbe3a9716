import { randomUUID } from 'crypto';
import type { Logger } from '../log';
import type { DirectorySyncRepository, DirectorySyncState, SyncCounts } from '../store/directory-sync';
import { emptyCounts } from '../store/directory-sync';
import type { PeopleRepository } from '../store/people';
import { GraphClient, GraphError } from './graph-client';
import { profileUpdateOf } from './graph-users';

/**
 * The directory sync of one tenant, page by page: a full round of users/delta the
 * first time (and when Graph forgets our delta link), then only the changes from the
 * stored delta link. After each page the people are saved and then the checkpoint
 * (the next link); a process that dies in between redoes that page, which is
 * idempotent. Another instance resumes a sync whose lease has run out.
 */
export const SYNC_LEASE_MS = 120_000;

export interface DirectorySyncDependencies {
  people: PeopleRepository;
  states: DirectorySyncRepository;
  /** The tenant's Graph client, or undefined where directory sync is not configured. */
  graphFor: (tenantId: string) => GraphClient | undefined;
  logger: Logger;
  now?: () => Date;
  leaseMs?: number;
  /** Called after each page is applied; tests stop a sync mid-way with it. */
  onPage?: (tenantId: string, state: DirectorySyncState) => void;
}

export class DirectorySyncNotConfigured extends Error {}

const add = (a: SyncCounts, b: Partial<SyncCounts>): SyncCounts => ({
  received: a.received + (b.received ?? 0),
  created: a.created + (b.created ?? 0),
  updated: a.updated + (b.updated ?? 0),
  unchanged: a.unchanged + (b.unchanged ?? 0),
  removed: a.removed + (b.removed ?? 0),
});

export class DirectorySync {
  readonly instanceId = randomUUID();
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;
  private readonly now: () => Date;
  private readonly leaseMs: number;

  constructor(private readonly deps: DirectorySyncDependencies) {
    this.now = deps.now ?? (() => new Date());
    this.leaseMs = deps.leaseMs ?? SYNC_LEASE_MS;
  }

  isConfigured(tenantId: string): boolean {
    return this.deps.graphFor(tenantId) !== undefined;
  }

  /**
   * Starts a sync unless one is under way (then that one is returned). Incremental
   * when a delta link is stored, full otherwise.
   */
  async request(tenantId: string, requestedBy: string): Promise<DirectorySyncState> {
    const graph = this.deps.graphFor(tenantId);
    if (!graph) throw new DirectorySyncNotConfigured();
    const at = this.now();
    let started = false;
    const state = await this.deps.states.update(tenantId, (current) => {
      if (current?.status === 'running' && (current.leaseUntil ?? 0) > at.getTime()) return current;
      started = true;
      // Abandoned by a crashed instance, or stopped by an error: resume from its checkpoint.
      if (current?.status === 'running' || (current?.status === 'failed' && current.nextLink)) {
        return this.withLease({ ...current, status: 'running', error: undefined, finishedAt: undefined }, at);
      }
      const mode = current?.deltaLink ? 'delta' : 'full';
      return this.withLease(
        { tenantId, syncId: randomUUID(), status: 'running', mode, requestedBy, startedAt: at.toISOString(), updatedAt: at.toISOString(), pages: 0, counts: emptyCounts(), nextLink: current?.deltaLink ?? graph.firstDeltaUrl(), deltaLink: current?.deltaLink },
        at,
      );
    });
    if (!state) throw new Error('directory sync state could not be written');
    if (started || state.leaseOwner === this.instanceId) this.launch(tenantId, graph);
    return state;
  }

  /** Resumes syncs left running by an instance that stopped (its lease ran out). */
  async resumeAbandoned(): Promise<void> {
    for (const tenantId of await this.deps.states.tenants()) {
      const state = await this.deps.states.get(tenantId);
      if (state?.status === 'running' && (state.leaseUntil ?? 0) <= this.now().getTime() && this.isConfigured(tenantId)) {
        await this.request(tenantId, state.requestedBy);
      }
    }
  }

  /** Resolves when the tenant's sync in this process (if any) has finished. */
  async settled(tenantId: string): Promise<void> {
    await this.running.get(tenantId);
  }

  /** Stops between pages, leaving the lease to run out (as a crash would): another instance resumes. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.running.values());
  }

  private withLease(state: DirectorySyncState, at: Date): DirectorySyncState {
    return { ...state, leaseOwner: this.instanceId, leaseUntil: at.getTime() + this.leaseMs, updatedAt: at.toISOString() };
  }

  private launch(tenantId: string, graph: GraphClient): void {
    if (this.running.has(tenantId)) return;
    const run = this.run(tenantId, graph)
      .catch((error) => this.deps.logger.error({ err: error, tenantId }, 'directory sync failed'))
      .finally(() => this.running.delete(tenantId));
    this.running.set(tenantId, run);
  }

  /** Changes our state only while we hold the lease. */
  private async mine(tenantId: string, change: (state: DirectorySyncState) => DirectorySyncState): Promise<DirectorySyncState | undefined> {
    return this.deps.states.update(tenantId, (current) => (current?.status === 'running' && current.leaseOwner === this.instanceId ? change(current) : undefined));
  }

  private async run(tenantId: string, graph: GraphClient): Promise<void> {
    let state = await this.deps.states.get(tenantId);
    while (state?.status === 'running' && state.nextLink && !this.stopped) {
      try {
        const page = await graph.page(state.nextLink);
        const updates = page.value.map((user) => profileUpdateOf(user, state!.syncId));
        const saved = await this.deps.people.save(tenantId, updates, this.now().toISOString());
        const removed = updates.filter((u) => u.profile.deleted).length;
        const nextLink = page['@odata.nextLink'];
        const deltaLink = page['@odata.deltaLink'];
        state = await this.mine(tenantId, (current) =>
          this.withLease({ ...current, pages: current.pages + 1, counts: add(current.counts, { ...saved, received: updates.length, removed }), nextLink, ...(deltaLink && { deltaLink }) }, this.now()),
        );
        if (state) this.deps.onPage?.(tenantId, state);
        if (state && !nextLink) state = await this.finish(tenantId, state);
      } catch (error) {
        state = await this.fail(tenantId, graph, error);
      }
    }
  }

  private async finish(tenantId: string, state: DirectorySyncState): Promise<DirectorySyncState | undefined> {
    let removed = 0;
    if (state.mode === 'full') {
      // A full round lists everyone: whoever it did not see has left the directory.
      const gone = await this.deps.people.notSeenInSync(tenantId, state.syncId);
      if (gone.length > 0) await this.deps.people.save(tenantId, gone.map((userId) => ({ userId, source: 'graph', profile: { deleted: true } })), this.now().toISOString());
      removed = gone.length;
    }
    const finished = await this.mine(tenantId, (current) => ({ ...current, status: 'completed', finishedAt: this.now().toISOString(), updatedAt: this.now().toISOString(), counts: add(current.counts, { removed }), nextLink: undefined, error: undefined, leaseOwner: undefined, leaseUntil: undefined }));
    this.deps.logger.info({ tenantId, mode: state.mode, pages: state.pages, counts: finished?.counts }, 'directory sync completed');
    return finished;
  }

  private async fail(tenantId: string, graph: GraphClient, error: unknown): Promise<DirectorySyncState | undefined> {
    const at = this.now().toISOString();
    if (error instanceof GraphError && error.code === 'graph_delta_expired') {
      this.deps.logger.warn({ tenantId }, 'delta link expired: full directory sync');
      return this.mine(tenantId, (current) => ({ ...current, mode: 'full', nextLink: graph.firstDeltaUrl(), deltaLink: undefined, syncId: randomUUID(), updatedAt: at }));
    }
    const code = error instanceof GraphError ? error.code : 'sync_failed';
    const message = error instanceof GraphError ? error.message : 'The directory sync failed; it resumes from the same page next time.';
    this.deps.logger.warn({ err: error, tenantId, code }, 'directory sync stopped');
    // The checkpoint stays: the next sync resumes from the page that failed.
    return this.mine(tenantId, (current) => ({ ...current, status: 'failed', finishedAt: at, updatedAt: at, error: { code, message, at }, leaseOwner: undefined, leaseUntil: undefined }));
  }
}
