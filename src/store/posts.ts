import { isCosmosError } from './cosmos';
import type { Container } from '@azure/cosmos';
import type { Delivery, Post } from '../domain/posts';
import type { FeedPosition } from '../domain/feed';
import { activePins, withPin, type PinnedEntry } from '../domain/pinned';
import { searchTerms } from '../domain/search-terms';
import { Visibility, visibilityFromKey, visibilityKey } from '../domain/visibility';
import { tenantKey } from './containers';
import { readDocument, StoredDocument, updateDocument } from './documents';
import { TtlCache } from './ttl-cache';
import { Timelines, type TimelineEntry } from './timelines';
import type { PrivacyIndexRepository } from './privacy-index';
import type { ActivityRecorder } from '../domain/analytics';

type PostDocument = StoredDocument & Post & { type: 'post' };

/** Where a timeline page starts and what it keeps (see domain/feed.ts for positions). */
export interface TimelinePageOptions {
  /** The tenant's feed, or one community's timeline, or one author's (their profile), or the posts holding a word. */
  communityId?: string;
  term?: string;
  authorId?: string;
  /** Entries looked at, at most, whatever `filter` lets through (a bounded read for a side panel). */
  scanMax?: number;
  /** Only posts after this position (older), for the next page. */
  after?: FeedPosition;
  /** Only posts before this position (newer), to count what arrived since. */
  before?: FeedPosition;
  kind?: string;
  /** Only posts created at or after this ISO time: the walk ends there. */
  notBefore?: string;
  /**
   * A further test on the loaded post (e.g. unanswered questions only). It may come as a
   * promise, so the reads it needs run while the timeline itself is read.
   */
  keep?: ((post: Post) => boolean) | Promise<((post: Post) => boolean) | undefined>;
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
type PinnedDocument = StoredDocument & { type: 'pinned'; entries: PinnedEntry[] };
const PINNED = 'pinned';

/** Events kept in a community's list of ask-me-anything events (a short list, one document). */
const AMA_LIST_CAPACITY = 500;
const TENANT_FEED = 'feed';
const communityTimeline = (communityId: string) => `community|${communityId}`;
/** Each author's own posts, for their profile: written beside the tenant feed, read the same way. */
const authorTimeline = (authorId: string) => `author|${authorId.toLowerCase()}`;
const amaTimeline = (communityId: string) => `community|${communityId}|ama`;
const termTimeline = (term: string) => `term|${term}`;

const postKey = (tenantId: string, postId: string) => tenantKey(tenantId, postId);

const timelineEntry = (post: Post): TimelineEntry => ({ postId: post.postId, createdAt: post.createdAt, kind: post.kind, ...(post.visibility && { visibility: visibilityKey(post.visibility) }) });

function toPost({ id: _id, pk: _pk, type: _type, _etag, ...post }: PostDocument): Post {
  return post;
}

export const POST_LIVENESS_TTL_MS = 5_000;

/** A post as stored, with the etag of that version. */
export interface PostVersion {
  post: Post;
  etag: string;
}

/** Timeline entries whose posts are read at once. */
const FEED_SCAN_BATCH = 40;
/**
 * Entries looked at for one page, at most: a reader who may see little of a large
 * tenant gets a shorter page (with its continuation) rather than a scan of it all.
 */
export const FEED_SCAN_MAX = 600;

/**
 * Posts and their timelines (store/timelines.ts): a feed page is a few point reads of
 * day buckets, then the posts by id; no query on the hot path, whatever the size.
 */
export class PostRepository {
  /** Recently read posts, for checks on every click (state, visibility); counts may be a little old. */
  private readonly recentPosts = new TtlCache<Post | null>(POST_LIVENESS_TTL_MS, 10_000);
  /** Each tenant's pinned list, read by every first page and changed a few times a month: another instance's pin shows within this time, this one's at once. */
  private readonly pins = new TtlCache<PinnedEntry[]>(POST_LIVENESS_TTL_MS, 1_000);

  private readonly timelineBuckets: Timelines;

  constructor(
    private readonly posts: Container,
    private readonly timelines: Container,
    /** Which posts were created or removed on which day, for the privacy job (retention, purge). */
    private readonly privacyIndex?: PrivacyIndexRepository,
    private readonly activity?: ActivityRecorder,
  ) {
    this.timelineBuckets = new Timelines(timelines);
  }

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
    const entry = timelineEntry(post);
    await Promise.all([this.timelineBuckets.add(post.tenantId, TENANT_FEED, entry), this.timelineBuckets.add(post.tenantId, authorTimeline(post.authorId), entry), this.indexText(post)]);
    await this.privacyIndex?.note(post.tenantId, 'created', post.postId, post.createdAt);
    await this.activity?.record({ kind: 'post', tenantId: post.tenantId, userId: post.authorId, postId: post.postId, postKind: post.kind, communityId: post.community?.communityId, at: post.createdAt });
    await this.afterCreate?.(post);
  }

  /** Told of every new post once it is stored (the composition root records it into followers' digests). */
  afterCreate?: (post: Post) => Promise<void>;

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
    let removedNow = false;
    let textChanged = false;
    const document = await updateDocument<PostDocument>(
      this.posts,
      key,
      key,
      (current) => {
        if (!current) return undefined;
        const next = change(toPost(current));
        removedNow = Boolean(next && next.state === 'removed' && current.state !== 'removed');
        textChanged = Boolean(next && (next.title !== current.title || next.body !== current.body));
        return next && { ...next, id: key, pk: key, type: 'post', _etag: current._etag };
      },
      known && { ...known.post, id: key, pk: key, type: 'post', _etag: known.etag },
    );
    this.recentPosts.set(key, document ? toPost(document) : null);
    // A removed post keeps its words for the tenant's grace period; the privacy job finds it by the day it went.
    if (removedNow && document && !document.purgedAt) await this.privacyIndex?.note(tenantId, 'removed', postId, new Date().toISOString());
    // An edit is found by its new words (a search drops what the post no longer says).
    if (textChanged && document && document.state === 'published') await this.indexText(toPost(document));
    return document && { post: toPost(document), etag: document._etag ?? '' };
  }

  /** Deletes the post document (erasure in delete mode, retention); its timeline entries are skipped from then on. */
  async delete(tenantId: string, postId: string): Promise<void> {
    const key = postKey(tenantId, postId);
    await this.posts.item(key, key).delete().catch((error) => {
      if (!isCosmosError(error, 404)) throw error;
    });
    this.recentPosts.set(key, null);
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

  /** Erasure: the person's own list of posts goes (the posts themselves are handled one by one). */
  async forgetAuthor(tenantId: string, userId: string): Promise<void> {
    await this.timelineBuckets.remove(tenantId, authorTimeline(userId));
  }

  /** Lists a post stored unlisted (an announcement's record, once it goes out) in the tenant's feed. */
  async listInFeed(post: Post): Promise<void> {
    await Promise.all([this.timelineBuckets.add(post.tenantId, TENANT_FEED, timelineEntry(post)), this.indexText(post)]);
  }

  /**
   * Files the post under each word of its text (a timeline per word, like the feed's),
   * so a search walks one word's posts. An edit (updateVersioned) adds the new words; a
   * word an edit took away leaves a stale entry, which a search drops when it reads the post.
   */
  async indexText(post: Pick<Post, 'tenantId' | 'postId' | 'createdAt' | 'kind' | 'visibility' | 'title' | 'body'>): Promise<void> {
    const entry = timelineEntry(post as Post);
    await Promise.all(searchTerms(`${post.title ?? ''} ${post.body}`).map((term) => this.timelineBuckets.add(post.tenantId, termTimeline(term), entry)));
  }

  /** Pins a post at the top of the tenant's feed until `until` (an important announcement). */
  async pin(tenantId: string, entry: PinnedEntry, now = new Date()): Promise<void> {
    const key = tenantKey(tenantId, PINNED);
    await updateDocument<PinnedDocument>(this.timelines, key, key, (current) => ({ id: key, pk: key, tenantId, type: 'pinned', entries: withPin(current?.entries ?? [], entry, now), _etag: current?._etag }));
    // After the write, so a read racing it cannot keep the list before it.
    this.pins.delete(key);
  }

  /** What is pinned now, newest first: one point read. */
  async pinned(tenantId: string, now = new Date()): Promise<PinnedEntry[]> {
    const key = tenantKey(tenantId, PINNED);
    return activePins(await this.pins.get(key, async () => (await readDocument<PinnedDocument>(this.timelines, key, key))?.entries ?? []), now);
  }

  /** Files a post under its community: the community's own timeline, newest first. */
  async fileUnderCommunity(post: Post): Promise<void> {
    if (post.community) await this.timelineBuckets.add(post.tenantId, communityTimeline(post.community.communityId), timelineEntry(post));
  }

  /**
   * One page of a timeline, newest first, from a position: entries are looked at a
   * batch at a time, each batch's posts read by point reads and kept if `filter` lets
   * them through (the domain's visibility rule). `next` is the last entry looked at when
   * the page filled up (or FEED_SCAN_MAX entries were looked at), so the next page
   * starts right after it, whatever arrived since.
   */
  async timelinePage(tenantId: string, limit: number, filter: FeedFilter, options: TimelinePageOptions = {}): Promise<TimelinePage> {
    const timeline = options.communityId ? communityTimeline(options.communityId) : options.authorId ? authorTimeline(options.authorId) : options.term ? termTimeline(options.term) : TENANT_FEED;
    const scanMax = Math.min(options.scanMax ?? FEED_SCAN_MAX, FEED_SCAN_MAX);
    const posts: Post[] = [];
    let looked = 0;
    let last: TimelineEntry | undefined;
    let stopped = false;
    const keepReady = Promise.resolve(options.keep);
    await this.timelineBuckets.walk(tenantId, timeline, options, async (roundEntries) => {
      const keep = await keepReady;
      const inWindow = options.notBefore ? roundEntries.filter((entry) => entry.createdAt >= options.notBefore!) : roundEntries;
      const entries = inWindow.filter((entry) => !options.kind || !entry.kind || entry.kind === options.kind);
      const windowEnds = inWindow.length < roundEntries.length;
      let at = 0;
      while (at < entries.length) {
        if (posts.length >= limit || looked >= scanMax) return (stopped = true);
        const batch = entries.slice(at, at + Math.min(FEED_SCAN_BATCH, Math.max(limit - posts.length, 8), scanMax - looked));
        // Read through the short-lived cache: the top of a feed is the same posts for everyone who opens it.
        const read = await Promise.all(batch.map((entry) => filter({ visibility: entry.visibility ? visibilityFromKey(entry.visibility) : undefined }, () => this.recent(tenantId, entry.postId))));
        for (let i = 0; i < batch.length; i++) {
          at++;
          looked++;
          last = batch[i];
          const post = read[i];
          if (post && post.state === 'published' && (!options.kind || post.kind === options.kind) && (!keep || keep(post))) posts.push(post);
          if (posts.length === limit) break;
        }
      }
      return windowEnds;
    }, limit);
    return { posts, ...((stopped || posts.length === limit) && last && { next: { createdAt: last.createdAt, postId: last.postId } }) };
  }

  /** Files an ask-me-anything event under its community's own list of events (not its feed). */
  async fileAmaUnderCommunity(post: Post): Promise<void> {
    if (post.community) await this.addToCappedList(post.tenantId, amaTimeline(post.community.communityId), { postId: post.postId, createdAt: post.createdAt });
  }

  /** A community's events, newest first: one point read, then the posts by id. */
  async communityAmas(tenantId: string, communityId: string, limit: number): Promise<Post[]> {
    const key = tenantKey(tenantId, amaTimeline(communityId));
    const entries = ((await readDocument<TimelineDocument>(this.timelines, key, key))?.entries ?? []).slice(0, limit);
    const posts = await Promise.all(entries.map((entry) => this.get(tenantId, entry.postId)));
    return posts.filter((post): post is Post => post?.state === 'published');
  }

  /** A short list in one document (a community's events: a handful a month). */
  private async addToCappedList(tenantId: string, timeline: string, entry: TimelineEntry): Promise<void> {
    const key = tenantKey(tenantId, timeline);
    await updateDocument<TimelineDocument>(this.timelines, key, key, (current) => {
      const entries = [entry, ...(current?.entries ?? []).filter((e) => e.postId !== entry.postId)]
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .slice(0, AMA_LIST_CAPACITY);
      return { id: key, pk: key, tenantId, type: 'timeline', entries, _etag: current?._etag };
    });
  }
}
