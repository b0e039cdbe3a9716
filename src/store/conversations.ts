import type { Container } from '@azure/cosmos';
import type { InstalledConversation } from '../domain/conversations';
import { readMany } from './bulk';
import { tenantKey } from './containers';
import { readDocument, StoredDocument, updateDocument } from './documents';

type ConversationDocument = StoredDocument & InstalledConversation & { type: 'conversation' };

/** A channel or group chat where Commons can post, as pickers show it. */
export interface Place {
  conversationId: string;
  kind: 'channel' | 'groupChat';
  teamName?: string;
  channelName?: string;
  /** What decides whether the place is a standard channel (see isStandardChannel). */
  channelType?: InstalledConversation['channelType'];
  teamId?: string;
  channelId?: string;
  active: boolean;
}
type PlacesDocument = StoredDocument & { type: 'places'; places: Place[] };

/**
 * Channels and group chats of a tenant, kept in one document so that pickers read
 * them with a point read instead of querying a container that grows with every
 * personal installation. Bounded: the oldest inactive places go first.
 */
export const PLACES_MAX = 3000;

export const CONVERSATION_PAGE_MAX = 100;

export interface ConversationFilter {
  kind?: InstalledConversation['kind'];
  standardChannelsOnly?: boolean;
}

/** An installation as lists show it: no reference, no service URL, no bot id. */
export type ListedConversation = Pick<InstalledConversation, 'conversationId' | 'kind' | 'teamName' | 'channelName' | 'channelType' | 'teamId' | 'channelId' | 'userId' | 'active' | 'installedAt'>;

const keyOf = (tenantId: string, conversationId: string) => tenantKey(tenantId, conversationId);

function toConversation({ id: _id, pk: _pk, type: _type, _etag, ...conversation }: ConversationDocument): InstalledConversation {
  return conversation;
}

/** Told about each active personal chat, so "everyone" needs no query (see rosters.ts). */
export interface PersonalChatIndex {
  addPersonalChat(conversation: InstalledConversation): Promise<void>;
}

export class ConversationRepository {
  constructor(
    private readonly container: Container,
    private readonly personalChats?: PersonalChatIndex,
  ) {}

  async get(tenantId: string, conversationId: string): Promise<InstalledConversation | undefined> {
    const key = keyOf(tenantId, conversationId);
    const document = await readDocument<ConversationDocument>(this.container, key, key);
    return document && toConversation(document);
  }

  /**
   * Forgets a person in a conversation's stored reference (erasure): their personal chat
   * goes for good; a channel or group chat keeps its reference without the sender it
   * last saw, when that was them (proactive sends never need it).
   */
  async forgetPerson(tenantId: string, conversationId: string, userId: string, teamsIds: readonly string[]): Promise<void> {
    const key = keyOf(tenantId, conversationId);
    const current = await readDocument<ConversationDocument>(this.container, key, key);
    if (!current) return;
    if (current.kind === 'personal' && current.userId === userId) {
      await this.container.item(key, key).delete().catch((error) => {
        if (error?.code !== 404) throw error;
      });
      return;
    }
    const named = (user: unknown) => {
      const { id, aadObjectId } = (user ?? {}) as { id?: string; aadObjectId?: string };
      return aadObjectId?.toLowerCase() === userId || (id !== undefined && teamsIds.includes(id));
    };
    await updateDocument<ConversationDocument>(this.container, key, key, (document) => {
      if (!document || !named(document.reference?.user)) return undefined;
      const { user: _user, ...reference } = document.reference;
      return { ...document, reference };
    });
  }

  /** Several references by point reads (delivery claims recipients in batches). */
  async getMany(tenantId: string, conversationIds: string[]): Promise<Array<InstalledConversation | undefined>> {
    const documents = await readMany(this.container, conversationIds.map((id) => keyOf(tenantId, id)));
    return documents.map((document) => document && toConversation(document as unknown as ConversationDocument));
  }

  /**
   * Saves or refreshes a reference; the first installation time is kept.
   * Returns whether the conversation was already active (so a welcome is sent once).
   *
   * A personal chat is listed in the roster first, every time (a point read when it
   * already is): if that fails, nothing is saved, the installation is not acknowledged
   * and Teams' retry finds it not yet active. So an active personal chat is always in
   * "everyone"; the other order lost people whose listing failed after the save.
   */
  async save(conversation: InstalledConversation): Promise<{ wasActive: boolean }> {
    const key = keyOf(conversation.tenantId, conversation.conversationId);
    if (conversation.kind === 'personal' && conversation.active) await this.personalChats?.addPersonalChat(conversation);
    let wasActive = false;
    await updateDocument<ConversationDocument>(this.container, key, key, (current) => {
      wasActive = current?.active === true;
      return {
        ...conversation,
        teamName: conversation.teamName ?? current?.teamName,
        channelName: conversation.channelName ?? current?.channelName,
        channelType: conversation.channelType ?? current?.channelType,
        installedAt: current?.active ? current.installedAt : conversation.installedAt,
        id: key,
        pk: key,
        type: 'conversation',
        _etag: current?._etag,
      };
    });
    if (conversation.kind !== 'personal') await this.updatePlace(conversation.tenantId, conversation.conversationId, (current) => ({
      conversationId: conversation.conversationId,
      kind: conversation.kind as Place['kind'],
      teamName: conversation.teamName,
      channelName: conversation.channelName,
      channelType: conversation.channelType ?? current?.channelType,
      teamId: conversation.teamId,
      channelId: conversation.channelId,
      active: true,
    }));
    return { wasActive };
  }

  /**
   * The tenant's Bot Connector address, from any conversation it has (Teams serves a
   * tenant from one regional service URL): what a chat made by proactive installation
   * is sent through. Two point reads.
   */
  async serviceUrlOf(tenantId: string): Promise<string | undefined> {
    const places = await this.places(tenantId);
    const place = places.find((p) => p.active) ?? places[0];
    return place ? (await this.get(tenantId, place.conversationId))?.serviceUrl : undefined;
  }

  /** One installed conversation of each team Commons is in (its channels name the team), newest first. */
  async teamsOf(tenantId: string): Promise<InstalledConversation[]> {
    const seen = new Set<string>();
    const places = (await this.places(tenantId)).filter((p) => p.active && p.kind === 'channel' && p.teamId && !seen.has(p.teamId) && seen.add(p.teamId));
    const found = await Promise.all(places.map((p) => this.get(tenantId, p.conversationId)));
    return found.filter((c): c is InstalledConversation => c?.active === true);
  }

  /** Channels and group chats of the tenant (active and not), with one point read. */
  async places(tenantId: string): Promise<Place[]> {
    const key = tenantKey(tenantId, 'places');
    return (await readDocument<PlacesDocument>(this.container, key, key))?.places ?? [];
  }

  private async updatePlace(tenantId: string, conversationId: string, change: (current: Place | undefined) => Place | undefined): Promise<void> {
    const key = tenantKey(tenantId, 'places');
    await updateDocument<PlacesDocument>(this.container, key, key, (current) => {
      const places = current?.places ?? [];
      const existing = places.find((p) => p.conversationId === conversationId);
      const next = change(existing);
      if (!next) return undefined;
      const merged = [next, ...places.filter((p) => p.conversationId !== conversationId)];
      while (merged.length > PLACES_MAX) {
        const inactive = merged.map((p) => p.active).lastIndexOf(false);
        merged.splice(inactive >= 0 ? inactive : merged.length - 1, 1);
      }
      return { id: key, pk: key, tenantId, type: 'places', places: merged, _etag: current?._etag };
    });
  }

  /**
   * Marks the conversation inactive; with `unlessUpdatedAfter`, only when nothing
   * (a reinstall, a new message) refreshed it since then. False when left as it was
   * (or never known).
   */
  async markInactive(tenantId: string, conversationId: string, at: string, unlessUpdatedAfter?: string): Promise<boolean> {
    const key = keyOf(tenantId, conversationId);
    let changed = false;
    const updated = await updateDocument<ConversationDocument>(this.container, key, key, (current) => {
      changed = current !== undefined && !(unlessUpdatedAfter && current.updatedAt > unlessUpdatedAfter);
      return changed ? { ...current!, active: false, updatedAt: at } : undefined;
    });
    if (changed && updated?.kind !== 'personal') await this.updatePlace(tenantId, conversationId, (place) => place && { ...place, active: false });
    return changed;
  }

  /**
   * One page of a tenant's installations, filtered in the query (kinds, standard
   * channels only) and projected to what lists show: references never leave here.
   * At most CONVERSATION_PAGE_MAX a page; pass back `continuationToken` for the next.
   */
  async page(tenantId: string, filter: ConversationFilter, limit: number, continuationToken?: string): Promise<{ conversations: ListedConversation[]; continuationToken?: string }> {
    const clauses = ['c.tenantId = @tenantId', 'c.type = "conversation"'];
    const parameters: Array<{ name: string; value: string }> = [{ name: '@tenantId', value: tenantId }];
    if (filter.kind) {
      clauses.push('c.kind = @kind');
      parameters.push({ name: '@kind', value: filter.kind });
    }
    // Mirrors isStandardChannel: a stated "standard", or no stated type and the team's General channel.
    if (filter.standardChannelsOnly) clauses.push('c.kind = "channel" AND (c.channelType = "standard" OR (NOT IS_DEFINED(c.channelType) AND IS_DEFINED(c.teamId) AND c.channelId = c.teamId))');
    const query = `SELECT c.conversationId, c.kind, c.teamName, c.channelName, c.channelType, c.teamId, c.channelId, c.userId, c.active, c.installedAt FROM c WHERE ${clauses.join(' AND ')}`;
    const response = await this.container.items
      .query<ListedConversation>({ query, parameters }, { maxItemCount: Math.min(limit, CONVERSATION_PAGE_MAX), continuationToken })
      .fetchNext();
    return { conversations: response.resources, continuationToken: response.continuationToken || undefined };
  }

  /** Every installation of a tenant: admin and audience-picker paths, not per-message. */
  async list(tenantId: string): Promise<InstalledConversation[]> {
    const { resources } = await this.container.items
      .query<ConversationDocument>({
        query: 'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = "conversation"',
        parameters: [{ name: '@tenantId', value: tenantId }],
      })
      .fetchAll();
    return resources.map(toConversation);
  }
}
