import type { Container } from '@azure/cosmos';
import type { InstalledConversation } from '../domain/conversations';
import { tenantKey } from './containers';
import { readDocument, StoredDocument, updateDocument } from './documents';

type ConversationDocument = StoredDocument & InstalledConversation & { type: 'conversation' };

const keyOf = (tenantId: string, conversationId: string) => tenantKey(tenantId, conversationId);

function toConversation({ id: _id, pk: _pk, type: _type, _etag, ...conversation }: ConversationDocument): InstalledConversation {
  return conversation;
}

/** Told about each newly active personal chat, so "everyone" needs no query (see rosters.ts). */
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
   * Saves or refreshes a reference; the first installation time is kept.
   * Returns whether the conversation was already active (so a welcome is sent once).
   */
  async save(conversation: InstalledConversation): Promise<{ wasActive: boolean }> {
    const key = keyOf(conversation.tenantId, conversation.conversationId);
    let wasActive = false;
    await updateDocument<ConversationDocument>(this.container, key, key, (current) => {
      wasActive = current?.active === true;
      return {
        ...conversation,
        teamName: conversation.teamName ?? current?.teamName,
        channelName: conversation.channelName ?? current?.channelName,
        installedAt: current?.active ? current.installedAt : conversation.installedAt,
        id: key,
        pk: key,
        type: 'conversation',
        _etag: current?._etag,
      };
    });
    if (!wasActive && conversation.kind === 'personal' && conversation.active) await this.personalChats?.addPersonalChat(conversation);
    return { wasActive };
  }

  /** Marks a reference inactive; returns false when we never knew the conversation. */
  async markInactive(tenantId: string, conversationId: string, at: string): Promise<boolean> {
    const key = keyOf(tenantId, conversationId);
    const updated = await updateDocument<ConversationDocument>(this.container, key, key, (current) =>
      current ? { ...current, active: false, updatedAt: at } : undefined,
    );
    return updated !== undefined;
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
