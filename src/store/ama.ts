import type { Container } from '@azure/cosmos';
import type { AmaAnswer, AmaQuestion, AmaTally } from '../domain/ama';
import { tenantKey } from './containers';
import { isCosmosError } from './cosmos';
import { patchOrCreate, readDocument, stableHash, StoredDocument, updateDocument } from './documents';

/**
 * An AMA's questions and upvotes live with the post's other engagement (pk =
 * tenantId|postId), as poll votes do. Each question is its own document; each
 * person's upvote of a question is its own document, created once: the create that
 * succeeds is the one that counts (a second gets 409 and changes nothing), so 200
 * upvotes at once count 200. Counts live in TALLY_SHARDS documents moved by patch
 * `incr` (a question's shard from a stable hash of its id), so the card's ranking is
 * eight point reads and a person's "did I upvote" one, whatever the number of questions.
 */
export const AMA_TALLY_SHARDS = 8;

type QuestionDocument = StoredDocument & AmaQuestion & { type: 'amaQuestion'; postId: string };
type UpvoteDocument = StoredDocument & { type: 'amaUpvote'; postId: string; questionId: string; userId: string; at: string };
type TallyDocument = StoredDocument & { type: 'amaTally'; postId: string; votes: Record<string, number>; answered: Record<string, boolean> };

const stripped = ({ questionId, text, authorId, authorName, anonymous, createdAt, answer }: QuestionDocument): AmaQuestion => ({ questionId, text, authorId, authorName, anonymous, createdAt, ...(answer && { answer }) });

export class AmaRepository {
  constructor(private readonly container: Container) {}

  private keys(tenantId: string, postId: string) {
    return {
      pk: tenantKey(tenantId, postId),
      question: (questionId: string) => tenantKey(tenantId, postId, 'amaQ', questionId),
      upvote: (questionId: string, userId: string) => tenantKey(tenantId, postId, 'amaVote', questionId, userId),
      shard: (questionId: string) => tenantKey(tenantId, postId, 'amaTally', String(stableHash(questionId) % AMA_TALLY_SHARDS)),
      shardN: (n: number) => tenantKey(tenantId, postId, 'amaTally', String(n)),
    };
  }

  /** Stores the question, then makes it known to the ranking with no votes. */
  async ask(tenantId: string, postId: string, question: AmaQuestion): Promise<void> {
    const k = this.keys(tenantId, postId);
    await this.container.items.create<QuestionDocument>({ ...question, id: k.question(question.questionId), pk: k.pk, tenantId, type: 'amaQuestion', postId });
    await this.count(tenantId, postId, question.questionId, 0);
  }

  async question(tenantId: string, postId: string, questionId: string): Promise<AmaQuestion | undefined> {
    const k = this.keys(tenantId, postId);
    const document = await readDocument<QuestionDocument>(this.container, k.question(questionId), k.pk);
    return document && stripped(document);
  }

  /** Point reads of the given questions, in that order (missing ones left out). */
  async questions(tenantId: string, postId: string, questionIds: string[]): Promise<AmaQuestion[]> {
    const found = await Promise.all(questionIds.map((id) => this.question(tenantId, postId, id)));
    return found.filter((q): q is AmaQuestion => q !== undefined);
  }

  /** An upvote, once per person per question: true when this call counted it. */
  async upvote(tenantId: string, postId: string, questionId: string, userId: string, at: string): Promise<boolean> {
    const k = this.keys(tenantId, postId);
    try {
      await this.container.items.create<UpvoteDocument>({ id: k.upvote(questionId, userId), pk: k.pk, tenantId, type: 'amaUpvote', postId, questionId, userId, at });
    } catch (error) {
      if (isCosmosError(error, 409)) return false;
      throw error;
    }
    await this.count(tenantId, postId, questionId, 1);
    return true;
  }

  /** Takes an upvote back: true when this call removed it (a second removal finds nothing). */
  async removeUpvote(tenantId: string, postId: string, questionId: string, userId: string): Promise<boolean> {
    const k = this.keys(tenantId, postId);
    try {
      await this.container.item(k.upvote(questionId, userId), k.pk).delete();
    } catch (error) {
      if (isCosmosError(error, 404)) return false;
      throw error;
    }
    await this.count(tenantId, postId, questionId, -1);
    return true;
  }

  /** Which of these questions the person upvoted: one point read each. */
  async upvotedBy(tenantId: string, postId: string, questionIds: string[], userId: string): Promise<Set<string>> {
    const k = this.keys(tenantId, postId);
    const found = await Promise.all(questionIds.map(async (id) => ((await readDocument<UpvoteDocument>(this.container, k.upvote(id, userId), k.pk)) ? id : undefined)));
    return new Set(found.filter((id): id is string => id !== undefined));
  }

  /** The host's answer (a new answer replaces the old); the question as it now is. */
  async answer(tenantId: string, postId: string, questionId: string, answer: AmaAnswer): Promise<AmaQuestion | undefined> {
    const k = this.keys(tenantId, postId);
    const updated = await updateDocument<QuestionDocument>(this.container, k.question(questionId), k.pk, (current) => current && { ...current, answer });
    if (!updated) return undefined;
    const shard = k.shard(questionId);
    await patchOrCreate<TallyDocument>(this.container, shard, k.pk, [{ op: 'set', path: `/answered/${questionId}`, value: true }], { id: shard, pk: k.pk, tenantId, type: 'amaTally', postId, votes: { [questionId]: 0 }, answered: { [questionId]: true } });
    return stripped(updated);
  }

  /** Every question's upvotes and whether it is answered: AMA_TALLY_SHARDS point reads. */
  async tally(tenantId: string, postId: string): Promise<AmaTally> {
    const k = this.keys(tenantId, postId);
    const shards = await Promise.all(Array.from({ length: AMA_TALLY_SHARDS }, (_, n) => readDocument<TallyDocument>(this.container, k.shardN(n), k.pk)));
    const tally: AmaTally = { votes: {}, answered: new Set() };
    for (const shard of shards) {
      if (!shard) continue;
      Object.assign(tally.votes, shard.votes);
      for (const [id, yes] of Object.entries(shard.answered ?? {})) if (yes) tally.answered.add(id);
    }
    return tally;
  }

  /**
   * Deletes a person's upvote (erasure) and sets the question's count to the upvotes
   * that remain: a recount from the per-person documents, so a retry changes nothing.
   */
  async forgetUpvote(tenantId: string, postId: string, questionId: string, userId: string): Promise<void> {
    const k = this.keys(tenantId, postId);
    await this.container.item(k.upvote(questionId, userId), k.pk).delete().catch((error) => {
      if (!isCosmosError(error, 404)) throw error;
    });
    const { resources } = await this.container.items
      .query<number>({
        query: 'SELECT VALUE COUNT(1) FROM c WHERE c.pk = @pk AND c.type = "amaUpvote" AND c.questionId = @questionId',
        parameters: [{ name: '@pk', value: k.pk }, { name: '@questionId', value: questionId }],
      })
      .fetchAll();
    const votes = resources[0] ?? 0;
    await updateDocument<TallyDocument>(this.container, k.shard(questionId), k.pk, (current) => current && { ...current, votes: { ...current.votes, [questionId]: votes } });
  }

  /** Rewrites a question's author (erasure: a pseudonym), or deletes the question with its place in the ranking. */
  async rewriteQuestionAuthor(tenantId: string, postId: string, questionId: string, author: { authorId: string; authorName: string } | null): Promise<void> {
    const k = this.keys(tenantId, postId);
    if (author) {
      await updateDocument<QuestionDocument>(this.container, k.question(questionId), k.pk, (current) => current && { ...current, ...author });
      return;
    }
    await this.container.item(k.question(questionId), k.pk).delete().catch((error) => {
      if (!isCosmosError(error, 404)) throw error;
    });
    await updateDocument<TallyDocument>(this.container, k.shard(questionId), k.pk, (current) => {
      if (!current || !(questionId in current.votes)) return undefined;
      const { [questionId]: _votes, ...votes } = current.votes;
      const { [questionId]: _answered, ...answered } = current.answered ?? {};
      return { ...current, votes, answered };
    });
  }

  private async count(tenantId: string, postId: string, questionId: string, by: number): Promise<void> {
    const k = this.keys(tenantId, postId);
    const shard = k.shard(questionId);
    await patchOrCreate<TallyDocument>(this.container, shard, k.pk, [{ op: 'incr', path: `/votes/${questionId}`, value: by }], { id: shard, pk: k.pk, tenantId, type: 'amaTally', postId, votes: { [questionId]: by }, answered: {} });
  }
}
