import { CardFactory, ConversationReference, TurnContext } from 'botbuilder';
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
    await this.continueConversation(conversation, async (context) => {
      const response = await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)], summary: card.fallbackText });
      activityId = response?.id ?? '';
    });
    return activityId;
  }

  /**
   * continueConversationAsync, failing when the logic fails. The adapter hands an error
   * thrown inside a turn to its onTurnError (teams-ai installs the app's error handler
   * there), which logs it and returns: a refused or throttled send would read as sent,
   * with no activity id, and nobody would retry it or count it as failed.
   */
  private async continueConversation(conversation: InstalledConversation, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    let failure: { error: unknown } | undefined;
    await this.adapter.continueConversationAsync(this.botAppId, conversation.reference as Partial<ConversationReference>, async (context) => {
      try {
        await logic(context);
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw failure.error;
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

  /**
   * A 1:1 chat with a member of a team Commons is installed in, for someone who never
   * opened Commons: the team's roster names them (404: not a member, undefined), and the
   * Bot Connector creates the chat (Teams lets a bot message the members of its teams).
   */
  async openPersonalChat(team: InstalledConversation, userId: string, now: string): Promise<InstalledConversation | undefined> {
    const teamId = team.teamId ?? team.conversationId;
    let opened: InstalledConversation | undefined;
    await this.adapter.continueConversationAsync(this.botAppId, team.reference as Partial<ConversationReference>, async (context) => {
      const client = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
      let member: { id?: string; aadObjectId?: string; name?: string };
      try {
        member = await client.conversations.getConversationMember(teamId, userId);
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) return;
        throw error;
      }
      if (!member?.id) return;
      const bot = (team.reference as { bot?: { id: string; name?: string } }).bot ?? { id: team.botId };
      const created = await client.conversations.createConversation({
        isGroup: false,
        bot,
        members: [{ id: member.id, name: member.name ?? '' }],
        tenantId: team.tenantId,
        channelData: { tenant: { id: team.tenantId } },
      } as Parameters<ConnectorClient['conversations']['createConversation']>[0]);
      if (!created.id) return;
      opened = {
        tenantId: team.tenantId,
        conversationId: created.id,
        kind: 'personal',
        serviceUrl: team.serviceUrl,
        botId: bot.id,
        userId,
        active: true,
        installedAt: now,
        updatedAt: now,
        reference: {
          channelId: 'msteams',
          serviceUrl: team.serviceUrl,
          bot,
          user: { id: member.id, aadObjectId: userId, name: member.name },
          conversation: { id: created.id, conversationType: 'personal', tenantId: team.tenantId },
        },
      };
    });
    return opened;
  }

  async updateCard(conversation: InstalledConversation, activityId: string, card: AdaptiveCard): Promise<void> {
    const target = { tenantId: conversation.tenantId, conversationId: conversation.conversationId, kind: 'update' as const, activityId };
    await this.outbound.send(target, () =>
      this.continueConversation(conversation, async (context) => {
        await context.updateActivity({ id: activityId, type: 'message', attachments: [CardFactory.adaptiveCard(card)], summary: card.fallbackText });
      }),
    );
  }
}
