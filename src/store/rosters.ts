import type { Container } from '@azure/cosmos';
import type { InstalledConversation } from '../domain/conversations';
import { tenantKey } from './containers';
import { readDocument, StoredDocument, updateDocument } from './documents';

/**
 * "Everyone" without a query. The embedded Cosmos server's queries cost O(n²) in
 * container size and Azure charges a fan-out query by the page, so the tenant's
 * personal chats are also kept as chunked id lists (a head document says how many
 * chunks) and a pointer per person. Both are written when a personal installation
 * is saved (ConversationRepository's hook), read with point reads at send time.
 * Uninstalled chats stay listed: the send reads each reference and records
 * "not installed" rather than dropping anyone silently.
 */
export const ROSTER_CHUNK_SIZE = 2000;

interface RosterHead extends StoredDocument {
  type: 'rosterHead';
  chunks: number;
}
interface RosterChunk extends StoredDocument {
  type: 'rosterChunk';
  conversationIds: string[];
}
interface PersonPointer extends StoredDocument {
  type: 'personalChat';
  userId: string;
  conversationId: string;
}

const headKey = (tenantId: string) => tenantKey(tenantId, 'roster');
const chunkKey = (tenantId: string, index: number) => tenantKey(tenantId, 'roster', String(index));
const personKey = (tenantId: string, userId: string) => tenantKey(tenantId, 'person', userId);

export class RosterRepository {
  constructor(private readonly container: Container) {}

  /** Lists a personal chat for "everyone" and points its person at it. Idempotent. */
  async addPersonalChat(conversation: InstalledConversation): Promise<void> {
    const { tenantId, conversationId } = conversation;
    const userId = conversation.userId?.toLowerCase();
    if (userId) {
      const key = personKey(tenantId, userId);
      await updateDocument<PersonPointer>(this.container, key, key, (current) =>
        current?.conversationId === conversationId ? undefined : { id: key, pk: key, tenantId, type: 'personalChat', userId, conversationId, _etag: current?._etag },
      );
    }
    for (;;) {
      const head = await this.head(tenantId);
      const index = head - 1;
      const key = chunkKey(tenantId, index);
      let full = false;
      await updateDocument<RosterChunk>(this.container, key, key, (current) => {
        const ids = current?.conversationIds ?? [];
        if (ids.includes(conversationId)) return undefined;
        if (ids.length >= ROSTER_CHUNK_SIZE) {
          full = true;
          return undefined;
        }
        return { id: key, pk: key, tenantId, type: 'rosterChunk', conversationIds: [...ids, conversationId], _etag: current?._etag };
      });
      if (!full) return;
      const hk = headKey(tenantId);
      // Two writers may both find the chunk full: only the first moves the head on.
      await updateDocument<RosterHead>(this.container, hk, hk, (current) =>
        (current?.chunks ?? 1) === head ? { id: hk, pk: hk, tenantId, type: 'rosterHead', chunks: head + 1, _etag: current?._etag } : undefined,
      );
    }
  }

  /**
   * Writes a whole roster at once (chunks and head), replacing what was there: for
   * imports and repairs, where adding chats one by one would contend on the last chunk.
   */
  async replace(tenantId: string, conversationIds: string[]): Promise<void> {
    const ids = [...new Set(conversationIds)];
    const chunks = Math.max(1, Math.ceil(ids.length / ROSTER_CHUNK_SIZE));
    for (let index = 0; index < chunks; index++) {
      const key = chunkKey(tenantId, index);
      await this.container.items.upsert<RosterChunk>({ id: key, pk: key, tenantId, type: 'rosterChunk', conversationIds: ids.slice(index * ROSTER_CHUNK_SIZE, (index + 1) * ROSTER_CHUNK_SIZE) });
    }
    const head = headKey(tenantId);
    await this.container.items.upsert<RosterHead>({ id: head, pk: head, tenantId, type: 'rosterHead', chunks });
  }

  /** Whether this tenant's roster was ever written (older data may predate it). */
  async exists(tenantId: string): Promise<boolean> {
    return (await readDocument<RosterChunk>(this.container, chunkKey(tenantId, 0), chunkKey(tenantId, 0))) !== undefined;
  }

  /** Every listed personal chat id, deduplicated, in a stable order. */
  async personalChats(tenantId: string): Promise<string[]> {
    const chunks = await this.head(tenantId);
    const ids = new Set<string>();
    for (let index = 0; index < chunks; index++) {
      const key = chunkKey(tenantId, index);
      const chunk = await readDocument<RosterChunk>(this.container, key, key);
      for (const id of chunk?.conversationIds ?? []) ids.add(id);
    }
    return [...ids];
  }

  async personalChatOf(tenantId: string, userId: string): Promise<string | undefined> {
    const key = personKey(tenantId, userId);
    return (await readDocument<PersonPointer>(this.container, key, key))?.conversationId;
  }

  private async head(tenantId: string): Promise<number> {
    const key = headKey(tenantId);
    return (await readDocument<RosterHead>(this.container, key, key))?.chunks ?? 1;
  }
}
