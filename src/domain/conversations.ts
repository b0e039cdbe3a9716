/**
 * A place where Commons is installed: what proactive delivery needs to reach it later.
 * Teams-neutral: the bot layer translates activities into this shape.
 */
import type { ChannelType } from './visibility';

export type ConversationKind = 'personal' | 'groupChat' | 'channel';

export interface InstalledConversation {
  tenantId: string;
  conversationId: string;
  kind: ConversationKind;
  serviceUrl: string;
  botId: string;
  teamId?: string;
  teamName?: string;
  channelId?: string;
  channelName?: string;
  /** Standard, private or shared, when Teams said (channelData.channel.type); see isStandardChannel. */
  channelType?: ChannelType;
  /** For personal chats: the person (Entra object id) this chat reaches. */
  userId?: string;
  active: boolean;
  installedAt: string;
  updatedAt: string;
  /** The Bot Framework conversation reference, stored opaque for continueConversation. */
  reference: Record<string, unknown>;
}

/**
 * A reply in a Teams channel thread names its conversation "<channel id>;messageid=<id
 * of the thread's root message>". The one place that knows that format: threadOf
 * reads it, inThread writes it.
 */
export function threadOf(conversationId: string): { conversationId: string; rootId?: string } {
  const [channel, ...rest] = conversationId.split(';');
  const rootId = rest.join(';').match(/^messageid=(.+)$/)?.[1];
  return rootId ? { conversationId: channel, rootId } : { conversationId: channel };
}

/** The conversation id of the thread under `rootId` in a channel (or, without a root, the channel itself). */
export function inThread(channelId: string, rootId: string | undefined): string {
  const { conversationId } = threadOf(channelId);
  return rootId ? `${conversationId};messageid=${rootId}` : conversationId;
}
