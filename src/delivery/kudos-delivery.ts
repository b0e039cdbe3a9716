import type { AdaptiveCard } from '../cards/types';
import type { InstalledConversation } from '../domain/conversations';
import type { KudosPost } from '../domain/kudos';
import type { Delivery } from '../domain/posts';
import type { Logger } from '../log';
import type { Repositories } from '../store';

export interface KudosDeliveryDependencies {
  repositories: Pick<Repositories, 'rosters' | 'conversations'>;
  sendCard(conversation: InstalledConversation, card: AdaptiveCard): Promise<string>;
  logger: Logger;
}

/**
 * A private kudos goes into each recipient's personal chat with Commons (proactive, through
 * the outbound budgets); a recipient Commons cannot reach yet gets no copy. Used by the bot
 * and by a moderator approving a held kudos.
 */
export async function sendToRecipientChats(deps: KudosDeliveryDependencies, post: KudosPost, card: AdaptiveCard): Promise<Delivery[]> {
  const deliveries: Delivery[] = [];
  for (const recipient of post.kudos.recipients) {
    const chatId = await deps.repositories.rosters.personalChatOf(post.tenantId, recipient.userId);
    const chat = chatId ? await deps.repositories.conversations.get(post.tenantId, chatId) : undefined;
    if (!chat?.active) continue;
    const activityId = await deps.sendCard(chat, card).catch((error) => void deps.logger.warn({ err: error }, 'private kudos not delivered to one recipient'));
    if (activityId) deliveries.push({ conversationId: chat.conversationId, activityId });
  }
  return deliveries;
}
