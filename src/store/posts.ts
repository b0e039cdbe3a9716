import { isCosmosError } from './cosmos';
import type { Container } from '@azure/cosmos';
import type { Delivery, Post } from '../domain/posts';
import { isAfter, newerFirst, type FeedPosition } from '../domain/feed';
import { Visibility, visibilityFromKey, visibilityKey } from '../domain/visibility';
import { tenantKey } from './containers';
import { readDocument, StoredDocument, updateDocument } from './documents';
import { TtlCache } from './ttl-cache';
import type { ActivityRecorder } from '../domain/analytics';

type PostDocument = StoredDocument & Post & { type: 'post' };

interface TimelineEntry {
  postId: string;
  createdAt: string;
  /** visibilityKey of the post, so a feed skips what the reader may not see before loading it; absent on older entries. */
  visibility?: string;
  /** The post's kind, so a filtered feed skips other kinds without loading them; absent on older entries. */
  kind?: string;
}

/** Where a timeline page starts and what it keeps (see domain/feed.ts for positions). */
export interface TimelinePageOptions {
  /** The tenant's feed, or one community's timeline. */
  communityId?: string;
  /** Only posts after this position (older), for the next page. */
  after?: FeedPosition;
  /** Only posts before this position (newer), to count what arrived since. */
  before?: FeedPosition;
  kind?: string;
}

export interface TimelinePage {
  posts: Post[];
  /** Where the next page starts; absent at the end of the timeline. */
  next?: FeedPosition;
}

/** Decides, per post, whether this reader may see it (the domain's rule, bound to one identity). */
export type FeedFilter = (post: { visibility?: Visibility }, load: () => Promise<Post | undefined>) => Promise<Post | undefined>;

type LinkDocument = StoredDocument & { type: 'postLink'; postId: string; conversationId: string; activityId: string };

type TimelineDocument = StoredDocument & { type: 'timeline'; entries: TimelineEntry[] };

/** Newest-first ids kept per timeline; older posts stay readable by id. */
export const TIMELINE_CAPACITY = 500;
const TENANT_FEED = 'feed';
const communityTimeline = (communityId: string) => `community|${communityId}`;
const amaTimeline = (communityId: string) => `community|${communityId}|ama`;

const postKey = (tenantId: string, postId: string) => tenantKey(tenantId, postId);

function toPost({ id: _id, pk: _pk, type: _type, _etag, ...post }: PostDocument): Post {
  return post;
}

/**
 * Posts and the tenant feed. The feed is one capped timeline document read with a
 * point read, then the posts by id: no query on the hot path, whatever the size.
 */
export const POST_LIVENESS_TTL_MS = 5_000;

/** A post as stored, with the etag of that version. */
export interface PostVersion {
  post: Post;
  etag: string;
}

/** Timeline entries looked at per feed read, at most (the timeline holds TIMELINE_CAPACITY). */
const FEED_SCAN_BATCH = 40;

export class PostRepository {
  /** Recently read posts, for checks on every click (state, visibility); counts may be a little old. */
  private readonly recentPosts = new TtlCache<Post | null>(POST_LIVENESS_TTL_MS, 10_000);

  constructor(
    private readonly posts: Container,
    private readonly timelines: Container,
    private readonly activity?: ActivityRecorder,
  ) {}

  /**
   * Whether a post exists and is published, cached briefly: every reaction checks
   * it before storing anything. A removal in this process is seen at once; in another
   * instance within POST_LIVENESS_TTL_MS.
   */
  async isLive(tenantId: string, postId: string): Promise<boolean> {
    return (await this.recent(tenantId, postId))?.state === 'published';
  }

  /** The post as read within POST_LIVENESS_TTL_MS: for its state and visibility, not its counts. */
  async recent(tenantId: string, postId: string): Promise<Post | undefined> {
    return (await this.recentPosts.get(postKey(tenantId, postId), async () => (await this.get(tenantId, postId)) ?? null)) ?? undefined;
  }

  async get(tenantId: string, postId: string): Promise<Post | undefined> {
    const key = postKey(tenantId, postId);
    const document = await readDocument<PostDocument>(this.posts, key, key);
    return document && toPost(document);
  }

  /** Stores a new post, its links to where it was delivered, and its place in the feed. */
  async create(post: Post, threadRoots: Delivery[] = []): Promise<void> {
    const key = postKey(post.tenantId, post.postId);
    await this.posts.items.create<PostDocument>({ ...post, id: key, pk: key, type: 'post' });
    for (const delivery of [...post.deliveredTo, ...threadRoots]) await this.link(post.tenantId, post.postId, delivery);
    await this.addToTimeline(post.tenantId, TENANT_FEED, { postId: post.postId, createdAt: post.createdAt, kind: post.kind, ...(post.visibility && { visibility: visibilityKey(post.visibility) }) });
    await this.activity?.record({ kind: 'post', tenantId: post.tenantId, userId: post.authorId, postId: post.postId, postKind: post.kind, communityId: post.community?.communityId, at: post.createdAt });
  }

  /** Stores a post outside every timeline (an announcement's engagement record); one that exists already stays. */
  async createUnlisted(post: Post): Promise<void> {
    const key = postKey(post.tenantId, post.postId);
    try {
      await this.posts.items.create<PostDocument>({ ...post, id: key, pk: key, type: 'post' });
    } catch (error) {
      if (!isCosmosError(error, 409)) throw error;
    }
  }

  /** Applies a change under the etag guard; undefined when the post does not exist. */
  async update(tenantId: string, postId: string, change: (post: Post) => Post | undefined): Promise<Post | undefined> {
    return (await this.updateVersioned(tenantId, postId, change))?.post;
  }

  /**
   * `update` for a writer that keeps the version it wrote last: that version is tried
   * first (one round trip instead of two), and a newer one written elsewhere is read.
   */
  async updateVersioned(tenantId: string, postId: string, change: (post: Post) => Post | undefined, known?: PostVersion): Promise<PostVersion | undefined> {
    const key = postKey(tenantId, postId);
    const document = await updateDocument<PostDocument>(
      this.posts,
      key,
      key,
      (current) => {
        if (!current) return undefined;
        const next = change(toPost(current));
        return next && { ...next, id: key, pk: key, type: 'post', _etag: current._etag };
      },
      known && { ...known.post, id: key, pk: key, type: 'post', _etag: known.etag },
    );
    this.recentPosts.set(key, document ? toPost(document) : null);
    return document && { post: toPost(document), etag: document._etag ?? '' };
  }

  /** Remembers where a copy of the post was delivered, on the post and in a link for thread replies. */
  async recordDelivery(tenantId: string, postId: string, delivery: Delivery): Promise<Post | undefined> {
    await this.link(tenantId, postId, delivery);
    return this.update(tenantId, postId, (post) =>
      post.deliveredTo.some((d) => d.conversationId === delivery.conversationId && d.activityId === delivery.activityId)
        ? undefined
        : { ...post, deliveredTo: [...post.deliveredTo, delivery] },
    );
  }

  /** A Teams message (a copy, or the root of the thread a copy sits in) leads back to the post. */
  private async link(tenantId: string, postId: string, delivery: Delivery): Promise<void> {
    const linkKey = tenantKey(tenantId, 'link', delivery.conversationId, delivery.activityId);
    await this.posts.items.upsert<LinkDocument>({ id: linkKey, pk: linkKey, tenantId, type: 'postLink', postId, ...delivery });
  }

  /** Which post a Teams message is a copy of (for replies typed in its thread). */
  async postAt(tenantId: string, conversationId: string, activityId: string): Promise<string | undefined> {
    const linkKey = tenantKey(tenantId, 'link', conversationId, activityId);
    return (await readDocument<LinkDocument>(this.posts, linkKey, linkKey))?.postId;
  }

  /** The newest `limit` published posts that `filter` lets through (the first page of the tenant's feed). */
  async feed(tenantId: string, limit: number, filter: FeedFilter): Promise<Post[]> {
    return (await this.timelinePage(tenantId, limit, filter)).posts;
  }

  /** Files a post under its community: the community's own timeline, newest first. */
  async fileUnderCommunity(post: Post): Promise<void> {
    if (post.community) await this.addToTimeline(post.tenantId, communityTimeline(post.community.communityId), { postId: post.postId, createdAt: post.createdAt, kind: post.kind });
  }

  /**
   * One page of a timeline, newest first, from a position: entries are looked at a
   * batch at a time, each batch's posts read by point reads and kept if `filter` lets
   * them through (the domain's visibility rule). `next` is the last post looked at when
   * the page filled up, so the next page starts right after it, whatever arrived since.
   */
  async timelinePage(tenantId: string, limit: number, filter: FeedFilter, options: TimelinePageOptions = {}): Promise<TimelinePage> {
    const key = tenantKey(tenantId, options.communityId ? communityTimeline(options.communityId) : TENANT_FEED);
    const entries = ((await readDocument<TimelineDocument>(this.timelines, key, key))?.entries ?? [])
      .filter((entry) => (!options.after || isAfter(entry, options.after)) && (!options.before || isAfter(options.before, entry)))
      .filter((entry) => !options.kind || !entry.kind || entry.kind === options.kind)
      .sort(newerFirst);
    const posts: Post[] = [];
    let at = 0;
    while (at < entries.length && posts.length < limit) {
      const batch = entries.slice(at, at + Math.min(FEED_SCAN_BATCH, Math.max(limit - posts.length, 8)));
      const read = await Promise.all(
        batch.map((entry) => filter({ visibility: entry.visibility ? visibilityFromKey(entry.visibility) : undefined }, () => this.get(tenantId, entry.postId))),
      );
      for (let i = 0; i < batch.length; i++) {
        at++;
        const post = read[i];
        if (post && post.state === 'published' && (!options.kind || post.kind === options.kind)) posts.push(post);
        if (posts.length === limit) break;
      }
    }
    const last = entries[at - 1];
    return { posts, ...(at < entries.length && last && { next: { createdAt: last.createdAt, postId: last.postId } }) };
  }

  /** Files an ask-me-anything event under its community's own list of events (not its feed). */
  async fileAmaUnderCommunity(post: Post): Promise<void> {
    if (post.community) await this.addToTimeline(post.tenantId, amaTimeline(post.community.communityId), { postId: post.postId, createdAt: post.createdAt });
  }

  /** A community's events, newest first: one point read, then the posts by id. */
  async communityAmas(tenantId: string, communityId: string, limit: number): Promise<Post[]> {
    const key = tenantKey(tenantId, amaTimeline(communityId));
    const entries = ((await readDocument<TimelineDocument>(this.timelines, key, key))?.entries ?? []).slice(0, limit);
    const posts = await Promise.all(entries.map((entry) => this.get(tenantId, entry.postId)));
    return posts.filter((post): post is Post => post?.state === 'published');
  }

  /** A page of a community's posts, newest first, from `offset` (its continuation). */
  async communityPage(tenantId: string, communityId: string, offset: number, limit: number): Promise<{ posts: Post[]; next?: number }> {
    const key = tenantKey(tenantId, communityTimeline(communityId));
    const entries = (await readDocument<TimelineDocument>(this.timelines, key, key))?.entries ?? [];
    const posts: Post[] = [];
    let at = offset;
    while (at < entries.length && posts.length < limit) {
      const batch = entries.slice(at, at + Math.min(FEED_SCAN_BATCH, limit - posts.length));
      at += batch.length;
      for (const post of await Promise.all(batch.map((entry) => this.get(tenantId, entry.postId)))) if (post?.state === 'published') posts.push(post);
    }
    return { posts, ...(at < entries.length && { next: at }) };
  }

  private async addToTimeline(tenantId: string, timeline: string, entry: TimelineEntry): Promise<void> {
    const key = tenantKey(tenantId, timeline);
    await updateDocument<TimelineDocument>(this.timelines, key, key, (current) => {
      const entries = [entry, ...(current?.entries ?? []).filter((e) => e.postId !== entry.postId)]
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .slice(0, TIMELINE_CAPACITY);
      return { id: key, pk: key, tenantId, type: 'timeline', entries, _etag: current?._etag };
    });
  }
}
