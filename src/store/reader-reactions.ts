import type { Container } from '@azure/cosmos';
import type { ReactionType } from '../domain/reactions';
import { tenantKey } from './containers';
import { isCosmosError } from './cosmos';
import { readDocument, StoredDocument } from './documents';

/** One reader's reactions to the posts of one day (the posts' day, not the reaction's). */
type ReaderReactionsDocument = StoredDocument & {
  type: 'readerReactions';
  userId: string;
  day: string;
  /** Post key → the reader's reaction (null: taken back) and the sequence of the reaction document it copies. */
  reactions: Record<string, { r: ReactionType | null; s: number }>;
};

/** What a feed page knows of a post: enough to find where its reader's reaction is filed. */
export interface FiledPost {
  postId: string;
  createdAt: string;
  readerReactionsFiled?: boolean;
}

/**
 * A copy of each person's reactions filed by the day of the post they reacted to, so a
 * feed page (twenty posts of a day or two) learns the reader's own reactions from one
 * or two point reads instead of one read per post. The reaction document in the post's
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
    const id = documentId(tenantId, userId, dayOf(post.createdAt));
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
        const document: ReaderReactionsDocument = { id, pk: id, tenantId, type: 'readerReactions', userId, day: dayOf(post.createdAt), reactions: { [key]: entry } };
        await this.container.items.create(document);
        return;
      } catch (error) {
        if (!isCosmosError(error, 409)) throw error; // made meanwhile: patch it
      }
    }
    throw new Error(`could not file a reaction under ${id}`);
  }

  /** The reader's own reaction to each post filed here: one point read per day the posts span. */
  async of(tenantId: string, userId: string, posts: readonly FiledPost[]): Promise<Map<string, ReactionType | null>> {
    const days = [...new Set(posts.filter((post) => post.readerReactionsFiled).map((post) => dayOf(post.createdAt)))];
    const documents = await Promise.all(days.map((day) => readDocument<ReaderReactionsDocument>(this.container, documentId(tenantId, userId, day), documentId(tenantId, userId, day))));
    const byDay = new Map(days.map((day, i) => [day, documents[i]?.reactions ?? {}]));
    const found = new Map<string, ReactionType | null>();
    for (const post of posts) {
      const filed = post.readerReactionsFiled ? byDay.get(dayOf(post.createdAt)) : undefined;
      if (filed) found.set(post.postId, filed[postKey(post.postId)]?.r ?? null);
    }
    return found;
  }

  /** Erasure: every day's copy of the person's reactions goes (a query: rare, and no document lists the days). */
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

const dayOf = (createdAt: string) => createdAt.slice(0, 10);
const documentId = (tenantId: string, userId: string, day: string) => tenantKey(tenantId, 'readerReactions', userId, day);
/** Hex, so any post id is a plain name both in a patch path and in the patch's condition. */
const postKey = (postId: string) => `p${Buffer.from(postId, 'utf8').toString('hex')}`;

/** The filed copies of many reactions at once (seeding a large tenant in bulk): one document per reader and day. */
export function readerReactionDocuments(tenantId: string, reactions: Iterable<{ userId: string; post: Pick<FiledPost, 'postId' | 'createdAt'>; reaction: ReactionType; sequence: number }>): ReaderReactionsDocument[] {
  const documents = new Map<string, ReaderReactionsDocument>();
  for (const { userId, post, reaction, sequence } of reactions) {
    const day = dayOf(post.createdAt);
    const id = documentId(tenantId, userId, day);
    const document = documents.get(id) ?? { id, pk: id, tenantId, type: 'readerReactions' as const, userId, day, reactions: {} };
    document.reactions[postKey(post.postId)] = { r: reaction, s: sequence };
    documents.set(id, document);
  }
  return [...documents.values()];
}
