import type { Container } from '@azure/cosmos';
import { isCosmosError } from './cosmos';
import { tenantKey } from './containers';
import { patchOrCreate, readDocument, StoredDocument, updateDocument } from './documents';
import type { ModerationQueueIndex } from './moderation-queue';
import { itemKey, ReportPorts, ReportReason, ReportStore, ReportTarget, StoredReport } from '../domain/reports';
import type { ContentScreenPorts } from '../domain/held';
import type { Repositories } from '.';

type ReportDocument = StoredDocument & StoredReport & { type: 'report'; itemKey: string; postId: string; commentId?: string };

/** What the queue shows of a reported item without reading each report. */
export interface ReportTally {
  itemKey: string;
  postId: string;
  commentId?: string;
  /** Distinct reporters. */
  reporters: number;
  reasons: Partial<Record<ReportReason, number>>;
  firstAt: string;
  lastAt: string;
  /** Set once when reporters reached the threshold and the item was hidden pending review. */
  hiddenAt?: string;
  /** A moderator's last decision on it. */
  decision?: { action: string; by: string; at: string };
}

type TallyDocument = StoredDocument & ReportTally & { type: 'reportTally' };

/**
 * Reports in the moderation container, one logical partition per item
 * (pk = tenantId|item|<itemKey>). A person's report is created, never replaced: the
 * 409 of a second create is what makes reporting idempotent, also for ten parallel
 * clicks. Only the create that succeeded counts, by patch `incr` on the tally.
 * A crash between the two writes leaves a report uncounted (the tally undercounts by
 * one, never overcounts); a moderator sees the reports themselves in the queue.
 */
export class ReportRepository implements ReportStore {
  constructor(
    private readonly container: Container,
    private readonly queue: ModerationQueueIndex,
  ) {}

  async record(tenantId: string, target: ReportTarget, report: StoredReport): Promise<{ created: boolean; reporters: number }> {
    const key = itemKey(target);
    const pk = tenantKey(tenantId, 'item', key);
    try {
      await this.container.items.create<ReportDocument>({ id: tenantKey(tenantId, 'item', key, 'report', report.userId), pk, tenantId, type: 'report', itemKey: key, postId: target.postId, ...(target.commentId && { commentId: target.commentId }), ...report });
    } catch (error) {
      if (!isCosmosError(error, 409)) throw error;
      return { created: false, reporters: (await this.tally(tenantId, target))?.reporters ?? 0 };
    }
    const { resource, created } = await patchOrCreate<TallyDocument>(
      this.container,
      pk,
      pk,
      [
        { op: 'incr', path: '/reporters', value: 1 },
        { op: 'incr', path: `/reasons/${report.reason}`, value: 1 },
        { op: 'set', path: '/lastAt', value: report.at },
      ],
      { id: pk, pk, tenantId, type: 'reportTally', itemKey: key, postId: target.postId, ...(target.commentId && { commentId: target.commentId }), reporters: 1, reasons: { [report.reason]: 1 }, firstAt: report.at, lastAt: report.at },
    );
    if (created) await this.queue.add(tenantId, { itemKey: key, cause: 'reported', since: report.at });
    return { created: true, reporters: resource.reporters };
  }

  async claimHide(tenantId: string, target: ReportTarget, at: string): Promise<boolean> {
    const pk = tenantKey(tenantId, 'item', itemKey(target));
    let claimed = false;
    await updateDocument<TallyDocument>(this.container, pk, pk, (current) => {
      claimed = false; // a retry after a conflict decides again on fresh data
      if (!current || current.hiddenAt) return undefined;
      claimed = true;
      return { ...current, hiddenAt: at };
    });
    return claimed;
  }

  /** Records a moderator's decision; also keeps later reports from hiding it again (hiddenAt is set). */
  async decide(tenantId: string, target: ReportTarget, decision: { action: string; by: string; at: string }): Promise<ReportTally | undefined> {
    const pk = tenantKey(tenantId, 'item', itemKey(target));
    return updateDocument<TallyDocument>(this.container, pk, pk, (current) => current && { ...current, hiddenAt: current.hiddenAt ?? decision.at, decision });
  }

  /**
   * Deletes a person's report (erasure) and recounts the item's tally from the reports
   * that remain (reporters and reasons), so a retry changes nothing.
   */
  async forgetReport(tenantId: string, key: string, userId: string): Promise<void> {
    const pk = tenantKey(tenantId, 'item', key);
    await this.container.item(tenantKey(tenantId, 'item', key, 'report', userId), pk).delete().catch((error) => {
      if (!isCosmosError(error, 404)) throw error;
    });
    const { resources } = await this.container.items
      .query<{ reason: ReportReason }>({ query: 'SELECT c.reason FROM c WHERE c.pk = @pk AND c.type = "report"', parameters: [{ name: '@pk', value: pk }] })
      .fetchAll();
    const reasons: Partial<Record<ReportReason, number>> = {};
    for (const { reason } of resources) reasons[reason] = (reasons[reason] ?? 0) + 1;
    await updateDocument<TallyDocument>(this.container, pk, pk, (current) => current && { ...current, reporters: resources.length, reasons });
  }

  async tally(tenantId: string, target: ReportTarget): Promise<ReportTally | undefined> {
    const pk = tenantKey(tenantId, 'item', itemKey(target));
    return readDocument<TallyDocument>(this.container, pk, pk);
  }

  /** One person's report of an item (their data export, the queue's detail). */
  async reportOf(tenantId: string, target: ReportTarget, userId: string): Promise<StoredReport | undefined> {
    const key = itemKey(target);
    return readDocument<ReportDocument>(this.container, tenantKey(tenantId, 'item', key, 'report', userId), tenantKey(tenantId, 'item', key));
  }
}

/** The ports reporting needs, from the repositories (the bot and the API both use it). */
export function reportPorts(repositories: Repositories): ReportPorts {
  return {
    posts: repositories.posts,
    membership: repositories.memberships,
    place: (tenantId, conversationId) => repositories.conversations.get(tenantId, conversationId),
    reports: repositories.reports,
    comments: repositories.engagement,
    reportThreshold: async (tenantId) => (await repositories.moderationSettings.settings(tenantId)).reportThreshold,
  };
}

/** The ports the word-list screen needs, from the repositories. */
export function contentScreenPorts(repositories: Repositories): ContentScreenPorts {
  return { guidelines: repositories.guidelines, wordList: (tenantId) => repositories.moderationSettings.wordList(tenantId), held: repositories.heldItems };
}
