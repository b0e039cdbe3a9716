import { CardFactory, ConversationReference } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { AdaptiveCard } from '../cards/types';
import type { InstalledConversation } from '../domain/conversations';
import type { Outbound } from '../delivery/outbound';

/**
 * Sending into, and updating cards in, conversations we are not currently talking in.
 * Every message and update spends from the Outbound budgets (the tenant's rate, the
 * conversation's windows), shared with announcements and every other instance.
 */
export class ProactiveMessenger {
  constructor(
    private readonly adapter: TeamsAdapter,
    private readonly botAppId: string,
    private readonly outbound: Pick<Outbound, 'send'>,
  ) {}

  sendCard(conversation: InstalledConversation, card: AdaptiveCard): Promise<string> {
    return this.outbound.send({ tenantId: conversation.tenantId, conversationId: conversation.conversationId }, () => this.sendCardNow(conversation, card));
  }

  private async sendCardNow(conversation: InstalledConversation, card: AdaptiveCard): Promise<string> {
    let activityId = '';
    await this.adapter.continueConversationAsync(this.botAppId, conversation.reference as Partial<ConversationReference>, async (context) => {
      const response = await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)], summary: card.fallbackText });
      activityId = response?.id ?? '';
    });
    return activityId;
  }

  /**
   * Asks the Bot Connector whether a person (Entra object id) is in the conversation's
   * own roster (for a private channel, the channel's, not the team's). A 404 is a clear
   * "no"; anything else (throttling, an outage) is undefined: the caller stays in doubt.
   */
  async isMember(conversation: InstalledConversation, userId: string): Promise<boolean | undefined> {
    let answer: boolean | undefined;
    await this.adapter.continueConversationAsync(this.botAppId, conversation.reference as Partial<ConversationReference>, async (context) => {
      const client = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
      try {
        const member = await client.conversations.getConversationMember(conversation.conversationId, userId);
        answer = member?.aadObjectId === undefined || member.aadObjectId.toLowerCase() === userId;
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        answer = status === 404 ? false : undefined;
      }
    });
    return answer;
  }

  async updateCard(conversation: InstalledConversation, activityId: string, card: AdaptiveCard): Promise<void> {
    const target = { tenantId: conversation.tenantId, conversationId: conversation.conversationId, kind: 'update' as const, activityId };
    await this.outbound.send(target, () =>
      this.adapter.continueConversationAsync(this.botAppId, conversation.reference as Partial<ConversationReference>, async (context) => {
        await context.updateActivity({ id: activityId, type: 'message', attachments: [CardFactory.adaptiveCard(card)], summary: card.fallbackText });
      }),
    );
  }
}
