import { mapBounded } from '../bounded';
import type { Container } from '@azure/cosmos';
import type { InstalledConversation } from '../domain/conversations';
import { tenantKey } from './containers';
import { isCosmosError } from './cosmos';
import { readDocument, StoredDocument, updateDocument } from './documents';

/**
 * "Everyone" without a query on the hot path. The tenant's personal chats are spread
 * over a fixed number of shard documents by a hash of the person (or, without one, of
 * the chat): an installation writes one small shard, so a roll-out burst of hundreds
 * of installs a second spreads over ROSTER_SHARDS documents instead of contending on
 * one (d147545 appended every install to the last chunk and, after ten etag conflicts,
 * gave up silently). Reading "everyone" is ROSTER_SHARDS point reads.
 *
 * A person is one entry (keyed by their id), so two installs of one person, even from
 * two instances at once, list them once. Uninstalled chats stay listed: the send reads
 * each reference and records "not installed" rather than dropping anyone silently.
 *
 * The index document says the shards were reconciled with the conversations container
 * (the source of truth) once; until then, the first read does it with one query. That
 * covers tenants whose chats predate this layout.
 */
export const ROSTER_SHARDS = 256;
const READ_CONCURRENCY = 32;

interface RosterShard extends StoredDocument {
  type: 'rosterShard';
  /** person id (or `c:<conversationId>` for a chat without one) → personal chat id */
  entries: Record<string, string>;
}
interface RosterIndex extends StoredDocument {
  type: 'rosterIndex';
  shards: number;
  reconciledAt: string;
}

type Listing = Pick<InstalledConversation, 'conversationId' | 'userId'>;

const indexKey = (tenantId: string) => tenantKey(tenantId, 'roster', 'v2');
const shardKey = (tenantId: string, shard: number) => tenantKey(tenantId, 'roster', 'v2', String(shard));
const entryKey = ({ userId, conversationId }: Listing) => (userId ? userId.toLowerCase() : `c:${conversationId}`);

/** FNV-1a: stable across processes and versions, which the shard choice must be. */
export function shardOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % ROSTER_SHARDS;
}


export class RosterRepository {
  /** Tenants whose index this process has seen: the check costs a read only once. */
  private readonly reconciled = new Set<string>();

  constructor(
    private readonly container: Container,
    /** The conversations container, read once per tenant to reconcile (see above). */
    private readonly conversations?: Container,
  ) {}

  /** Lists a personal chat for "everyone" (its person pointing at it). Idempotent; a point read when already listed. */
  async addPersonalChat(conversation: Listing & { tenantId: string }): Promise<void> {
    await this.merge(conversation.tenantId, [conversation]);
  }

  /**
   * Writes a whole roster at once, replacing what was there: for imports and benches
   * that seed thousands of chats without the per-install path.
   */
  async replace(tenantId: string, conversationIds: string[]): Promise<void> {
    const shards = Array.from({ length: ROSTER_SHARDS }, () => ({}) as Record<string, string>);
    for (const conversationId of conversationIds) shards[shardOf(`c:${conversationId}`)][`c:${conversationId}`] = conversationId;
    await mapBounded([...shards.keys()], READ_CONCURRENCY, async (shard) => {
      const key = shardKey(tenantId, shard);
      await this.container.items.upsert<RosterShard>({ id: key, pk: key, tenantId, type: 'rosterShard', entries: shards[shard] });
    });
    await this.markReconciled(tenantId);
  }

  /** Every listed personal chat id, each once, in a stable order. */
  async personalChats(tenantId: string): Promise<string[]> {
    const ids = new Set<string>();
    for (const shard of await this.shards(tenantId)) for (const id of Object.values(shard?.entries ?? {})) ids.add(id);
    return [...ids];
  }

  /** Person id → personal chat id, for every listed chat that has a person ("everyone" against the directory). */
  async personalChatsByPerson(tenantId: string): Promise<Map<string, string>> {
    const byPerson = new Map<string, string>();
    for (const shard of await this.shards(tenantId)) {
      for (const [entry, chat] of Object.entries(shard?.entries ?? {})) if (!entry.startsWith('c:')) byPerson.set(entry, chat);
    }
    return byPerson;
  }

  private async shards(tenantId: string): Promise<Array<RosterShard | undefined>> {
    await this.reconcile(tenantId);
    const shards: Array<RosterShard | undefined> = new Array(ROSTER_SHARDS);
    await mapBounded([...shards.keys()], READ_CONCURRENCY, async (shard) => {
      const key = shardKey(tenantId, shard);
      shards[shard] = await readDocument<RosterShard>(this.container, key, key);
    });
    return shards;
  }

  async personalChatOf(tenantId: string, userId: string): Promise<string | undefined> {
    await this.reconcile(tenantId);
    const entry = entryKey({ userId, conversationId: '' });
    const key = shardKey(tenantId, shardOf(entry));
    return (await readDocument<RosterShard>(this.container, key, key))?.entries[entry];
  }

  /** Takes a person off the roster (erasure): their entry names them. */
  async forgetPerson(tenantId: string, userId: string): Promise<void> {
    const entry = entryKey({ userId, conversationId: '' });
    const key = shardKey(tenantId, shardOf(entry));
    await updateDocument<RosterShard>(this.container, key, key, (current) => {
      if (!current || !(entry in current.entries)) return undefined;
      const { [entry]: _theirs, ...entries } = current.entries;
      return { ...current, entries };
    });
  }

  /** Adds listings to their shards, one conditional write per shard that changes. */
  private async merge(tenantId: string, listings: Listing[]): Promise<void> {
    const byShard = new Map<number, Listing[]>();
    for (const listing of listings) {
      const shard = shardOf(entryKey(listing));
      byShard.set(shard, [...(byShard.get(shard) ?? []), listing]);
    }
    await mapBounded([...byShard], READ_CONCURRENCY, async ([shard, adds]) => {
      const key = shardKey(tenantId, shard);
      await updateDocument<RosterShard>(this.container, key, key, (current) => {
        const entries = current?.entries ?? {};
        const missing = adds.filter((listing) => entries[entryKey(listing)] !== listing.conversationId);
        if (!missing.length) return undefined;
        for (const listing of missing) entries[entryKey(listing)] = listing.conversationId;
        return { id: key, pk: key, tenantId, type: 'rosterShard', entries, _etag: current?._etag };
      });
    });
  }

  /** Once per tenant: lists every active personal chat the conversations container knows. */
  private async reconcile(tenantId: string): Promise<void> {
    if (this.reconciled.has(tenantId)) return;
    const key = indexKey(tenantId);
    if (!(await readDocument<RosterIndex>(this.container, key, key)) && this.conversations) {
      const { resources } = await this.conversations.items
        .query<Listing>({
          query: 'SELECT c.conversationId, c.userId FROM c WHERE c.tenantId = @tenantId AND c.type = "conversation" AND c.kind = "personal" AND c.active = true',
          parameters: [{ name: '@tenantId', value: tenantId }],
        })
        .fetchAll();
      await this.merge(tenantId, resources);
      await this.markReconciled(tenantId);
    }
    this.reconciled.add(tenantId);
  }

  private async markReconciled(tenantId: string): Promise<void> {
    const key = indexKey(tenantId);
    try {
      await this.container.items.create<RosterIndex>({ id: key, pk: key, tenantId, type: 'rosterIndex', shards: ROSTER_SHARDS, reconciledAt: new Date().toISOString() });
    } catch (error) {
      if (!isCosmosError(error, 409)) throw error; // another instance reconciled too: same result
    }
    this.reconciled.add(tenantId);
  }
}
