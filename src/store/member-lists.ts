import type { Container } from '@azure/cosmos';
import { tenantKey } from './containers';
import { patchOrCreate, readDocument, StoredDocument, updateDocument } from './documents';
import { TtlCache } from './ttl-cache';

/**
 * Each conversation's known members in one document, beside the one document per
 * (conversation, person) that stays the source of truth (store/memberships.ts). A feed
 * page asks "is this reader in that chat?" for every chat its posts come from; with the
 * list, any reader's answer comes from one read per chat that every reader shares (and
 * this process keeps for MEMBERSHIP_CACHE_TTL_MS), instead of one read per reader and
 * chat, in sequence after the timeline.
 *
 * An entry is the time of what Teams last said, in milliseconds, signed: positive for a
 * member, negative for someone who left. The sign keeps a departure from being undone
 * by an older answer; the time lets a merge keep the newer of two answers.
 *
 * The list is trusted only once `complete`: the pair documents stored before it existed
 * (or while it was being built) have been merged in, newer answer first, the first time
 * Teams told us anything about the conversation since. Until then a check reads the
 * pair document, as it did before lists existed. Writers put an entry
 * in the list at every change (creating an incomplete list if there is none), after the
 * pair document when someone joins and before it when someone leaves, so a failure
 * between the two writes can only hide a chat's posts from someone, never show them.
 */
interface MemberListDocument extends StoredDocument {
  type: 'conversationMembers';
  conversationId: string;
  members: Record<string, number>;
  complete?: boolean;
}

/** A pair document as the merge needs it. */
export interface StoredMembership {
  userId: string;
  member: boolean;
  updatedAt: string;
}

/** Past this many people a conversation's list is not completed (a document holds at most 2 MB): its checks stay on the pair documents. */
export const MEMBER_LIST_MAX = 20_000;
/** How long this process leaves a conversation found too large before counting its members again (its events would otherwise query each time). */
const TOO_LARGE_RECHECK_MS = 60 * 60_000;

const listKey = (tenantId: string, conversationId: string) => tenantKey(tenantId, 'members', conversationId);
/** A key of `members` as a JSON Pointer segment (RFC 6901). */
const pointer = (userId: string) => `/members/${userId.replace(/~/g, '~0').replace(/\//g, '~1')}`;
const entryOf = (member: boolean, at: string) => (member ? 1 : -1) * Date.parse(at);

export class ConversationMemberLists {
  private readonly cache: TtlCache<MemberListDocument | null>;
  /** Conversations found past MEMBER_LIST_MAX, until when. */
  private readonly tooLarge = new Map<string, number>();

  constructor(
    private readonly container: Container,
    cacheTtlMs: number,
    /** The pair documents of one conversation (a query: the cold path, once per conversation). */
    private readonly storedMemberships: (tenantId: string, conversationId: string) => Promise<StoredMembership[]>,
  ) {
    this.cache = new TtlCache(cacheTtlMs, 10_000);
  }

  /** What the list says of the person, or undefined while it is not complete (the caller then reads the pair document). Never a query. */
  async knows(tenantId: string, conversationId: string, userId: string): Promise<boolean | undefined> {
    const list = await this.read(tenantId, conversationId);
    return list?.complete ? (list.members[userId] ?? 0) > 0 : undefined;
  }

  /**
   * Completes the conversation's list if it is not yet: called when Teams tells us
   * something about the conversation (a member event, someone's activity), never by a
   * reader, so reads stay point reads. A conversation nobody has spoken in since lists
   * existed keeps its checks on the pair documents. A failure leaves the list incomplete
   * (checks use the pair documents) until the next event tries again.
   */
  async ensureComplete(tenantId: string, conversationId: string): Promise<void> {
    if ((await this.read(tenantId, conversationId))?.complete) return;
    await this.complete(tenantId, conversationId).catch(() => undefined);
  }

  private read(tenantId: string, conversationId: string): Promise<MemberListDocument | null> {
    const key = listKey(tenantId, conversationId);
    return this.cache.get(key, async () => (await readDocument<MemberListDocument>(this.container, key, key)) ?? null);
  }

  /** Puts what Teams said into the list (the caller orders it around the pair document's write). */
  async note(tenantId: string, conversationId: string, userId: string, member: boolean, at: string): Promise<void> {
    const key = listKey(tenantId, conversationId);
    const entry = entryOf(member, at);
    await patchOrCreate<MemberListDocument>(this.container, key, key, [{ op: 'set', path: pointer(userId), value: entry }], { id: key, pk: key, tenantId, type: 'conversationMembers', conversationId, members: { [userId]: entry } });
    this.cache.delete(key);
  }

  /** Erasure: the person leaves no trace in the list. */
  async forget(tenantId: string, conversationId: string, userId: string): Promise<void> {
    const key = listKey(tenantId, conversationId);
    await updateDocument<MemberListDocument>(this.container, key, key, (current) => {
      if (!current || !(userId in current.members)) return undefined;
      delete current.members[userId];
      return current;
    });
    this.cache.delete(key);
  }

  /** Merges the pair documents into the list, the newer answer winning, and marks it complete (If-Match: a writer in between makes it merge again). */
  async complete(tenantId: string, conversationId: string): Promise<void> {
    const key = listKey(tenantId, conversationId);
    const current = await readDocument<MemberListDocument>(this.container, key, key);
    if (current?.complete || (this.tooLarge.get(key) ?? 0) > Date.now()) return void this.cache.set(key, current ?? null);
    const stored = await this.storedMemberships(tenantId, conversationId);
    if (stored.length > MEMBER_LIST_MAX) return void this.tooLarge.set(key, Date.now() + TOO_LARGE_RECHECK_MS);
    const written = await updateDocument<MemberListDocument>(
      this.container,
      key,
      key,
      (latest) => {
        if (latest?.complete) return undefined;
        const members = { ...(latest?.members ?? {}) };
        for (const pair of stored) {
          const entry = entryOf(pair.member, pair.updatedAt);
          if (Math.abs(entry) > Math.abs(members[pair.userId] ?? 0)) members[pair.userId] = entry;
        }
        return { id: key, pk: key, tenantId, type: 'conversationMembers', conversationId, members, complete: true, _etag: latest?._etag };
      },
      current,
    );
    this.cache.set(key, written ?? null);
  }
}
