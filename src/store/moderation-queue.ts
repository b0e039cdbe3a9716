import type { Container } from '@azure/cosmos';
import { tenantKey } from './containers';
import { patchOrCreate, readDocument, stableHash, StoredDocument, updateDocument } from './documents';

/**
 * The open moderation queue of a tenant, as a small index: which items were reported
 * or held, and since when. Eight shards (an item's shard from its key) so reports and
 * holds arriving at once across the tenant append by patch without contending; the
 * queue (issue 17, item 4) reads the eight with point reads, then each item's tally or
 * held document by id. Entries leave the index when a moderator decides.
 */
export const QUEUE_SHARDS = 8;

export interface QueueEntry {
  itemKey: string;
  cause: 'reported' | 'held';
  since: string;
}

type QueueShard = StoredDocument & { type: 'moderationQueue'; shard: number; entries: QueueEntry[] };

export class ModerationQueueIndex {
  constructor(private readonly container: Container) {}

  async add(tenantId: string, entry: QueueEntry): Promise<void> {
    const shard = stableHash(entry.itemKey) % QUEUE_SHARDS;
    const id = tenantKey(tenantId, 'queue', String(shard));
    await patchOrCreate<QueueShard>(this.container, id, id, [{ op: 'add', path: '/entries/-', value: entry }], { id, pk: id, tenantId, type: 'moderationQueue', shard, entries: [entry] });
  }

  /** Every open entry, oldest first (eight point reads). */
  async open(tenantId: string): Promise<QueueEntry[]> {
    const shards = await Promise.all(Array.from({ length: QUEUE_SHARDS }, (_, n) => tenantKey(tenantId, 'queue', String(n))).map((id) => readDocument<QueueShard>(this.container, id, id)));
    return shards.flatMap((shard) => shard?.entries ?? []).sort((a, b) => a.since.localeCompare(b.since));
  }

  /** Takes an item out of the open queue (a moderator decided); false when it was not in it. */
  async remove(tenantId: string, itemKey: string): Promise<boolean> {
    const id = tenantKey(tenantId, 'queue', String(stableHash(itemKey) % QUEUE_SHARDS));
    let removed = false;
    await updateDocument<QueueShard>(this.container, id, id, (current) => {
      removed = Boolean(current?.entries.some((e) => e.itemKey === itemKey));
      return current && removed ? { ...current, entries: current.entries.filter((e) => e.itemKey !== itemKey) } : undefined;
    });
    return removed;
  }
}
