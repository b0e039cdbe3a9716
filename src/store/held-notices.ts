import type { Container } from '@azure/cosmos';
import { tenantKey } from './containers';
import { isCosmosError } from './cosmos';
import { readDocument, StoredDocument, updateDocument } from './documents';

/**
 * Notices held back for a while (a post's comment notices wait out their interval,
 * a person's kudos notices gather into one message), kept in the store so that any
 * instance sends them when they fall due: an instance that dies holding one no
 * longer takes it along. One small document per held notice, deleted once sent, in
 * the announcements container: the scheduler's per-tick query already reads that
 * small container, never the big ones.
 */
export const HELD_NOTICE_KINDS = ['comments', 'kudos', 'kudosRecord', 'amaClose', 'studioReview', 'digest', 'weeklyDigest', 'digestRecord', 'weeklyReach', 'privacy', 'erasure', 'analyticsClose'] as const;
export type HeldNoticeKind = (typeof HELD_NOTICE_KINDS)[number];

/**
 * The kinds whose work stays in the store (recording, retention, erasure): they must
 * run even where nothing can be sent (delivery disabled for want of bot credentials),
 * or a person's erasure would wait for ever. The others send a message and wait, held,
 * until delivery is on.
 */
export const STORE_ONLY_NOTICE_KINDS: readonly HeldNoticeKind[] = ['kudosRecord', 'digestRecord', 'privacy', 'erasure', 'analyticsClose'];

export interface HeldNotice {
  tenantId: string;
  /** Which sender flushes it: comment notices to a post's author, kudos notices to a person. */
  kind: HeldNoticeKind;
  /** What it is about: the post (comments; kudosRecord: a kudos whose recording may not have finished; amaClose: an event to close at its end), the person told (kudos); privacy: the tenant's hourly purge and retention run (subject PRIVACY_JOB_SUBJECT); digestRecord: an event whose digest entries may not be recorded yet (delivery/digest-outbox.ts); weeklyReach: the tenant's weekly walk of its directory (delivery/weekly-reach.ts); erasure: a person's erasure job, by its pseudonym; analyticsClose: the tenant's nightly summarising of closed analytics days (delivery/analytics-close.ts). */
  subjectId: string;
  /** Epoch milliseconds. */
  dueAt: number;
  /** The instance sending it now, until `claimedUntil` (a dead sender's claim expires). */
  claimedBy?: string;
  claimedUntil?: number;
}

// Documents written before kinds existed are comment notices that named their post `postId`.
type HeldNoticeDocument = StoredDocument & Partial<HeldNotice> & { type: 'heldNotice'; postId?: string; dueAt: number };
export type StoredHeldNotice = HeldNotice & { _etag: string };

const keyOf = (tenantId: string, subjectId: string, kind: HeldNoticeKind) =>
  kind === 'comments' ? tenantKey(tenantId, subjectId, 'held-notice') : tenantKey(tenantId, kind, subjectId, 'held-notice');

function noticeOf(document: HeldNoticeDocument & { _etag: string }): StoredHeldNotice {
  const { tenantId, dueAt, claimedBy, claimedUntil, _etag } = document;
  return { tenantId, kind: document.kind ?? 'comments', subjectId: document.subjectId ?? document.postId ?? '', dueAt, claimedBy, claimedUntil, _etag };
}

export class HeldNoticeRepository {
  constructor(private readonly container: Container) {}

  /** Holds the notice until `dueAt` (again: a later hold moves it and frees any claim). */
  async hold(tenantId: string, subjectId: string, dueAt: number, kind: HeldNoticeKind = 'comments'): Promise<void> {
    const key = keyOf(tenantId, subjectId, kind);
    await this.container.items.upsert<HeldNoticeDocument>({ id: key, pk: key, tenantId, type: 'heldNotice', kind, subjectId, dueAt });
  }

  /**
   * Sets when the notice goes, keeping a claim on it: a sender busy with it goes on
   * (what it sends was read before this change), and its release then finds the notice
   * changed and leaves it for the new time.
   */
  async schedule(tenantId: string, subjectId: string, dueAt: number, kind: HeldNoticeKind): Promise<void> {
    const key = keyOf(tenantId, subjectId, kind);
    await updateDocument<HeldNoticeDocument>(this.container, key, key, (current) => ({ id: key, pk: key, tenantId, type: 'heldNotice', kind, subjectId, dueAt, claimedBy: current?.claimedBy, claimedUntil: current?.claimedUntil, _etag: current?._etag }));
  }

  async get(tenantId: string, subjectId: string, kind: HeldNoticeKind = 'comments'): Promise<StoredHeldNotice | undefined> {
    const key = keyOf(tenantId, subjectId, kind);
    const document = await readDocument<HeldNoticeDocument & { _etag: string }>(this.container, key, key);
    return document && noticeOf(document);
  }

  /** Notices due by `now`, every tenant (of the kinds given, or all), the longest due first. */
  async due(now: number, limit = 50, kinds?: readonly HeldNoticeKind[]): Promise<StoredHeldNotice[]> {
    // Filtered in the query, not after it: the 50 oldest must not all be of a kind left waiting.
    const ofKinds = kinds ? ' AND ARRAY_CONTAINS(@kinds, c.kind)' : '';
    const { resources } = await this.container.items
      .query<HeldNoticeDocument & { _etag: string }>({
        query: `SELECT TOP @limit * FROM c WHERE c.type = "heldNotice" AND c.dueAt <= @now${ofKinds} ORDER BY c.dueAt`,
        parameters: [
          { name: '@limit', value: limit },
          { name: '@now', value: now },
          ...(kinds ? [{ name: '@kinds', value: [...kinds] }] : []),
        ],
      })
      .fetchAll();
    return resources.map(noticeOf);
  }

  /** Takes the notice for `instanceId` unless another live instance has it; the claimed version, or undefined. */
  async claim(notice: StoredHeldNotice, instanceId: string, now: number, forMs: number): Promise<StoredHeldNotice | undefined> {
    if (notice.claimedBy && notice.claimedBy !== instanceId && (notice.claimedUntil ?? 0) > now) return undefined;
    const { tenantId, kind, subjectId, dueAt } = notice;
    const key = keyOf(tenantId, subjectId, kind);
    try {
      const { resource } = await this.container
        .item(key, key)
        .replace<HeldNoticeDocument>({ id: key, pk: key, type: 'heldNotice', tenantId, kind, subjectId, dueAt, claimedBy: instanceId, claimedUntil: now + forMs }, { accessCondition: { type: 'IfMatch', condition: notice._etag } });
      return resource && noticeOf(resource as HeldNoticeDocument & { _etag: string });
    } catch (error) {
      if (isCosmosError(error, 412) || isCosmosError(error, 404)) return undefined;
      throw error;
    }
  }

  /** Forgets the notice whatever became of it (the work it stood for is done). */
  async forget(tenantId: string, subjectId: string, kind: HeldNoticeKind): Promise<void> {
    const key = keyOf(tenantId, subjectId, kind);
    await this.container.item(key, key).delete().catch((error) => {
      if (!isCosmosError(error, 404)) throw error;
    });
  }

  /** The notice was sent: forget it, unless it was held again meanwhile (then it waits for its new time). */
  async release(notice: StoredHeldNotice): Promise<void> {
    const key = keyOf(notice.tenantId, notice.subjectId, notice.kind);
    try {
      await this.container.item(key, key).delete({ accessCondition: { type: 'IfMatch', condition: notice._etag } });
    } catch (error) {
      if (isCosmosError(error, 412) || isCosmosError(error, 404)) return;
      throw error;
    }
  }
}
