import type { Container } from '@azure/cosmos';
import { PollTally, voteDelta } from '../domain/polls';
import { tenantKey } from './containers';
import { isCosmosError } from './cosmos';
import { patchOrCreate, readDocument, stableHash, StoredDocument, updateDocument } from './documents';

/**
 * Votes live with the post's other engagement (pk = tenantId|postId). Each person's
 * vote is their own document, changed under the etag guard: the transition that was
 * stored is the one the tallies see. Tallies are TALLY_SHARDS documents (a person's
 * shard from a stable hash of their id) moved by patch `incr`, so five hundred votes
 * at once never contend on one document; a card reads the shards by id.
 */
export const TALLY_SHARDS = 8;

type VoteDocument = StoredDocument & { type: 'pollVote'; postId: string; userId: string; displayName: string; choices: string[]; updatedAt: string };
type TallyDocument = StoredDocument & { type: 'pollTally'; postId: string; counts: Record<string, number>; voters: number };

export interface Voter {
  userId: string;
  displayName: string;
  choices: string[];
}

export class PollRepository {
  constructor(private readonly container: Container) {}

  /** Stores the person's choices; returns what they were before (null: a first vote). */
  async vote(tenantId: string, postId: string, optionIds: string[], voter: Voter, now: string): Promise<{ before: string[] | null; after: string[] }> {
    const pk = tenantKey(tenantId, postId);
    const id = tenantKey(tenantId, postId, 'vote', voter.userId);
    const document = (etag?: string): VoteDocument => ({ id, pk, tenantId, type: 'pollVote', postId, userId: voter.userId, displayName: voter.displayName, choices: voter.choices, updatedAt: now, _etag: etag });
    let before: string[] | null = null;
    try {
      await this.container.items.create<VoteDocument>(document());
    } catch (error) {
      if (!isCosmosError(error, 409)) throw error; // voted before: change it
      await updateDocument<VoteDocument>(this.container, id, pk, (current) => {
        before = current?.choices ?? null;
        return sameChoices(before, voter.choices) ? undefined : document(current?._etag);
      });
      if (before === null) return this.vote(tenantId, postId, optionIds, voter, now); // deleted meanwhile
    }
    const delta = voteDelta(before, voter.choices);
    if (Object.keys(delta.counts).length || delta.voters) await this.count(tenantId, postId, optionIds, voter.userId, delta);
    return { before, after: voter.choices };
  }

  async myVote(tenantId: string, postId: string, userId: string): Promise<string[] | null> {
    return (await readDocument<VoteDocument>(this.container, tenantKey(tenantId, postId, 'vote', userId), tenantKey(tenantId, postId)))?.choices ?? null;
  }

  /** The tallies: TALLY_SHARDS point reads. */
  async tally(tenantId: string, postId: string): Promise<PollTally> {
    const pk = tenantKey(tenantId, postId);
    const shards = await Promise.all(Array.from({ length: TALLY_SHARDS }, (_, n) => readDocument<TallyDocument>(this.container, tenantKey(tenantId, postId, 'pollTally', String(n)), pk)));
    const tally: PollTally = { counts: {}, voters: 0 };
    for (const shard of shards) {
      if (!shard) continue;
      tally.voters += shard.voters;
      for (const [option, n] of Object.entries(shard.counts)) tally.counts[option] = (tally.counts[option] ?? 0) + n;
    }
    return tally;
  }

  /** Who voted for what, for named polls in the tab (a query in the post's partition: not a hot path). */
  async voters(tenantId: string, postId: string): Promise<Voter[]> {
    const { resources } = await this.container.items
      .query<Voter>({ query: 'SELECT c.userId, c.displayName, c.choices FROM c WHERE c.pk = @pk AND c.type = "pollVote"', parameters: [{ name: '@pk', value: tenantKey(tenantId, postId) }] })
      .fetchAll();
    return resources;
  }

  /**
   * Deletes a person's vote (erasure) and recounts their tally shard from the votes
   * that remain in it: a recount, not a decrement, so a retry never subtracts twice.
   */
  async forgetVote(tenantId: string, postId: string, userId: string): Promise<void> {
    const pk = tenantKey(tenantId, postId);
    await this.container.item(tenantKey(tenantId, postId, 'vote', userId), pk).delete().catch((error) => {
      if (!isCosmosError(error, 404)) throw error;
    });
    const shard = stableHash(userId) % TALLY_SHARDS;
    const remaining = (await this.voters(tenantId, postId)).filter((voter) => stableHash(voter.userId) % TALLY_SHARDS === shard);
    const id = tenantKey(tenantId, postId, 'pollTally', String(shard));
    await updateDocument<TallyDocument>(this.container, id, pk, (current) => {
      if (!current) return undefined;
      const counts = Object.fromEntries(Object.keys(current.counts).map((option) => [option, 0]));
      for (const voter of remaining) for (const choice of voter.choices) counts[choice] = (counts[choice] ?? 0) + 1;
      return { ...current, counts, voters: remaining.length };
    });
  }

  private async count(tenantId: string, postId: string, optionIds: string[], userId: string, delta: { counts: Record<string, number>; voters: number }): Promise<void> {
    const pk = tenantKey(tenantId, postId);
    const id = tenantKey(tenantId, postId, 'pollTally', String(stableHash(userId) % TALLY_SHARDS));
    // Every option is in the shard from its creation, so `incr` always finds its path.
    const counts = Object.fromEntries(optionIds.map((o) => [o, delta.counts[o] ?? 0]));
    const operations = [
      ...Object.entries(delta.counts).map(([option, n]) => ({ op: 'incr' as const, path: `/counts/${option}`, value: n })),
      ...(delta.voters ? [{ op: 'incr' as const, path: '/voters', value: delta.voters }] : []),
    ];
    await patchOrCreate<TallyDocument>(this.container, id, pk, operations, { id, pk, tenantId, type: 'pollTally', postId, counts, voters: delta.voters });
  }
}

function sameChoices(a: string[] | null, b: string[]): boolean {
  return a !== null && a.length === b.length && a.every((c, i) => c === b[i]);
}
