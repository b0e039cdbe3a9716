import type { Container } from '@azure/cosmos';
import { tenantKey } from './containers';
import { readDocument, StoredDocument, updateDocument } from './documents';

/**
 * One small document per tenant (in the tenants container) holds the directory
 * sync's state: the page checkpoint of the sync under way, the delta link of the last
 * completed one, counts and the last error. Its lease keeps two instances from
 * syncing one tenant at once; a crashed instance's lease runs out and another resumes
 * from the checkpoint.
 */
export type SyncStatus = 'running' | 'completed' | 'failed';
export type SyncMode = 'full' | 'delta';

export interface SyncCounts {
  received: number;
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
}

export interface DirectorySyncState {
  tenantId: string;
  syncId: string;
  status: SyncStatus;
  mode: SyncMode;
  requestedBy: string;
  startedAt: string;
  updatedAt: string;
  finishedAt?: string;
  pages: number;
  counts: SyncCounts;
  /** The page to read next (the checkpoint), while running. */
  nextLink?: string;
  /** Where the next incremental sync starts: from the last completed sync. */
  deltaLink?: string;
  error?: { code: string; message: string; at: string };
  leaseOwner?: string;
  leaseUntil?: number;
}

type SyncDocument = StoredDocument & DirectorySyncState & { type: 'directorySync' };

export const emptyCounts = (): SyncCounts => ({ received: 0, created: 0, updated: 0, unchanged: 0, removed: 0 });

export class DirectorySyncRepository {
  constructor(private readonly container: Container) {}

  private key(tenantId: string) {
    return { id: tenantKey(tenantId, 'directorySync'), pk: tenantId };
  }

  async get(tenantId: string): Promise<DirectorySyncState | undefined> {
    const { id, pk } = this.key(tenantId);
    const document = await readDocument<SyncDocument>(this.container, id, pk);
    if (!document) return undefined;
    const { id: _id, pk: _pk, type: _type, _etag, ...state } = document;
    return state;
  }

  /**
   * Changes the state under its etag; `change` returns undefined to refuse (the
   * lease is someone else's). Returns the stored state, or undefined when refused.
   */
  async update(tenantId: string, change: (current: DirectorySyncState | undefined) => DirectorySyncState | undefined): Promise<DirectorySyncState | undefined> {
    const { id, pk } = this.key(tenantId);
    let refused = false;
    const saved = await updateDocument<SyncDocument>(this.container, id, pk, (current) => {
      const next = change(current && (({ id: _i, pk: _p, type: _t, _etag: _e, ...state }) => state)(current));
      if (!next) {
        refused = true;
        return undefined;
      }
      return { ...next, id, pk, type: 'directorySync', ...(current?._etag && { _etag: current._etag }) };
    });
    return refused || !saved ? undefined : this.get(tenantId);
  }

  /** Tenants that have synced (or tried) at least once: the periodic job's list. A small container, a rare query. */
  async tenants(): Promise<string[]> {
    const { resources } = await this.container.items
      .query<{ tenantId: string }>('SELECT c.tenantId FROM c WHERE c.type = "directorySync"')
      .fetchAll();
    return resources.map((r) => r.tenantId);
  }
}
