import type { Container } from '@azure/cosmos';
import { isCosmosError } from './cosmos';
import { tenantKey } from './containers';
import { patchOrCreate, readDocument, stableHash, StoredDocument } from './documents';
import { announcementEngagementPost, announcementTakesEngagement, EngagementStatsPort } from '../domain/announcement-engagement';
import type { Post } from '../domain/posts';
import type { Announcement } from '../domain/announcements';
import { pinnedUntil } from '../domain/pinned';
import type { AnnouncementRepository } from './announcements';
import type { PeopleRepository } from './people';
import type { PostRepository } from './posts';

/**
 * One report can be hot (a town hall: thousands reacting in a minute), so its counters
 * are spread over shards picked by the person: each engagement is one or two point
 * writes (patch `incr`), and the report sums STATS_SHARDS point reads. Never a scan.
 */
export const STATS_SHARDS = 8;

type StatsShard = StoredDocument & { type: 'engagementStats'; announcementId: string; shard: number; people: number; departments: Record<string, number>; buckets: Record<string, number> };
type EngagedMarker = StoredDocument & { type: 'engaged'; announcementId: string; userId: string; department: string; at: string };

export interface AnnouncementEngagementStats {
  people: number;
  departments: Record<string, number>;
  buckets: Record<string, number>;
}

// Keys of a patch path: '/' and '~' would split or escape the JSON pointer.
const pathKey = (key: string) => encodeURIComponent(key).replace(/~/g, '%7E');

export class AnnouncementEngagementRepository implements EngagementStatsPort {
  constructor(private readonly container: Container) {}

  async note(tenantId: string, announcementId: string, userId: string, event: { department: string; bucket: string }): Promise<void> {
    const pk = tenantKey(tenantId, announcementId);
    let first = false;
    try {
      await this.container.items.create<EngagedMarker>({ id: tenantKey(tenantId, announcementId, 'engaged', userId.toLowerCase()), pk, tenantId, type: 'engaged', announcementId, userId: userId.toLowerCase(), department: event.department, at: new Date().toISOString() });
      first = true;
    } catch (error) {
      if (!isCosmosError(error, 409)) throw error; // engaged before: counted once
    }
    const shard = stableHash(userId.toLowerCase()) % STATS_SHARDS;
    const id = tenantKey(tenantId, announcementId, 'stats', String(shard));
    const department = pathKey(event.department);
    await patchOrCreate<StatsShard>(
      this.container,
      id,
      pk,
      [{ op: 'incr', path: `/buckets/${pathKey(event.bucket)}`, value: 1 }, ...(first ? [{ op: 'incr' as const, path: '/people', value: 1 }, { op: 'incr' as const, path: `/departments/${department}`, value: 1 }] : [])],
      { id, pk, tenantId, type: 'engagementStats', announcementId, shard, people: first ? 1 : 0, departments: first ? { [department]: 1 } : {}, buckets: { [pathKey(event.bucket)]: 1 } },
    );
  }

  async stats(tenantId: string, announcementId: string): Promise<AnnouncementEngagementStats> {
    const pk = tenantKey(tenantId, announcementId);
    const shards = await Promise.all(Array.from({ length: STATS_SHARDS }, (_, shard) => readDocument<StatsShard>(this.container, tenantKey(tenantId, announcementId, 'stats', String(shard)), pk)));
    const total: AnnouncementEngagementStats = { people: 0, departments: {}, buckets: {} };
    for (const shard of shards) {
      if (!shard) continue;
      total.people += shard.people ?? 0;
      for (const [key, n] of Object.entries(shard.departments ?? {})) total.departments[decodeURIComponent(key)] = (total.departments[decodeURIComponent(key)] ?? 0) + n;
      for (const [key, n] of Object.entries(shard.buckets ?? {})) total.buckets[decodeURIComponent(key)] = (total.buckets[decodeURIComponent(key)] ?? 0) + n;
    }
    return total;
  }
}

/**
 * The engagement record of an announcement, made on its first reaction or comment
 * (unlisted: announcements are not feed posts). Undefined for anything else, and for
 * an announcement that is not (or no longer) out.
 */
export async function announcementPostOf(deps: { posts: PostRepository; announcements: AnnouncementRepository; people: PeopleRepository }, tenantId: string, postId: string, now: () => Date): Promise<Post | undefined> {
  const announcement = await deps.announcements.get(tenantId, postId).catch(() => undefined);
  if (!announcement || !announcementTakesEngagement(announcement)) return undefined;
  const author = await deps.people.get(tenantId, announcement.authorId);
  await deps.posts.createUnlisted(announcementEngagementPost(announcement, author?.displayName ?? '', now().toISOString()));
  return deps.posts.get(tenantId, postId);
}

/**
 * Once an announcement starts going out it has a place in the feed, for its audience
 * (the post gate asks the announcement's audience), and an important one is pinned at
 * the top for its days. Safe to repeat: a second listing is skipped when read.
 */
export async function listAnnouncementInFeed(deps: { posts: PostRepository; people: PeopleRepository }, announcement: Announcement, now: Date): Promise<void> {
  if (!announcementTakesEngagement(announcement)) return;
  const author = await deps.people.get(announcement.tenantId, announcement.authorId);
  const post = announcementEngagementPost(announcement, author?.displayName ?? '', now.toISOString());
  await deps.posts.createUnlisted(post);
  // Everyone: the feed skips nobody unread; a narrower audience is checked on the post itself.
  await deps.posts.listInFeed({ ...post, ...(announcement.audience.everyone && { visibility: { kind: 'tenant' } }) });
  const until = pinnedUntil(announcement);
  if (until) await deps.posts.pin(announcement.tenantId, { postId: post.postId, createdAt: post.createdAt, until }, now);
}
