import { ActivityTypes, CardFactory, ConversationReference, TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { AdaptiveCard } from '../cards/types';
import { DeliveredCopy, DeliverySender, DeliveryTarget } from './sender';

const cardActivity = (card: AdaptiveCard) => ({
  type: ActivityTypes.Message,
  attachments: [CardFactory.adaptiveCard(card)],
  summary: card.fallbackText,
});

/**
 * Sends through the Bot Framework adapter with a stored conversation reference.
 * Personal and group chats get a message in the chat; a channel gets a new post
 * (its own thread, created through the connector's createConversation with the
 * channel id, as TeamsInfo.sendMessageToTeamsChannel does) so replies gather under it.
 */
export class BotDeliverySender implements DeliverySender {
  constructor(
    private readonly adapter: TeamsAdapter,
    private readonly botAppId: string,
  ) {}

  private within<T>(target: DeliveryTarget, conversationId: string, logic: (context: TurnContext) => Promise<T>): Promise<T> {
    const stored = target.reference as Partial<ConversationReference>;
    const reference = {
      ...stored,
      serviceUrl: stored.serviceUrl ?? target.serviceUrl,
      conversation: { ...(stored.conversation ?? {}), id: conversationId },
    } as ConversationReference;
    // Errors are caught inside the turn: thrown out of it they would reach the
    // adapter's onTurnError (the bot's error card) and the call would seem to succeed.
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    return this.adapter
      .continueConversationAsync(this.botAppId, reference, async (context) => {
        this.withoutSdkRetries(context);
        try {
          outcome = { ok: true, value: await logic(context) };
        } catch (error) {
          outcome = { ok: false, error };
        }
      })
      .then(() => {
        if (!outcome) throw new Error('BotDeliverySender: the continuation did not run');
        if (!outcome.ok) throw outcome.error;
        return outcome.value;
      });
  }

  /**
   * The engine owns retries. The connector client's pipeline (core-rest-pipeline's
   * default retry policy) would otherwise retry 429s and 5xx on its own: throttling
   * would never reach the shared bucket, and a retry still running after our timeout
   * would deliver a second copy. The client is created per continuation, so this
   * affects delivery calls only.
   */
  private withoutSdkRetries(context: TurnContext): void {
    const client = context.turnState.get(this.adapter.ConnectorClientKey) as { client?: { pipeline?: { removePolicy(options: { phase: 'Retry' }): unknown } } } | undefined;
    client?.client?.pipeline?.removePolicy({ phase: 'Retry' });
  }

  async send(target: DeliveryTarget, card: AdaptiveCard): Promise<DeliveredCopy> {
    if (target.kind === 'channel') {
      return this.within(target, target.conversationId, async (context) => {
        const client = context.turnState.get<ConnectorClient>(this.adapter.ConnectorClientKey);
        const created = await client.conversations.createConversation({
          isGroup: true,
          bot: context.activity.recipient,
          tenantId: (target.reference.conversation as { tenantId?: string } | undefined)?.tenantId,
          channelData: { channel: { id: target.conversationId } },
          activity: cardActivity(card),
        } as Parameters<ConnectorClient['conversations']['createConversation']>[0]);
        const activityId = created.activityId ?? created.id ?? '';
        return { activityId, conversationId: `${target.conversationId};messageid=${activityId}` };
      });
    }
    return this.within(target, target.conversationId, async (context) => {
      const response = await context.sendActivity(cardActivity(card));
      return { activityId: response?.id ?? '', conversationId: target.conversationId };
    });
  }

  async update(target: DeliveryTarget, copy: DeliveredCopy, card: AdaptiveCard): Promise<void> {
    await this.within(target, copy.conversationId, async (context) => {
      await context.updateActivity({ ...cardActivity(card), id: copy.activityId, conversation: context.activity.conversation });
    });
  }

  async delete(target: DeliveryTarget, copy: DeliveredCopy): Promise<void> {
    await this.within(target, copy.conversationId, async (context) => {
      await context.deleteActivity(copy.activityId);
    });
  }
}
