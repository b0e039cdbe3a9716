import type { Container } from '@azure/cosmos';
import type { MembershipCheck } from '../domain/visibility';
import { tenantKey } from './containers';
import { ConcurrencyError, deleteIfThere, MAX_ETAG_ATTEMPTS, readDocument, retryPause, StoredDocument } from './documents';
import { TtlCache } from './ttl-cache';
import { ConversationMemberLists, isMemberRank, rankOf, StoredMembership, versionOfRank } from './member-lists';
import { isCosmosError } from './cosmos';

/**
 * Who belongs to which Teams conversation, as Teams told us: conversation member
 * events, the person's own activity in the conversation, or the Bot Connector's
 * roster when neither has told us yet. One document per (conversation, person), so a
 * visibility check is one point read (and usually a cache hit); nothing tenant-wide is
 * rewritten when people come and go. A departure is kept as `member: false` so that
 * a later check does not need the roster again.
 */
export type MembershipSource = 'event' | 'activity' | 'roster';

interface MembershipDocument extends StoredDocument {
  type: 'membership';
  conversationId: string;
  userId: string;
  member: boolean;
  source: MembershipSource;
  updatedAt: string;
  /** One more at each write (under If-Match): the order of its versions is the order its writes took effect (store/member-lists.ts ranks them). */
  version?: number;
}

/** How long this process trusts what it last read; a change made here is seen at once. */
export const MEMBERSHIP_CACHE_TTL_MS = 30_000;
/** A "not a member" answer from the roster is asked again after this long (people get added without an event reaching us). */
export const ROSTER_RECHECK_MS = 10 * 60_000;

const keyOf = (tenantId: string, conversationId: string, userId: string) => tenantKey(tenantId, 'member', conversationId, userId);

/** Asks Teams (the Bot Connector) whether a person is in a conversation; undefined when it cannot say. */
export type RosterLookup = (tenantId: string, conversationId: string, userId: string) => Promise<boolean | undefined>;

export class MembershipRepository implements MembershipCheck {
  private readonly cache = new TtlCache<MembershipDocument | null>(MEMBERSHIP_CACHE_TTL_MS, 50_000);
  private rosterLookup?: RosterLookup;
  /** Each conversation's members in one document, for lists such as the feed (store/member-lists.ts). */
  readonly lists: ConversationMemberLists;

  constructor(
    private readonly container: Container,
    private readonly now: () => number = Date.now,
  ) {
    this.lists = new ConversationMemberLists(container, MEMBERSHIP_CACHE_TTL_MS, (tenantId, conversationId) => this.storedIn(tenantId, conversationId));
  }

  private communityReader?: MembershipCheck['readsCommunity'];

  /** Community access comes from the communities repository (wired in createRepositories). */
  useCommunities(reader: NonNullable<MembershipCheck['readsCommunity']>): void {
    this.communityReader = reader;
  }

  async readsCommunity(tenantId: string, communityId: string, userId: string): Promise<boolean> {
    return (await this.communityReader?.(tenantId, communityId, userId)) === true;
  }

  /** The bot provides the roster lookup once it exists (the store is created first). */
  useRoster(lookup: RosterLookup): void {
    this.rosterLookup = lookup;
  }

  /**
   * Records what Teams said; writes only when it changes what is stored. The
   * conversation's list follows the pair document's versions: written before a
   * departure (with the version it is about to become) and after an arrival, so a
   * failure in between hides the chat's posts from someone, never shows them.
   */
  async record(tenantId: string, conversationId: string, userId: string, member: boolean, source: MembershipSource): Promise<void> {
    const user = userId.toLowerCase();
    const id = keyOf(tenantId, conversationId, user);
    // The common case (every message someone sends): an arrival this process already holds, and the list agrees.
    // A departure is always looked at in the store: a stale copy must never swallow one.
    if (member && (await this.read(id))?.member && (await this.lists.agrees(tenantId, conversationId, user, true))) return;
    for (let attempt = 1; attempt <= MAX_ETAG_ATTEMPTS; attempt++) {
      const [current, listed] = await Promise.all([readDocument<MembershipDocument>(this.container, id, id), this.lists.entryOf(tenantId, conversationId, user)]);
      if (this.alreadyStored(current, listed, member, source)) {
        this.cache.set(id, current!);
        // The list gets the pair document's answer if it lacks it (a list write that failed, a document of an older version).
        if (member) await this.lists.note(tenantId, conversationId, user, true, current!.version);
        return this.lists.ensureComplete(tenantId, conversationId);
      }
      // Removed by Teams' own event: an activity (perhaps sent before the removal) does not add them back; a join event or the roster does.
      if (member && source === 'activity' && current && !current.member && current.source === 'event') return void this.cache.set(id, current);
      // Above the list's entry too: a pair document erased and made again starts over, and an older writer may have left a higher one.
      const version = Math.max(current?.version ?? 0, versionOfRank(listed)) + 1;
      const next: MembershipDocument = { id, pk: id, tenantId, type: 'membership', conversationId, userId: user, member, source, updatedAt: new Date(this.now()).toISOString(), version };
      if (!member) await this.lists.note(tenantId, conversationId, user, false, version);
      try {
        const { resource } = current?._etag ? await this.container.item(id, id).replace(next, { accessCondition: { type: 'IfMatch', condition: current._etag } }) : await this.container.items.create(next);
        this.cache.set(id, (resource as MembershipDocument | undefined) ?? next);
      } catch (error) {
        // Another write took effect first (or an erasure deleted the document): read it, and go again, spread out from the others.
        if (isCosmosError(error, 412) || isCosmosError(error, 409) || isCosmosError(error, 404)) {
          await retryPause(attempt);
          continue;
        }
        throw error;
      }
      if (member) await this.lists.note(tenantId, conversationId, user, true, version);
      return this.lists.ensureComplete(tenantId, conversationId);
    }
    throw new ConcurrencyError(id);
  }

  /**
   * Whether the store already says this, pair document and list alike: an arrival from
   * the same source (a list that lags it only needs the list written); a departure from
   * the same source, a roster's "no" only while it is recent (ROSTER_RECHECK_MS), with
   * no "member" left in the list.
   */
  private alreadyStored(current: MembershipDocument | undefined, listed: number | undefined, member: boolean, source: MembershipSource): boolean {
    if (!current || current.member !== member || current.source !== source) return false;
    if (member) return listed === undefined || listed <= rankOf(true, current.version);
    const recent = source !== 'roster' || this.now() - Date.parse(current.updatedAt) <= ROSTER_RECHECK_MS;
    return recent && !isMemberRank(listed);
  }

  /**
   * Erasure of one stored membership: the pair document, then the person's entry in the
   * conversation's list (found from the document's id, so a repeat still finds it).
   */
  async erase(documentId: string): Promise<void> {
    const [tenantId, kind, ...rest] = documentId.split('|');
    const userId = rest.pop();
    if (kind !== 'member' || !userId || rest.length === 0) throw new Error(`not a membership document: ${documentId}`);
    await deleteIfThere(this.container, documentId);
    this.cache.delete(documentId);
    await this.lists.forget(tenantId, rest.join('|'), userId, new Date(this.now()).toISOString());
  }

  /** Every stored membership of one conversation: completing its list (a query, once per conversation). */
  private async storedIn(tenantId: string, conversationId: string): Promise<StoredMembership[]> {
    const { resources } = await this.container.items
      .query<StoredMembership>({
        query: 'SELECT c.userId, c.member, c.version FROM c WHERE c.tenantId = @tenantId AND c.type = "membership" AND c.conversationId = @conversationId',
        parameters: [
          { name: '@tenantId', value: tenantId },
          { name: '@conversationId', value: conversationId },
        ],
      })
      .fetchAll();
    return resources;
  }

  /**
   * Stored answer first; with none (or an old roster "no"), the roster. A roster that
   * cannot answer (Teams down, conversation unknown) means not a member, uncached.
   */
  async isMember(tenantId: string, conversationId: string, userId: string): Promise<boolean> {
    const id = keyOf(tenantId, conversationId, userId.toLowerCase());
    const stored = await this.read(id);
    if (stored?.member) return true;
    if (stored && !(stored.source === 'roster' && this.now() - Date.parse(stored.updatedAt) > ROSTER_RECHECK_MS)) return false;
    const answer = await this.rosterLookup?.(tenantId, conversationId, userId.toLowerCase()).catch(() => undefined);
    if (answer === undefined) return false;
    await this.record(tenantId, conversationId, userId, answer, 'roster');
    return answer;
  }

  /** What is stored, without asking Teams (lists such as the feed use only this). */
  async isKnownMember(tenantId: string, conversationId: string, userId: string): Promise<boolean> {
    const listed = await this.lists.knows(tenantId, conversationId, userId.toLowerCase());
    if (listed !== undefined) return listed;
    return (await this.read(keyOf(tenantId, conversationId, userId.toLowerCase())))?.member === true;
  }

  private read(id: string): Promise<MembershipDocument | null> {
    return this.cache.get(id, async () => (await readDocument<MembershipDocument>(this.container, id, id)) ?? null);
  }
}

/** The feed's view: stored memberships only, never a roster call per listed post. */
export const knownMembership = (memberships: MembershipRepository): MembershipCheck => ({
  isMember: (tenantId, conversationId, userId) => memberships.isKnownMember(tenantId, conversationId, userId),
  readsCommunity: (tenantId, communityId, userId) => memberships.readsCommunity(tenantId, communityId, userId),
});
