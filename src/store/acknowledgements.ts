import type { Container } from '@azure/cosmos';
import { createHash } from 'crypto';
import { Acknowledgement, ACKNOWLEDGEMENT_SHARDS } from '../domain/acknowledgements';
import { isCosmosError } from './cosmos';
import { tenantKey } from './containers';
import { readDocument, StoredDocument, updateDocument } from './documents';
import type { ActivityRecorder } from '../domain/analytics';

/**
 * Acknowledgements in the studio container, one partition an announcement
 * (pk = tenantId|ack|announcementId). Once per person is a create of the person's own
 * document (a second create is a 409, under any concurrency); only the first then
 * appends them to one of ACKNOWLEDGEMENT_SHARDS list documents with a single patch
 * `add` (the server applies a patch atomically, so 300 people at once never retry
 * each other as an _etag read-modify-write would). The author's report reads the
 * shards: point reads, no query.
 */
type PersonAck = StoredDocument & { type: 'ack'; announcementId: string; userId: string; at: string };
type AckShard = StoredDocument & { type: 'ackShard'; announcementId: string; entries: Acknowledgement[] };

const partition = (tenantId: string, announcementId: string) => tenantKey(tenantId, 'ack', announcementId);
const shardOf = (userId: string) => createHash('sha256').update(userId).digest()[0] % ACKNOWLEDGEMENT_SHARDS;
const shardId = (tenantId: string, announcementId: string, n: number) => tenantKey(tenantId, 'ack', announcementId, 'shard', String(n));

export class AcknowledgementRepository {
  constructor(
    private readonly container: Container,
    private readonly activity?: ActivityRecorder,
  ) {}

  /** Records the person's acknowledgement; `first` is false when they had already acknowledged. */
  async record(tenantId: string, announcementId: string, userId: string, at: string): Promise<{ first: boolean; at: string }> {
    const pk = partition(tenantId, announcementId);
    const id = tenantKey(tenantId, 'ack', announcementId, userId);
    try {
      await this.container.items.create<PersonAck>({ id, pk, tenantId, type: 'ack', announcementId, userId, at });
    } catch (error) {
      if (!isCosmosError(error, 409)) throw error;
      const earlier = await readDocument<PersonAck>(this.container, id, pk);
      return { first: false, at: earlier?.at ?? at };
    }
    await this.append(tenantId, announcementId, { userId, at });
    await this.activity?.record({ kind: 'acknowledgement', tenantId, userId, announcementId, at });
    return { first: true, at };
  }

  async hasAcknowledged(tenantId: string, announcementId: string, userId: string): Promise<boolean> {
    return !!(await readDocument<PersonAck>(this.container, tenantKey(tenantId, 'ack', announcementId, userId), partition(tenantId, announcementId)));
  }

  /** Everyone who acknowledged, earliest first. */
  async list(tenantId: string, announcementId: string): Promise<Acknowledgement[]> {
    const pk = partition(tenantId, announcementId);
    const shards = await Promise.all(Array.from({ length: ACKNOWLEDGEMENT_SHARDS }, (_, n) => readDocument<AckShard>(this.container, shardId(tenantId, announcementId, n), pk)));
    return shards.flatMap((shard) => shard?.entries ?? []).sort((a, b) => a.at.localeCompare(b.at) || a.userId.localeCompare(b.userId));
  }

  /** Deletes a person's acknowledgement and takes them out of the author's list (erasure; safe to repeat). */
  async forget(tenantId: string, announcementId: string, userId: string): Promise<void> {
    const pk = partition(tenantId, announcementId);
    await this.container.item(tenantKey(tenantId, 'ack', announcementId, userId), pk).delete().catch((error) => {
      if (!isCosmosError(error, 404)) throw error;
    });
    const id = shardId(tenantId, announcementId, shardOf(userId));
    await updateDocument<AckShard>(this.container, id, pk, (current) =>
      current && current.entries.some((e) => e.userId === userId) ? { ...current, entries: current.entries.filter((e) => e.userId !== userId) } : undefined,
    );
  }

  private async append(tenantId: string, announcementId: string, entry: Acknowledgement): Promise<void> {
    const pk = partition(tenantId, announcementId);
    const id = shardId(tenantId, announcementId, shardOf(entry.userId));
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.container.item(id, pk).patch([{ op: 'add', path: '/entries/-', value: entry }]);
        return;
      } catch (error) {
        if (!isCosmosError(error, 404)) throw error;
      }
      try {
        await this.container.items.create<AckShard>({ id, pk, tenantId, type: 'ackShard', announcementId, entries: [entry] });
        return;
      } catch (error) {
        if (!isCosmosError(error, 409)) throw error; // another first acknowledgement created the shard: patch it
      }
    }
    throw new Error(`AcknowledgementRepository.append() could not add to ${id}`);
  }
}
