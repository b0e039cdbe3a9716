import type { Container } from '@azure/cosmos';
import type { ReactionType } from '../domain/reactions';
import { tenantKey } from './containers';
import { isCosmosError } from './cosmos';
import { readDocument, StoredDocument } from './documents';

/** One reader's reactions to the posts of one month (the posts' month, not the reaction's). */
type ReaderReactionsDocument = StoredDocument & {
  type: 'readerReactions';
  userId: string;
  month: string;
  /** Post key → the reader's reaction (null: taken back) and the sequence of the reaction document it copies. */
  reactions: Record<string, { r: ReactionType | null; s: number }>;
};

/** Months of one reader's filed reactions being read ahead (see `ReaderReactions.readAhead`). */
export type ReaderMonths = Map<string, Promise<ReaderReactionsDocument | undefined>>;

/** What a feed page knows of a post: enough to find where its reader's reaction is filed. */
export interface FiledPost {
  postId: string;
  createdAt: string;
  readerReactionsFiled?: boolean;
}

/**
 * A copy of each person's reactions filed by the month of the post they reacted to, so
 * a feed page (twenty posts of a day or a week) learns the reader's own reactions from
 * one point read (two across a month's end) instead of one read per post. A month, not
 * a day: a page of a quiet tenant spans days, and a reader who reacted to nothing on a
 * day would cost a read that finds nothing. The reaction document in the post's
 * partition stays the source of truth; this copy is written right after it, and a
 * write carries that document's sequence number so that of two quick clicks arriving
 * out of order the older never overwrites the newer (a conditional patch).
 *
 * Only posts created since this copy existed are read from it (they carry
 * `readerReactionsFiled`); reactions to older posts were never filed, so for those the
 * reaction document itself is read.
 */
export class ReaderReactions {
  constructor(private readonly container: Container) {}

  async file(tenantId: string, userId: string, post: Pick<FiledPost, 'postId' | 'createdAt'>, reaction: ReactionType | null, sequence: number): Promise<void> {
    const id = documentId(tenantId, userId, monthOf(post.createdAt));
    const key = postKey(post.postId);
    const entry = { r: reaction, s: sequence };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.container.item(id, id).patch({
          operations: [{ op: 'set', path: `/reactions/${key}`, value: entry }],
          condition: `FROM c WHERE NOT IS_DEFINED(c.reactions["${key}"]) OR c.reactions["${key}"].s < ${sequence}`,
        });
        return;
      } catch (error) {
        if (isCosmosError(error, 412)) return; // a newer click is already filed
        if (!isCosmosError(error, 404)) throw error;
      }
      try {
        const document: ReaderReactionsDocument = { id, pk: id, tenantId, type: 'readerReactions', userId, month: monthOf(post.createdAt), reactions: { [key]: entry } };
        await this.container.items.create(document);
        return;
      } catch (error) {
        if (!isCosmosError(error, 409)) throw error; // made meanwhile: patch it
      }
    }
    throw new Error(`could not file a reaction under ${id}`);
  }

  /**
   * Starts reading the reader's months before the page knows its posts (a feed's first
   * page is mostly this month's): handed to `of`, a month already under way is not read again.
   */
  readAhead(tenantId: string, userId: string, months: readonly string[]): ReaderMonths {
    const reads: ReaderMonths = new Map(months.map((month) => [month, readDocument<ReaderReactionsDocument>(this.container, documentId(tenantId, userId, month), documentId(tenantId, userId, month))]));
    for (const read of reads.values()) read.catch(() => undefined); // awaited by `of`, or not needed
    return reads;
  }

  /** The reader's own reaction to each post filed here: one point read per month the posts span (none for a month read ahead). */
  async of(tenantId: string, userId: string, posts: readonly FiledPost[], ahead: ReaderMonths = new Map()): Promise<Map<string, ReactionType | null>> {
    const months = [...new Set(posts.filter((post) => post.readerReactionsFiled).map((post) => monthOf(post.createdAt)))];
    const documents = await Promise.all(months.map((month) => ahead.get(month) ?? readDocument<ReaderReactionsDocument>(this.container, documentId(tenantId, userId, month), documentId(tenantId, userId, month))));
    const byMonth = new Map(months.map((month, i) => [month, documents[i]?.reactions ?? {}]));
    const found = new Map<string, ReactionType | null>();
    for (const post of posts) {
      const filed = post.readerReactionsFiled ? byMonth.get(monthOf(post.createdAt)) : undefined;
      if (filed) found.set(post.postId, filed[postKey(post.postId)]?.r ?? null);
    }
    return found;
  }

  /** Erasure: every month's copy of the person's reactions goes (a query: rare, and no document lists the months). */
  async forget(tenantId: string, userId: string): Promise<number> {
    const { resources } = await this.container.items
      .query<{ id: string }>({
        query: 'SELECT c.id FROM c WHERE c.tenantId = @tenantId AND c.type = "readerReactions" AND c.userId = @userId',
        parameters: [
          { name: '@tenantId', value: tenantId },
          { name: '@userId', value: userId },
        ],
      })
      .fetchAll();
    for (const { id } of resources) {
      await this.container.item(id, id).delete().catch((error) => {
        if (!isCosmosError(error, 404)) throw error;
      });
    }
    return resources.length;
  }
}

const monthOf = (createdAt: string) => createdAt.slice(0, 7);
const documentId = (tenantId: string, userId: string, month: string) => tenantKey(tenantId, 'readerReactions', userId, month);
/** Hex, so any post id is a plain name both in a patch path and in the patch's condition. */
const postKey = (postId: string) => `p${Buffer.from(postId, 'utf8').toString('hex')}`;

/** The filed copies of many reactions at once (seeding a large tenant in bulk): one document per reader and month. */
export function readerReactionDocuments(tenantId: string, reactions: Iterable<{ userId: string; post: Pick<FiledPost, 'postId' | 'createdAt'>; reaction: ReactionType; sequence: number }>): ReaderReactionsDocument[] {
  const documents = new Map<string, ReaderReactionsDocument>();
  for (const { userId, post, reaction, sequence } of reactions) {
    const month = monthOf(post.createdAt);
    const id = documentId(tenantId, userId, month);
    const document = documents.get(id) ?? { id, pk: id, tenantId, type: 'readerReactions' as const, userId, month, reactions: {} };
    document.reactions[postKey(post.postId)] = { r: reaction, s: sequence };
    documents.set(id, document);
  }
  return [...documents.values()];
}
