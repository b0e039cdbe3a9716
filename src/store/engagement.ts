import type { Container } from '@azure/cosmos';
import { isCosmosError } from './cosmos';
import type { Comment } from '../domain/comments';
import { nextReaction, ReactionType } from '../domain/reactions';
import { tenantKey } from './containers';
import { patchOrCreate, readDocument, StoredDocument, updateDocument } from './documents';
import { FiledPost, ReaderMonths, ReaderReactions } from './reader-reactions';

/** `seq` counts the document's versions (absent on documents stored before it existed), so copies of it can tell newer from older. */
type ReactionDocument = StoredDocument & { type: 'reaction'; postId: string; userId: string; reaction: ReactionType | null; updatedAt: string; seq?: number };
type ThreadHead = StoredDocument & { type: 'commentThread'; postId: string; count: number };
type CommentPage = StoredDocument & { type: 'commentPage'; postId: string; page: number; comments: Comment[] };
type NotifyDocument = StoredDocument & { type: 'commentNotice'; postId: string; lastSentAt?: string; pending: number; pendingNames: string[] };

/** A notice to send now, or when to look again. */
export interface CommentNotice {
  due?: { count: number; names: string[] };
  retryAt?: number;
}

/** Comments are stored in pages so a thread is read with point reads, never a query. */
export const COMMENTS_PER_PAGE = 50;

/**
 * Everything people do to one post lives in the post's own partition
 * (pk = tenantId|postId): each person's reaction is their own document, so
 * concurrent clicks by different people never contend.
 */
/** Reaction documents this process wrote lately, to skip a read when the same person clicks again. */
const RECENT_REACTIONS_MAX = 20_000;

export class EngagementRepository {
  private readonly recentReactions = new Map<string, ReactionDocument>();

  private readonly readers: ReaderReactions;

  constructor(private readonly container: Container) {
    this.readers = new ReaderReactions(container);
  }

  /**
   * Toggles a person's reaction under the etag guard and reports the transition that
   * was stored, with the stored version's sequence. A first reaction is a single
   * create; after that, the version this process wrote last is tried first. Either way
   * a conflict falls back to reading.
   */
  async toggleReaction(tenantId: string, postId: string, userId: string, clicked: ReactionType, now: string) {
    const pk = tenantKey(tenantId, postId);
    const id = tenantKey(tenantId, postId, 'reaction', userId);
    const document = (reaction: ReactionType | null, seq: number, etag?: string): ReactionDocument => ({ id, pk, tenantId, type: 'reaction', postId, userId, reaction, updatedAt: now, seq, _etag: etag });
    const known = this.recentReactions.get(id);
    if (!known) {
      try {
        const { resource } = await this.container.items.create<ReactionDocument>(document(clicked, 1));
        this.remember(id, resource);
        return { before: null, after: clicked as ReactionType | null, seq: 1 };
      } catch (error) {
        if (!isCosmosError(error, 409)) throw error; // they reacted before: read it
      }
    }
    let before: ReactionType | null = null;
    let after: ReactionType | null = null;
    let seq = 1;
    const stored = await updateDocument<ReactionDocument>(
      this.container,
      id,
      pk,
      (current) => {
        before = current?.reaction ?? null;
        after = nextReaction(before, clicked);
        seq = (current?.seq ?? 0) + 1;
        return document(after, seq, current?._etag);
      },
      known,
    );
    this.remember(id, stored);
    return { before: before as ReactionType | null, after: after as ReactionType | null, seq };
  }

  /** Files the reaction just stored under its reader too (see ReaderReactions): what a feed page reads. */
  fileReaderReaction(tenantId: string, userId: string, post: Pick<FiledPost, 'postId' | 'createdAt'>, reaction: ReactionType | null, seq: number): Promise<void> {
    return this.readers.file(tenantId, userId, post, reaction, seq);
  }

  /**
   * The reader's own reaction to each post: posts filed under their readers from one
   * point read per month, any older post from its own reaction document.
   */
  async reactionsOf(tenantId: string, userId: string, posts: readonly FiledPost[], ahead?: ReaderMonths): Promise<Map<string, ReactionType | null>> {
    const filed = await this.readers.of(tenantId, userId, posts, ahead);
    const older = posts.filter((post) => !filed.has(post.postId));
    const read = await Promise.all(older.map((post) => this.reactionOf(tenantId, post.postId, userId)));
    older.forEach((post, i) => filed.set(post.postId, read[i]));
    return filed;
  }

  /** Starts reading the reader's filed reactions of these months (YYYY-MM), for a later `reactionsOf`. */
  readReactionsAhead(tenantId: string, userId: string, months: readonly string[]): ReaderMonths {
    return this.readers.readAhead(tenantId, userId, months);
  }

  /** Erasure: the copies filed under the person go (their reaction documents are deleted one by one). */
  forgetReader(tenantId: string, userId: string): Promise<number> {
    return this.readers.forget(tenantId, userId);
  }

  private remember(id: string, stored: ReactionDocument | undefined): void {
    this.recentReactions.delete(id);
    if (!stored) return;
    if (this.recentReactions.size >= RECENT_REACTIONS_MAX) this.recentReactions.delete(this.recentReactions.keys().next().value as string);
    this.recentReactions.set(id, stored);
  }

  async reactionOf(tenantId: string, postId: string, userId: string): Promise<ReactionType | null> {
    const document = await readDocument<ReactionDocument>(this.container, tenantKey(tenantId, postId, 'reaction', userId), tenantKey(tenantId, postId));
    return document?.reaction ?? null;
  }

  /** Every stored reaction of a post: the repair path, not the hot path. */
  async allReactions(tenantId: string, postId: string): Promise<ReactionType[]> {
    const { resources } = await this.container.items
      .query<{ reaction: ReactionType | null }>({
        query: 'SELECT c.reaction FROM c WHERE c.pk = @pk AND c.type = "reaction"',
        parameters: [{ name: '@pk', value: tenantKey(tenantId, postId) }],
      })
      .fetchAll();
    return resources.map((r) => r.reaction).filter((r): r is ReactionType => Boolean(r));
  }

  /** Deletes a person's reaction document (erasure); the post's counts are then recounted from the rest. */
  async deleteReaction(tenantId: string, postId: string, userId: string): Promise<void> {
    const id = tenantKey(tenantId, postId, 'reaction', userId);
    this.recentReactions.delete(id);
    await this.container.item(id, tenantKey(tenantId, postId)).delete().catch((error) => {
      if (!isCosmosError(error, 404)) throw error;
    });
  }

  /**
   * Rewrites every comment of a post through `change` (null drops it), page by page
   * under each page's etag, and returns the whole thread as it then stands (erasure:
   * a person's comments anonymised or deleted, then the post's counts recounted from it).
   */
  async rewriteComments(tenantId: string, postId: string, change: (comment: Comment) => Comment | null): Promise<Comment[]> {
    const pk = tenantKey(tenantId, postId);
    const head = await readDocument<ThreadHead>(this.container, tenantKey(tenantId, postId, 'comments'), pk);
    const thread: Comment[] = [];
    for (let page = 0; page <= Math.floor(((head?.count ?? 0) - 1) / COMMENTS_PER_PAGE); page++) {
      const id = tenantKey(tenantId, postId, 'comments', String(page));
      const stored = await updateDocument<CommentPage>(this.container, id, pk, (current) => {
        if (!current) return undefined;
        const comments = current.comments.map(change).filter((c): c is Comment => c !== null);
        return JSON.stringify(comments) === JSON.stringify(current.comments) ? undefined : { ...current, comments };
      });
      thread.push(...(stored?.comments ?? []));
    }
    return thread;
  }

  /** Deletes everything people did to a post (erasure or retention deleting the post itself). */
  async deleteAll(tenantId: string, postId: string): Promise<number> {
    const pk = tenantKey(tenantId, postId);
    const { resources } = await this.container.items
      .query<{ id: string }>({ query: 'SELECT c.id FROM c WHERE c.pk = @pk', parameters: [{ name: '@pk', value: pk }] })
      .fetchAll();
    for (const { id } of resources) {
      this.recentReactions.delete(id);
      await this.container.item(id, pk).delete().catch((error) => {
        if (!isCosmosError(error, 404)) throw error;
      });
    }
    return resources.length;
  }

  /**
   * Appends a comment. Patch operations (`incr` for the sequence, `add` to the page)
   * let any number of people comment at once without read-modify-write conflicts.
   */
  async addComment(tenantId: string, comment: Comment): Promise<number> {
    const pk = tenantKey(tenantId, comment.postId);
    const headId = tenantKey(tenantId, comment.postId, 'comments');
    const head = (await patchOrCreate<ThreadHead>(this.container, headId, pk, [{ op: 'incr', path: '/count', value: 1 }], {
      id: headId, pk, tenantId, type: 'commentThread', postId: comment.postId, count: 1,
    })).resource;
    const page = Math.floor((head.count - 1) / COMMENTS_PER_PAGE);
    const pageId = tenantKey(tenantId, comment.postId, 'comments', String(page));
    await patchOrCreate<CommentPage>(this.container, pageId, pk, [{ op: 'add', path: '/comments/-', value: comment }], {
      id: pageId, pk, tenantId, type: 'commentPage', postId: comment.postId, page, comments: [comment],
    });
    await this.afterComment?.(tenantId, comment);
    return head.count;
  }

  /** Told of every new comment once it is stored (the composition root records it into followers' digests). */
  afterComment?: (tenantId: string, comment: Comment) => Promise<void>;

  /** The latest comments, oldest first, reading at most two pages. */
  async latestComments(tenantId: string, postId: string, limit: number): Promise<{ comments: Comment[]; total: number }> {
    const pk = tenantKey(tenantId, postId);
    const head = await readDocument<ThreadHead>(this.container, tenantKey(tenantId, postId, 'comments'), pk);
    if (!head) return { comments: [], total: 0 };
    const lastPage = Math.floor((head.count - 1) / COMMENTS_PER_PAGE);
    const pages = await Promise.all(
      [lastPage - 1, lastPage].filter((p) => p >= 0).map((p) => readDocument<CommentPage>(this.container, tenantKey(tenantId, postId, 'comments', String(p)), pk)),
    );
    const comments = pages.flatMap((page) => page?.comments ?? []).filter((c) => !c.hidden);
    return { comments: comments.slice(-limit), total: head.count };
  }

  /**
   * One stored page of the thread (COMMENTS_PER_PAGE, oldest first; the newest page when
   * `page` is absent): two point reads, whatever the thread's length. Hidden comments are left out.
   */
  async commentPage(tenantId: string, postId: string, page?: number): Promise<{ comments: Comment[]; total: number; page: number; pages: number }> {
    const pk = tenantKey(tenantId, postId);
    const head = await readDocument<ThreadHead>(this.container, tenantKey(tenantId, postId, 'comments'), pk);
    const pages = head ? Math.floor((head.count - 1) / COMMENTS_PER_PAGE) + 1 : 0;
    const wanted = Math.min(page ?? pages - 1, pages - 1);
    if (wanted < 0) return { comments: [], total: head?.count ?? 0, page: 0, pages };
    const stored = await readDocument<CommentPage>(this.container, tenantKey(tenantId, postId, 'comments', String(wanted)), pk);
    return { comments: (stored?.comments ?? []).filter((c) => !c.hidden), total: head?.count ?? 0, page: wanted, pages };
  }

  /** One comment by id, reading the thread's pages newest first (point reads). */
  async findComment(tenantId: string, postId: string, commentId: string): Promise<Comment | undefined> {
    const pk = tenantKey(tenantId, postId);
    const head = await readDocument<ThreadHead>(this.container, tenantKey(tenantId, postId, 'comments'), pk);
    for (let page = Math.floor(((head?.count ?? 0) - 1) / COMMENTS_PER_PAGE); page >= 0; page--) {
      const found = (await readDocument<CommentPage>(this.container, tenantKey(tenantId, postId, 'comments', String(page)), pk))?.comments.find((c) => c.commentId === commentId);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Marks one comment hidden (reports reached the threshold, or a moderator) or shown
   * again (a moderator approved it) under its page's etag; false when it is not found
   * or already so. Readers skip hidden comments.
   */
  async hideComment(tenantId: string, postId: string, commentId: string, hide = true): Promise<boolean> {
    const pk = tenantKey(tenantId, postId);
    const head = await readDocument<ThreadHead>(this.container, tenantKey(tenantId, postId, 'comments'), pk);
    for (let page = Math.floor(((head?.count ?? 0) - 1) / COMMENTS_PER_PAGE); page >= 0; page--) {
      const id = tenantKey(tenantId, postId, 'comments', String(page));
      let hidden = false;
      let found = false;
      await updateDocument<CommentPage>(this.container, id, pk, (current) => {
        hidden = false;
        const comment = current?.comments.find((c) => c.commentId === commentId);
        found = Boolean(comment);
        if (!current || !comment || Boolean(comment.hidden) === hide) return undefined;
        hidden = true;
        return { ...current, comments: current.comments.map((c) => (c.commentId === commentId ? { ...c, hidden: hide } : c)) };
      });
      if (found) return hidden;
    }
    return false;
  }

  /**
   * Decides whether the author hears about comments now or later: a new comment
   * (`commenter`) joins the pending ones, and a notice is due when the last one is
   * older than the interval. Called without a commenter, it only flushes what waits.
   */
  async noteCommentForAuthor(tenantId: string, postId: string, commenter: string | undefined, now: Date, intervalMs: number): Promise<CommentNotice> {
    const pk = tenantKey(tenantId, postId);
    const id = tenantKey(tenantId, postId, 'notice');
    let notice: CommentNotice = {};
    await updateDocument<NotifyDocument>(this.container, id, pk, (current) => {
      const pending = (current?.pending ?? 0) + (commenter ? 1 : 0);
      const names = commenter ? [...(current?.pendingNames ?? []), commenter].slice(-20) : (current?.pendingNames ?? []);
      if (!pending) return undefined;
      const last = current?.lastSentAt ? Date.parse(current.lastSentAt) : 0;
      const base = { id, pk, tenantId, type: 'commentNotice' as const, postId, _etag: current?._etag };
      if (now.getTime() - last >= intervalMs) {
        notice = { due: { count: pending, names } };
        return { ...base, lastSentAt: now.toISOString(), pending: 0, pendingNames: [] };
      }
      notice = { retryAt: last + intervalMs };
      return { ...base, lastSentAt: current?.lastSentAt, pending, pendingNames: names };
    });
    return notice;
  }
}
