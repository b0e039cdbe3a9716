import type { KudosPost, KudosSettings } from './kudos';

/**
 * Who hears about a kudos in their personal chat, and when. Each recipient is told,
 * and (tenant setting `notifyManagers`) each recipient's manager; never the sender.
 * When someone joins a kudos ("Add your kudos") its recipients are told too, in the
 * same gathered message: a join is one more person recognising them.
 * Notices to one person gather: the first waits KUDOS_NOTICE_GATHER_MS for others to
 * join it, and a person gets at most one message per KUDOS_NOTICE_INTERVAL_MS, so
 * someone recognised five times in an hour hears about it once or twice, not five
 * times. People Commons cannot reach (no personal installation) get nothing; they
 * are counted (`unreachable`), never silently dropped.
 */
export const KUDOS_NOTICE_GATHER_MS = 2 * 60_000;
export const KUDOS_NOTICE_INTERVAL_MS = 60 * 60_000;
/** Kudos listed by name in one notice; the rest are counted. */
export const KUDOS_NOTICE_SHOWN = 10;
/** Kudos kept waiting for one person (older ones fall out of the list, still counted). */
export const KUDOS_NOTICE_PENDING_MAX = 50;

export interface KudosNoticeTimings {
  gatherMs: number;
  intervalMs: number;
}

export const DEFAULT_KUDOS_NOTICE_TIMINGS: KudosNoticeTimings = { gatherMs: KUDOS_NOTICE_GATHER_MS, intervalMs: KUDOS_NOTICE_INTERVAL_MS };

/** One kudos, as a notice names it: for the person themself, or for their manager (`forReport`). */
export interface KudosNoticeEntry {
  postId: string;
  senderName: string;
  badge: { name: string; emoji: string };
  /** Excerpt of the message. */
  message: string;
  /** Set on a manager's copy: the report who was recognised. */
  forReport?: { userId: string; displayName: string };
  /** Set when someone joined the kudos (they are `senderName`; `message` is the kudos'). */
  joinedBy?: { userId: string };
  at: string;
}

export interface KudosNoticeTarget {
  userId: string;
  /** Their name when the kudos knows it (recipients), for the unreachable list. */
  displayName?: string;
  entry: KudosNoticeEntry;
}

export const KUDOS_NOTICE_EXCERPT = 140;

const excerpt = (text: string) => (text.length > KUDOS_NOTICE_EXCERPT ? `${text.slice(0, KUDOS_NOTICE_EXCERPT - 1)}…` : text);

/** Everyone a sent kudos tells, with what it tells them. */
export function kudosNoticeTargets(post: KudosPost, settings: Pick<KudosSettings, 'notifyManagers'>): KudosNoticeTarget[] {
  const sender = post.authorId.toLowerCase();
  const base = { postId: post.postId, senderName: post.authorName, badge: { name: post.kudos.badge.name, emoji: post.kudos.badge.emoji }, message: excerpt(post.body), at: post.createdAt };
  const targets: KudosNoticeTarget[] = [];
  const recipientIds = new Set(post.kudos.recipients.map((r) => r.userId.toLowerCase()));
  for (const recipient of post.kudos.recipients) {
    targets.push({ userId: recipient.userId.toLowerCase(), displayName: recipient.displayName, entry: base });
  }
  if (settings.notifyManagers) {
    for (const recipient of post.kudos.recipients) {
      const manager = recipient.managerId?.toLowerCase();
      // A manager who sent it, or is recognised on it too, already knows.
      if (!manager || manager === sender || recipientIds.has(manager)) continue;
      targets.push({ userId: manager, entry: { ...base, forReport: { userId: recipient.userId, displayName: recipient.displayName } } });
    }
  }
  return targets;
}

/**
 * The recipients of a kudos someone joined. Managers are not told: the kudos already
 * told them, and a join recognises no one new.
 */
export function kudosJoinNoticeTargets(post: KudosPost, joiner: { userId: string; displayName: string }, at: string): KudosNoticeTarget[] {
  const joinerId = joiner.userId.toLowerCase();
  const entry: KudosNoticeEntry = { postId: post.postId, senderName: joiner.displayName, badge: { name: post.kudos.badge.name, emoji: post.kudos.badge.emoji }, message: excerpt(post.body), joinedBy: { userId: joinerId }, at };
  return post.kudos.recipients.filter((r) => r.userId.toLowerCase() !== joinerId).map((r) => ({ userId: r.userId.toLowerCase(), displayName: r.displayName, entry }));
}

/**
 * An entry's identity in a person's pending list: one line per kudos and report, and
 * one per person who joined it (so a join told once is never told again).
 */
export const noticeEntryKey = (entry: Pick<KudosNoticeEntry, 'postId' | 'forReport' | 'joinedBy'>) =>
  `${entry.postId}|${entry.forReport?.userId ?? ''}${entry.joinedBy ? `|join:${entry.joinedBy.userId}` : ''}`;

/** When a person's gathered notices go: after the gathering window, and not sooner than the interval after the last message. */
export function kudosNoticeDueAt(firstPendingAt: number, lastSentAt: number | undefined, timings: KudosNoticeTimings): number {
  return Math.max(firstPendingAt + timings.gatherMs, lastSentAt === undefined ? 0 : lastSentAt + timings.intervalMs);
}
