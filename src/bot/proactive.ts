import { CardFactory, ConversationReference } from 'botbuilder';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { AdaptiveCard } from '../cards/types';
import type { InstalledConversation } from '../domain/conversations';

/** Sending into, and updating cards in, conversations we are not currently talking in. */
export class ProactiveMessenger {
  constructor(
    private readonly adapter: TeamsAdapter,
    private readonly botAppId: string,
  ) {}

  async sendCard(conversation: InstalledConversation, card: AdaptiveCard): Promise<string> {
    let activityId = '';
    await this.adapter.continueConversationAsync(this.botAppId, conversation.reference as Partial<ConversationReference>, async (context) => {
      const response = await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)], summary: card.fallbackText });
      activityId = response?.id ?? '';
    });
    return activityId;
  }

  async updateCard(conversation: InstalledConversation, activityId: string, card: AdaptiveCard): Promise<void> {
    await this.adapter.continueConversationAsync(this.botAppId, conversation.reference as Partial<ConversationReference>, async (context) => {
      await context.updateActivity({ id: activityId, type: 'message', attachments: [CardFactory.adaptiveCard(card)], summary: card.fallbackText });
    });
  }
}
