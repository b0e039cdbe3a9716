import type { Container } from '@azure/cosmos';
import { tenantKey } from './containers';
import { isCosmosError } from './cosmos';
import { readDocument, StoredDocument, updateDocument } from './documents';
import { TtlCache } from './ttl-cache';

/**
 * Each conversation's known members in one document, beside the one document per
 * (conversation, person) that stays the source of truth (store/memberships.ts). A feed
 * page asks "is this reader in that chat?" for every chat its posts come from; with the
 * list, any reader's answer comes from one read per chat that every reader shares (and
 * this process keeps for MEMBERSHIP_CACHE_TTL_MS), instead of one read per reader and
 * chat, in sequence after the timeline.
 *
 * An entry is a rank: the version of the person's pair document (each write of it adds
 * one, under If-Match, so versions follow the order the writes took effect), doubled,
 * plus one for a departure. The higher rank wins, so the list settles on the pair
 * document's latest version whatever order its own writes land in, and no clock is
 * involved. A member is an even rank.
 *
 * The list is trusted only once `complete`: the pair documents stored before it existed
 * have been merged in, the first time Teams told us anything about the conversation
 * since (a member event, anyone's activity there; a reader never starts it). Until then
 * a check reads the pair document, as it did before lists existed. Writers put every
 * change in the list, after the pair document when someone joins and before it when
 * someone leaves, so a failure between the two writes hides a chat's posts from someone
 * rather than showing them; the next thing Teams says about that person puts it right.
 */
interface MemberListDocument extends StoredDocument {
  type: 'conversationMembers';
  conversationId: string;
  members: Record<string, number>;
  complete?: boolean;
  /** More than MEMBER_LIST_MAX people: never trusted, no longer written (checks use the pair documents). */
  oversized?: boolean;
  erasedAt?: string;
}

/** A pair document as the merge needs it (`version` absent on those written before versions). */
export interface StoredMembership {
  userId: string;
  member: boolean;
  version?: number;
}

/** Past this many people a conversation's list is given up (a document holds at most 2 MB): its checks stay on the pair documents. */
export const MEMBER_LIST_MAX = 20_000;
const COMPLETE_ATTEMPTS = 5;

/** The rank of a pair document's version (a document without one counts as version 0). */
export const rankOf = (member: boolean, version: number | undefined) => ((version ?? 0) + 1) * 2 + (member ? 0 : 1);
/** The version a rank was written for: a pair document's next write goes above it (versions restart when one is erased and made again). */
export const versionOfRank = (rank: number | undefined) => (rank === undefined ? 0 : Math.floor(rank / 2) - 1);
/** Only a positive even number is a member: anything else (a departure, a value that is not a rank) is not. */
export const isMemberRank = (rank: unknown) => typeof rank === 'number' && rank > 0 && rank % 2 === 0;

const listKey = (tenantId: string, conversationId: string) => tenantKey(tenantId, 'memberList', conversationId);
/** Only Entra object ids (lower-case GUIDs: plain names in a patch path and its condition) are listed; anyone else is checked by the pair document. */
const listable = (userId: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(userId);

export class ConversationMemberLists {
  private readonly cache: TtlCache<MemberListDocument | null>;

  constructor(
    private readonly container: Container,
    cacheTtlMs: number,
    /** The pair documents of one conversation (a query: the cold path, once per conversation). */
    private readonly storedMemberships: (tenantId: string, conversationId: string) => Promise<StoredMembership[]>,
    private readonly max = MEMBER_LIST_MAX,
  ) {
    this.cache = new TtlCache(cacheTtlMs, 10_000);
  }

  /** What the list says of the person, or undefined while it is not complete (the caller then reads the pair document). Never a query. */
  async knows(tenantId: string, conversationId: string, userId: string): Promise<boolean | undefined> {
    if (!listable(userId)) return undefined;
    const list = await this.read(tenantId, conversationId);
    if (!list?.complete || list.oversized) return undefined;
    return isMemberRank(list.members[userId]);
  }

  /**
   * Whether the list says what Teams just said again (or cannot be trusted either way,
   * once completing it was tried): when it does not, the caller looks at the pair
   * document in the store. Errors count as agreeing: the pair document is right, and
   * the list is looked at again the next time.
   */
  async agrees(tenantId: string, conversationId: string, userId: string, member: boolean): Promise<boolean> {
    try {
      await this.ensureComplete(tenantId, conversationId);
      const known = await this.knows(tenantId, conversationId, userId);
      return known === undefined || known === member;
    } catch {
      return true;
    }
  }

  /** The person's entry as stored now (not cached), for a writer to rank its write above it. */
  async entryOf(tenantId: string, conversationId: string, userId: string): Promise<number | undefined> {
    if (!listable(userId)) return undefined;
    const key = listKey(tenantId, conversationId);
    const entry = (await readDocument<MemberListDocument>(this.container, key, key))?.members?.[userId];
    return typeof entry === 'number' ? entry : undefined;
  }

  /** Completes the conversation's list if it is not yet; a failure leaves it incomplete (checks use the pair documents) until the next event. */
  async ensureComplete(tenantId: string, conversationId: string): Promise<void> {
    try {
      const list = await this.read(tenantId, conversationId);
      if (!list?.complete && !list?.oversized) await this.complete(tenantId, conversationId);
    } catch {
      // Left incomplete: the pair documents answer, and the next event tries again.
    }
  }

  /**
   * Puts an answer in the list unless a higher rank is there: a conditional patch, so
   * any number of writers at once, none undoing a newer answer (412: nothing to do).
   */
  async note(tenantId: string, conversationId: string, userId: string, member: boolean, version: number | undefined): Promise<void> {
    if (!listable(userId)) return;
    const key = listKey(tenantId, conversationId);
    const rank = rankOf(member, version);
    // Names in the condition are lower case: the embedded server lower-cases a condition before running it.
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          const { resource } = await this.container.item(key, key).patch<MemberListDocument>({
            operations: [{ op: 'set', path: `/members/${userId}`, value: rank }],
            condition: `FROM c WHERE NOT IS_DEFINED(c.oversized) AND (NOT IS_DEFINED(c.members["${userId}"]) OR c.members["${userId}"] < ${rank})`,
          });
          if (resource && Object.keys(resource.members).length > this.max) await this.giveUp(tenantId, conversationId);
          return;
        } catch (error) {
          if (isCosmosError(error, 412)) return; // a newer answer is there, or the list was given up
          if (!isCosmosError(error, 404)) throw error;
        }
        try {
          await this.container.items.create<MemberListDocument>({ id: key, pk: key, tenantId, type: 'conversationMembers', conversationId, members: { [userId]: rank } });
          return;
        } catch (error) {
          if (!isCosmosError(error, 409)) throw error; // someone made it first: patch theirs
        }
      }
      throw new Error(`could not note a member of ${key}`);
    } finally {
      this.cache.delete(key);
    }
  }

  /**
   * Erasure: the person leaves no trace in the list. The list is always rewritten (its
   * `_etag` changes), so a completion that read the pair documents before the erasure
   * fails its If-Match and reads them again.
   */
  async forget(tenantId: string, conversationId: string, userId: string, now: string): Promise<void> {
    const key = listKey(tenantId, conversationId);
    await updateDocument<MemberListDocument>(this.container, key, key, (current) => {
      const list = current ?? { id: key, pk: key, tenantId, type: 'conversationMembers', conversationId, members: {} };
      delete list.members[userId];
      return { ...list, erasedAt: now };
    });
    this.cache.delete(key);
  }

  /**
   * Merges the pair documents into the list, the higher rank winning, and marks it
   * complete. Written under If-Match: a writer in between (a note, an erasure) makes it
   * read the list and the pair documents again.
   */
  async complete(tenantId: string, conversationId: string): Promise<void> {
    const key = listKey(tenantId, conversationId);
    try {
      for (let attempt = 0; attempt < COMPLETE_ATTEMPTS; attempt++) {
        const current = await readDocument<MemberListDocument>(this.container, key, key);
        if (current?.complete || current?.oversized) return;
        const stored = await this.storedMemberships(tenantId, conversationId);
        if (stored.length > this.max) return await this.giveUp(tenantId, conversationId);
        const members = { ...(current?.members ?? {}) };
        for (const { userId, member, version } of stored.filter((pair) => listable(pair.userId))) members[userId] = Math.max(members[userId] ?? 0, rankOf(member, version));
        const next: MemberListDocument = { id: key, pk: key, tenantId, type: 'conversationMembers', conversationId, members, complete: true };
        try {
          if (current?._etag) await this.container.item(key, key).replace(next, { accessCondition: { type: 'IfMatch', condition: current._etag } });
          else await this.container.items.create(next);
          return;
        } catch (error) {
          if (!isCosmosError(error, 412) && !isCosmosError(error, 409)) throw error;
        }
      }
    } finally {
      // Not set to what this wrote: a note of this process may have landed after it.
      this.cache.delete(key);
    }
  }

  /** Too many people for one document: the list is marked so, emptied, and no longer written or trusted. */
  private async giveUp(tenantId: string, conversationId: string): Promise<void> {
    const key = listKey(tenantId, conversationId);
    await updateDocument<MemberListDocument>(this.container, key, key, (current) =>
      current?.oversized ? undefined : { id: key, pk: key, tenantId, type: 'conversationMembers', conversationId, members: {}, oversized: true, _etag: current?._etag },
    );
  }

  private read(tenantId: string, conversationId: string): Promise<MemberListDocument | null> {
    const key = listKey(tenantId, conversationId);
    return this.cache.get(key, async () => (await readDocument<MemberListDocument>(this.container, key, key)) ?? null);
  }
}
