import type { Announcement } from './announcements';
import type { Audience } from './audience';
import type { Identity } from './identity';
import { noEngagementYet, type Post } from './posts';
import { maySee, MembershipCheck, PlaceFacts, visibilityOfPlace } from './visibility';

/**
 * An announcement's reactions and comments live under a post-like record whose postId
 * is the announcement id (same engagement partition, same verbs, same counts), marked
 * with `announcementId` so the gate asks the announcement's audience, not a place.
 */
export function announcementEngagementPost(announcement: Announcement, authorName: string, now: string): Post {
  return {
    tenantId: announcement.tenantId,
    postId: announcement.announcementId,
    announcementId: announcement.announcementId,
    kind: 'announcement',
    authorId: announcement.authorId,
    authorName,
    title: announcement.title,
    body: announcement.body,
    audience: announcement.audience,
    ...noEngagementYet(),
    state: announcement.status === 'recalled' ? 'removed' : 'published',
    createdAt: announcement.startedAt ?? announcement.createdAt,
    updatedAt: now,
  };
}

export const isAnnouncementPost = (post: Pick<Post, 'announcementId'>): boolean => Boolean(post.announcementId);

/**
 * Engagement is open once sending started (a send cancelled halfway left real copies)
 * and closes with a recall, from the moment it is asked for.
 */
export function announcementTakesEngagement(announcement: Announcement): boolean {
  return Boolean(announcement.startedAt) && announcement.status !== 'recalled' && announcement.work?.kind !== 'recall' && !announcement.remindsOf;
}

/**
 * Whether a person is in an announcement's audience: everyone; named people; members
 * of a targeted channel (a standard channel is open to the tenant, as posts are);
 * readers of a targeted community.
 */
export async function inAudience(
  ports: { membership: MembershipCheck; place(tenantId: string, conversationId: string): Promise<PlaceFacts | undefined> },
  identity: Identity,
  audience: Audience,
): Promise<boolean> {
  if (audience.everyone) return true;
  const me = identity.userId.toLowerCase();
  if ((audience.people ?? []).some((id) => id.toLowerCase() === me)) return true;
  for (const communityId of audience.communities ?? []) {
    if (await maySee(ports.membership, identity, { kind: 'community', communityId })) return true;
  }
  for (const conversationId of audience.channels ?? []) {
    const place = await ports.place(identity.tenantId, conversationId);
    if (place && (await maySee(ports.membership, identity, visibilityOfPlace(place)))) return true;
  }
  return false;
}

/** Hours for the first two days after sending, then days: the report's time axis. */
export const HOURLY_BUCKETS = 48;

export type EngagementBucket = { unit: 'hour' | 'day'; index: number };

export function engagementBucket(sentAt: string, at: Date): EngagementBucket {
  const hours = Math.max(0, Math.floor((at.getTime() - Date.parse(sentAt)) / 3_600_000));
  return hours < HOURLY_BUCKETS ? { unit: 'hour', index: hours } : { unit: 'day', index: Math.floor(hours / 24) };
}

export const bucketKey = (bucket: EngagementBucket): string => `${bucket.unit === 'hour' ? 'h' : 'd'}${bucket.index}`;

export function bucketFromKey(key: string): EngagementBucket | undefined {
  const match = /^([hd])(\d{1,5})$/.exec(key);
  return match ? { unit: match[1] === 'h' ? 'hour' : 'day', index: Number(match[2]) } : undefined;
}

/** When a bucket starts, from when sending started. */
export function bucketStart(sentAt: string, bucket: EngagementBucket): string {
  const hours = bucket.unit === 'hour' ? bucket.index : bucket.index * 24;
  return new Date(Date.parse(sentAt) + hours * 3_600_000).toISOString();
}

/** A department with fewer engaged people than this is folded into "Other", so no one is singled out. */
export const DEPARTMENT_MIN_PEOPLE = 5;
export const OTHER_DEPARTMENT = 'Other';
export const NO_DEPARTMENT = '(none)';

/**
 * Folds small departments into "Other"; while "Other" itself is below the minimum,
 * the next smallest department joins it, so every group shown has at least
 * DEPARTMENT_MIN_PEOPLE people (or everything is "Other").
 */
export function foldDepartments(counts: Record<string, number>, min = DEPARTMENT_MIN_PEOPLE): Array<{ department: string; people: number }> {
  const groups = Object.entries(counts).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  let other = 0;
  let kept = groups.filter(([name, n]) => {
    if (n >= min && name !== OTHER_DEPARTMENT) return true;
    other += n;
    return false;
  });
  while (other > 0 && other < min && kept.length) {
    other += kept[kept.length - 1][1];
    kept = kept.slice(0, -1);
  }
  return [...kept.map(([department, people]) => ({ department, people })), ...(other ? [{ department: OTHER_DEPARTMENT, people: other }] : [])];
}

/** What the report needs stored as each engagement happens (point writes, sharded). */
export interface EngagementStatsPort {
  note(tenantId: string, announcementId: string, userId: string, event: { department: string; bucket: string }): Promise<void>;
}

/**
 * Counts one engagement (a reaction given, a comment, an acknowledgement) of an
 * announcement: into its time bucket, and, for the person's first, into the engaged
 * people and their department.
 */
export async function noteAnnouncementEngagement(
  ports: { stats: EngagementStatsPort; departmentOf(tenantId: string, userId: string): Promise<string | undefined> },
  identity: Identity,
  announcement: { announcementId: string; sentAt: string },
  now: Date,
): Promise<void> {
  const department = (await ports.departmentOf(identity.tenantId, identity.userId))?.trim() || NO_DEPARTMENT;
  await ports.stats.note(identity.tenantId, announcement.announcementId, identity.userId, { department, bucket: bucketKey(engagementBucket(announcement.sentAt, now)) });
}
