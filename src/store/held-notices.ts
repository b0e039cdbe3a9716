import type { Container } from '@azure/cosmos';
import { tenantKey } from './containers';
import { isCosmosError } from './cosmos';
import { readDocument, StoredDocument } from './documents';

/**
 * Notices held back for a while (a post's comment notices wait out their interval),
 * kept in the store so that any instance sends them when they fall due: an instance
 * that dies holding one no longer takes it along. One small document per held
 * notice, deleted once sent, in the announcements container: the scheduler's
 * per-tick query already reads that small container, never the big ones.
 */
export interface HeldNotice {
  tenantId: string;
  /** What the notice is about: the post whose comments it reports. */
  postId: string;
  /** Epoch milliseconds. */
  dueAt: number;
  /** The instance sending it now, until `claimedUntil` (a dead sender's claim expires). */
  claimedBy?: string;
  claimedUntil?: number;
}

type HeldNoticeDocument = StoredDocument & HeldNotice & { type: 'heldNotice' };
export type StoredHeldNotice = HeldNotice & { _etag: string };

const keyOf = (tenantId: string, postId: string) => tenantKey(tenantId, postId, 'held-notice');

export class HeldNoticeRepository {
  constructor(private readonly container: Container) {}

  /** Holds the post's notice until `dueAt` (again: a later hold moves it on and frees any claim). */
  async hold(tenantId: string, postId: string, dueAt: number): Promise<void> {
    const key = keyOf(tenantId, postId);
    await this.container.items.upsert<HeldNoticeDocument>({ id: key, pk: key, tenantId, type: 'heldNotice', postId, dueAt });
  }

  async get(tenantId: string, postId: string): Promise<StoredHeldNotice | undefined> {
    const key = keyOf(tenantId, postId);
    return readDocument<HeldNoticeDocument & StoredHeldNotice>(this.container, key, key);
  }

  /** Notices due by `now`, every tenant, the longest due first. */
  async due(now: number, limit = 50): Promise<StoredHeldNotice[]> {
    const { resources } = await this.container.items
      .query<HeldNoticeDocument & StoredHeldNotice>({
        query: 'SELECT TOP @limit * FROM c WHERE c.type = "heldNotice" AND c.dueAt <= @now ORDER BY c.dueAt',
        parameters: [
          { name: '@limit', value: limit },
          { name: '@now', value: now },
        ],
      })
      .fetchAll();
    return resources;
  }

  /** Takes the notice for `instanceId` unless another live instance has it; the claimed version, or undefined. */
  async claim(notice: StoredHeldNotice, instanceId: string, now: number, forMs: number): Promise<StoredHeldNotice | undefined> {
    if (notice.claimedBy && notice.claimedBy !== instanceId && (notice.claimedUntil ?? 0) > now) return undefined;
    const key = keyOf(notice.tenantId, notice.postId);
    try {
      const { resource } = await this.container
        .item(key, key)
        .replace<HeldNoticeDocument>({ id: key, pk: key, type: 'heldNotice', tenantId: notice.tenantId, postId: notice.postId, dueAt: notice.dueAt, claimedBy: instanceId, claimedUntil: now + forMs }, { accessCondition: { type: 'IfMatch', condition: notice._etag } });
      return resource as StoredHeldNotice | undefined;
    } catch (error) {
      if (isCosmosError(error, 412) || isCosmosError(error, 404)) return undefined;
      throw error;
    }
  }

  /** The notice was sent: forget it, unless it was held again meanwhile (then it waits for its new time). */
  async release(notice: StoredHeldNotice): Promise<void> {
    const key = keyOf(notice.tenantId, notice.postId);
    try {
      await this.container.item(key, key).delete({ accessCondition: { type: 'IfMatch', condition: notice._etag } });
    } catch (error) {
      if (isCosmosError(error, 412) || isCosmosError(error, 404)) return;
      throw error;
    }
  }
}
