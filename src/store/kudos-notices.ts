import type { Container } from '@azure/cosmos';
import { DEFAULT_KUDOS_NOTICE_TIMINGS, KudosNoticeEntry, kudosNoticeDueAt, KudosNoticeTarget, KudosNoticeTimings, KUDOS_NOTICE_PENDING_MAX, noticeEntryKey } from '../domain/kudos-notices';
import { tenantKey } from './containers';
import { readDocument, StoredDocument, updateDocument } from './documents';

/**
 * Kudos notices waiting for one person (one document each, in the kudos container),
 * and the tenant's tally of what became of them. The held notice (HeldNoticeRepository,
 * kind "kudos") says when the list goes; this document says what it holds.
 */
type PendingDocument = StoredDocument & {
  type: 'kudosNotice';
  userId: string;
  displayName?: string;
  entries: KudosNoticeEntry[];
  /** Kudos that fell out of a full list: still counted in the message. */
  overflow: number;
  firstPendingAt?: number;
  lastSentAt?: number;
  /** Failed tries of the current list. */
  attempts: number;
  /** The last entries sent or settled: a kudos recorded again after a crash is not told twice. */
  settled?: string[];
};

const SETTLED_KEPT = 100;

export type KudosNoticeOutcome = 'sent' | 'unreachable' | 'failed';

type TallyDocument = StoredDocument & { type: 'kudosNoticeTally' } & KudosNoticeTally;

export interface KudosNoticeTally {
  /** Messages sent (each may name several kudos). */
  sent: number;
  /** People who could not be told (no personal installation of Commons), counted once per message they missed. */
  unreachable: number;
  /** Messages Teams refused for good, or that failed every try. */
  failed: number;
  /** The latest people who could not be told, newest first. */
  recentUnreachable: Array<{ userId: string; displayName?: string; at: string }>;
}

export const RECENT_UNREACHABLE_MAX = 20;

export interface PendingKudosNotice {
  userId: string;
  displayName?: string;
  entries: KudosNoticeEntry[];
  overflow: number;
  attempts: number;
}

const EMPTY_TALLY: KudosNoticeTally = { sent: 0, unreachable: 0, failed: 0, recentUnreachable: [] };

export class KudosNoticeRepository {
  /** Gathering window and interval (tests widen them). */
  timings: KudosNoticeTimings = DEFAULT_KUDOS_NOTICE_TIMINGS;

  constructor(private readonly container: Container) {}

  /** Adds a kudos to the person's list (once, however often it is retried); when the list is due. */
  async add(tenantId: string, target: KudosNoticeTarget, now: number): Promise<number> {
    const id = tenantKey(tenantId, 'notice', target.userId);
    let dueAt = now;
    await updateDocument<PendingDocument>(this.container, id, id, (current) => {
      const entries = current?.entries ?? [];
      const firstPendingAt = entries.length ? (current?.firstPendingAt ?? now) : now;
      dueAt = kudosNoticeDueAt(firstPendingAt, current?.lastSentAt, this.timings);
      const key = noticeEntryKey(target.entry);
      if (entries.some((e) => noticeEntryKey(e) === key) || current?.settled?.includes(key)) return undefined;
      const next = [...entries, target.entry];
      const dropped = Math.max(0, next.length - KUDOS_NOTICE_PENDING_MAX);
      return {
        id, pk: id, tenantId, type: 'kudosNotice', userId: target.userId, displayName: target.displayName ?? current?.displayName,
        entries: next.slice(dropped), overflow: (current?.overflow ?? 0) + dropped, firstPendingAt, lastSentAt: current?.lastSentAt, attempts: current?.attempts ?? 0, settled: current?.settled, _etag: current?._etag,
      };
    });
    return dueAt;
  }

  async pending(tenantId: string, userId: string): Promise<PendingKudosNotice | undefined> {
    const id = tenantKey(tenantId, 'notice', userId);
    const document = await readDocument<PendingDocument>(this.container, id, id);
    return document && { userId: document.userId, displayName: document.displayName, entries: document.entries, overflow: document.overflow, attempts: document.attempts };
  }

  /** A try failed and will be made again: counts it; the number of tries so far. */
  async failedTry(tenantId: string, userId: string): Promise<number> {
    const id = tenantKey(tenantId, 'notice', userId);
    const stored = await updateDocument<PendingDocument>(this.container, id, id, (current) => current && { ...current, attempts: current.attempts + 1 });
    return stored?.attempts ?? 0;
  }

  /**
   * Takes the entries a message was about off the list and counts the outcome. Kudos
   * that arrived meanwhile stay: the answer says when they are due (after the interval
   * when a message just went).
   */
  async settle(tenantId: string, notice: PendingKudosNotice, outcome: KudosNoticeOutcome, now: number): Promise<{ retryAt?: number }> {
    const id = tenantKey(tenantId, 'notice', notice.userId);
    const done = new Set(notice.entries.map(noticeEntryKey));
    let retryAt: number | undefined;
    await updateDocument<PendingDocument>(this.container, id, id, (current) => {
      if (!current) return undefined;
      const entries = current.entries.filter((e) => !done.has(noticeEntryKey(e)));
      const lastSentAt = outcome === 'sent' ? now : current.lastSentAt;
      const firstPendingAt = entries.length ? now : undefined;
      retryAt = firstPendingAt === undefined ? undefined : kudosNoticeDueAt(firstPendingAt, lastSentAt, this.timings);
      const settled = [...(current.settled ?? []), ...done].slice(-SETTLED_KEPT);
      return { ...current, entries, overflow: 0, attempts: 0, firstPendingAt, lastSentAt, settled };
    });
    await this.count(tenantId, outcome, notice, now);
    return { retryAt };
  }

  async tally(tenantId: string): Promise<KudosNoticeTally> {
    const id = tenantKey(tenantId, 'noticeTally');
    const document = await readDocument<TallyDocument>(this.container, id, id);
    return document ? { sent: document.sent, unreachable: document.unreachable, failed: document.failed, recentUnreachable: document.recentUnreachable } : EMPTY_TALLY;
  }

  private async count(tenantId: string, outcome: KudosNoticeOutcome, notice: PendingKudosNotice, now: number): Promise<void> {
    const id = tenantKey(tenantId, 'noticeTally');
    await updateDocument<TallyDocument>(this.container, id, id, (current) => {
      const tally = current ?? { id, pk: id, tenantId, type: 'kudosNoticeTally' as const, ...EMPTY_TALLY };
      const recent =
        outcome === 'unreachable'
          ? [{ userId: notice.userId, ...(notice.displayName && { displayName: notice.displayName }), at: new Date(now).toISOString() }, ...tally.recentUnreachable.filter((p) => p.userId !== notice.userId)].slice(0, RECENT_UNREACHABLE_MAX)
          : tally.recentUnreachable;
      return { ...tally, [outcome]: tally[outcome] + 1, recentUnreachable: recent };
    });
  }
}
