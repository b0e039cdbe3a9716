import { followKey, FollowKind, FollowTarget, threadName } from './follows';
import type { Comment } from './comments';
import type { Post } from './posts';

/**
 * Digests: what happened in what a person follows, gathered into one personal-chat
 * card, never a message per event.
 *   - Activity digests: at most one per interval per person (hourly or daily, their
 *     choice; "off" sends none). The first new entry waits DIGEST_GATHER_MS for others.
 *   - The weekly digest: an optional card with the week's top posts (reactions +
 *     comments) and kudos of the person's communities and the people they follow.
 * Both go through the delivery engine's outbound budgets like every proactive send,
 * and everything in them is checked against the recipient's visibility when sent.
 */
export const DIGEST_FREQUENCIES = ['hourly', 'daily', 'off'] as const;
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];

export interface DigestSettings {
  frequency: DigestFrequency;
  weekly: boolean;
}

export const DEFAULT_DIGEST_SETTINGS: DigestSettings = { frequency: 'hourly', weekly: true };

export interface DigestTimings {
  hourlyMs: number;
  dailyMs: number;
  weeklyMs: number;
  /** How long the first entry waits for others before its digest goes. */
  gatherMs: number;
}

export const DIGEST_GATHER_MS = 5 * 60_000;
export const DEFAULT_DIGEST_TIMINGS: DigestTimings = { hourlyMs: 3_600_000, dailyMs: 86_400_000, weeklyMs: 7 * 86_400_000, gatherMs: DIGEST_GATHER_MS };

/** Entries kept waiting for one person; beyond it they are counted, not listed. */
export const DIGEST_PENDING_MAX = 200;
/** Lines one digest card lists; the rest are counted per source. */
export const DIGEST_SHOWN = 10;
/** Followers one event reaches at most (the reverse index is read shard by shard up to it). */
export const DIGEST_FANOUT_MAX = 5_000;
/** Weekly digest: posts of each kind it lists, and how far back it looks in the tenant feed. */
export const WEEKLY_TOP = 5;
export const WEEKLY_SCAN = 200;
export const DIGEST_EXCERPT = 140;

/** One thing that happened, as the digest of one follower tells it. */
export interface DigestEntry {
  /** Its identity in a person's pending list (an event recorded twice is told once). */
  key: string;
  kind: 'post' | 'comment';
  postId: string;
  commentId?: string;
  /** What the follower follows that brought it in. */
  via: { kind: FollowKind; id: string; name: string };
  actorId: string;
  actorName: string;
  excerpt: string;
  at: string;
}

export const intervalOf = (frequency: DigestFrequency, timings: DigestTimings): number | undefined =>
  frequency === 'hourly' ? timings.hourlyMs : frequency === 'daily' ? timings.dailyMs : undefined;

/** When a person's gathered entries go: after the gathering window, and not sooner than their interval after the last digest. */
export function digestDueAt(firstPendingAt: number, lastSentAt: number | undefined, frequency: DigestFrequency, timings: DigestTimings): number | undefined {
  const interval = intervalOf(frequency, timings);
  if (interval === undefined) return undefined;
  return Math.max(firstPendingAt + timings.gatherMs, lastSentAt === undefined ? 0 : lastSentAt + interval);
}

const excerpt = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > DIGEST_EXCERPT ? `${flat.slice(0, DIGEST_EXCERPT - 1)}…` : flat;
};

/** An activity and what it concerns: the targets whose followers hear of it. */
export interface FollowedActivity {
  entry: Omit<DigestEntry, 'key' | 'via'>;
  targets: Array<FollowTarget & { name: string }>;
}

/**
 * A new post concerns its community and its author (a thread has no followers yet).
 * Targets come most specific first: a follower of both hears of it through the community.
 */
export function postActivity(post: Post): FollowedActivity | undefined {
  if (post.state !== 'published' || post.announcementId) return undefined;
  const targets: FollowedActivity['targets'] = [];
  if (post.community) targets.push({ kind: 'community', id: post.community.communityId, name: post.community.name });
  targets.push({ kind: 'person', id: post.authorId.toLowerCase(), name: post.authorName });
  return { entry: { kind: 'post', postId: post.postId, actorId: post.authorId.toLowerCase(), actorName: post.authorName, excerpt: excerpt(threadName(post)), at: post.createdAt }, targets };
}

/** A reply concerns its thread and the thread's community. */
export function commentActivity(post: Post, comment: Comment): FollowedActivity | undefined {
  if (post.state !== 'published' || comment.hidden) return undefined;
  const targets: FollowedActivity['targets'] = [{ kind: 'thread', id: post.postId, name: threadName(post) }];
  if (post.community) targets.push({ kind: 'community', id: post.community.communityId, name: post.community.name });
  return {
    entry: { kind: 'comment', postId: post.postId, commentId: comment.commentId, actorId: comment.authorId.toLowerCase(), actorName: comment.authorName, excerpt: excerpt(comment.text), at: comment.createdAt },
    targets,
  };
}

export const entryKey = (entry: Pick<DigestEntry, 'kind' | 'postId' | 'commentId'>) => `${entry.kind}|${entry.postId}|${entry.commentId ?? ''}`;

/** The entries one follower receives for an activity: one, through the first target they follow (never their own doing). */
export function entryFor(activity: FollowedActivity, followerId: string, via: FollowTarget & { name: string }): DigestEntry | undefined {
  if (activity.entry.actorId === followerId.toLowerCase()) return undefined;
  return { ...activity.entry, key: entryKey(activity.entry), via: { kind: via.kind, id: via.id, name: via.name } };
}

/** A digest's lines grouped by what brought them in, in the order they first came. */
export interface DigestGroup {
  via: DigestEntry['via'];
  posts: number;
  comments: number;
}

export function groupEntries(entries: DigestEntry[]): DigestGroup[] {
  const groups = new Map<string, DigestGroup>();
  for (const entry of entries) {
    const key = followKey(entry.via);
    const group = groups.get(key) ?? { via: entry.via, posts: 0, comments: 0 };
    if (entry.kind === 'post') group.posts++;
    else group.comments++;
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** The week's top posts: most reactions and comments first, newest on a tie. */
export function topPosts(posts: Post[], limit = WEEKLY_TOP): Post[] {
  const score = (p: Post) => p.reactionCount + p.commentCount;
  return [...posts].sort((a, b) => score(b) - score(a) || b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
}

/** What the tenant's weekly reach run found (delivery/weekly-reach.ts): everyone of the directory counted, the unreachable by reason. */
export interface WeeklyReachReport {
  at: string;
  people: number;
  /** Turned the weekly digest off. */
  off: number;
  /** Have their weekly digest scheduled (`newlyScheduled` of them by this run). */
  scheduled: number;
  newlyScheduled: number;
  /** Installed for by proactive installation during this run. */
  installed: number;
  /** People with no way in, by reason (the delivery engine's failure reasons, and "uninstalled": they removed Commons). */
  unreachable: Record<string, number>;
}
