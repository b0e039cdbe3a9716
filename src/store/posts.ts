import type { Container } from '@azure/cosmos';
import type { Post } from '../domain/posts';
import { tenantKey } from './containers';
import { readDocument, StoredDocument, updateDocument } from './documents';

type PostDocument = StoredDocument & Post & { type: 'post' };

interface TimelineEntry {
  postId: string;
  createdAt: string;
}

type TimelineDocument = StoredDocument & { type: 'timeline'; entries: TimelineEntry[] };

/** Newest-first ids kept per timeline; older posts stay readable by id. */
export const TIMELINE_CAPACITY = 500;
const TENANT_FEED = 'feed';

const postKey = (tenantId: string, postId: string) => tenantKey(tenantId, postId);

function toPost({ id: _id, pk: _pk, type: _type, _etag, ...post }: PostDocument): Post {
  return post;
}

/**
 * Posts and the tenant feed. The feed is one capped timeline document read with a
 * point read, then the posts by id: no query on the hot path, whatever the size.
 */
export class PostRepository {
  constructor(
    private readonly posts: Container,
    private readonly timelines: Container,
  ) {}

  async get(tenantId: string, postId: string): Promise<Post | undefined> {
    const key = postKey(tenantId, postId);
    const document = await readDocument<PostDocument>(this.posts, key, key);
    return document && toPost(document);
  }

  async create(post: Post): Promise<void> {
    const key = postKey(post.tenantId, post.postId);
    await this.posts.items.create<PostDocument>({ ...post, id: key, pk: key, type: 'post' });
    await this.addToTimeline(post.tenantId, TENANT_FEED, { postId: post.postId, createdAt: post.createdAt });
  }

  /** Applies a change under the etag guard; undefined when the post does not exist. */
  async update(tenantId: string, postId: string, change: (post: Post) => Post | undefined): Promise<Post | undefined> {
    const key = postKey(tenantId, postId);
    const document = await updateDocument<PostDocument>(this.posts, key, key, (current) => {
      if (!current) return undefined;
      const next = change(toPost(current));
      return next && { ...next, id: key, pk: key, type: 'post', _etag: current._etag };
    });
    return document && toPost(document);
  }

  async feed(tenantId: string, limit: number): Promise<Post[]> {
    const key = tenantKey(tenantId, TENANT_FEED);
    const timeline = await readDocument<TimelineDocument>(this.timelines, key, key);
    const entries = timeline?.entries.slice(0, limit) ?? [];
    const posts = await Promise.all(entries.map((entry) => this.get(tenantId, entry.postId)));
    return posts.filter((post): post is Post => post !== undefined && post.state === 'published');
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
