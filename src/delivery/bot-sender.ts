import { ActivityTypes, CardFactory, ConversationReference, TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import { createHttpHeaders, createPipelineRequest, PipelinePolicy, PipelineRequest } from '@azure/core-rest-pipeline';
import type { AdaptiveCard } from '../cards/types';
import { inThread } from '../domain/conversations';
import { DeliveredCopy, DeliverySender, DeliveryTarget } from './sender';

const cardActivity = (card: AdaptiveCard) => ({
  type: ActivityTypes.Message,
  attachments: [CardFactory.adaptiveCard(card)],
  summary: card.fallbackText,
});

type Pipeline = { removePolicy(options: { phase: 'Retry' }): unknown; addPolicy(policy: PipelinePolicy, options: { afterPhase: 'Sign' }): void };

/**
 * Sends through the Bot Connector with a stored conversation reference.
 * Personal and group chats get a message in the chat; a channel gets a new post
 * (its own thread, created through the connector's createConversation with the
 * channel id, as TeamsInfo.sendMessageToTeamsChannel does) so replies gather under it.
 *
 * One connector client per service URL serves every call. The adapter's
 * continueConversationAsync would build a client, credentials and HTTP pipeline per
 * message: at 500 messages a second that was half the engine's CPU. The client signs
 * each request with the adapter's credentials, which renew their token themselves.
 */
export class BotDeliverySender implements DeliverySender {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();
  private readonly cards = new WeakMap<AdaptiveCard, string>();
  /** Whom to tell when a request leaves the pipeline for the HTTP client. */
  private readonly leaving = new WeakMap<PipelineRequest, () => void>();

  constructor(
    private readonly adapter: TeamsAdapter,
    private readonly botAppId: string,
  ) {}

  private clientFor(serviceUrl: string): Promise<ConnectorClient> {
    let client = this.clients.get(serviceUrl);
    if (!client) {
      client = this.createClient(serviceUrl);
      this.clients.set(serviceUrl, client);
      client.catch(() => this.clients.delete(serviceUrl));
    }
    return client;
  }

  /** The client the adapter itself would use for this service URL, built once through its public continuation. */
  private async createClient(serviceUrl: string): Promise<ConnectorClient> {
    let client: ConnectorClient | undefined;
    const reference = { serviceUrl, channelId: 'msteams', conversation: { id: '' } } as ConversationReference;
    await this.adapter.continueConversationAsync(this.botAppId, reference, async (context) => {
      client = context.turnState.get<ConnectorClient>(this.adapter.ConnectorClientKey);
    });
    if (!client) throw new Error(`BotDeliverySender: no connector client for ${serviceUrl}`);
    // The engine owns retries. The pipeline's default retry policy would otherwise
    // retry 429s and 5xx on its own: throttling would never reach the tenant limiter,
    // and a retry still running after our deadline would deliver a second copy.
    const pipeline = (client as unknown as { client?: { pipeline?: Pipeline } }).client?.pipeline;
    pipeline?.removePolicy({ phase: 'Retry' });
    // Last before the HTTP client, after signing (which may wait for a new token): the
    // moment the request really leaves, which the tenant limiter counts from.
    pipeline?.addPolicy(
      {
        name: 'commonsLeaving',
        sendRequest: (request, next) => {
          this.leaving.get(request)?.();
          return next(request);
        },
      },
      { afterPhase: 'Sign' },
    );
    return client;
  }

  private referenceOf(target: DeliveryTarget): Partial<ConversationReference> & { serviceUrl: string } {
    const stored = target.reference as Partial<ConversationReference>;
    const serviceUrl = stored.serviceUrl ?? target.serviceUrl;
    if (!serviceUrl) throw new Error('BotDeliverySender: the conversation reference has no service URL');
    return { ...stored, serviceUrl };
  }

  /**
   * The activity as TurnContext would address it: from the bot, to the stored
   * conversation. Not a reply to the activity the reference was taken from.
   */
  private addressed(target: DeliveryTarget, conversationId: string, activity: ReturnType<typeof cardActivity>) {
    const reference = this.referenceOf(target);
    const to = { ...reference, activityId: undefined, conversation: { ...(reference.conversation ?? {}), id: conversationId } } as ConversationReference;
    return TurnContext.applyConversationReference({ ...activity }, to);
  }

  async send(target: DeliveryTarget, card: AdaptiveCard, signal?: AbortSignal, onLeaving?: () => void): Promise<DeliveredCopy> {
    const reference = this.referenceOf(target);
    const client = await this.clientFor(reference.serviceUrl);
    if (target.kind === 'channel') {
      const created = await client.conversations.createConversation(
        {
          isGroup: true,
          bot: reference.bot,
          tenantId: (reference.conversation as { tenantId?: string } | undefined)?.tenantId,
          channelData: { channel: { id: target.conversationId } },
          activity: cardActivity(card),
        } as Parameters<ConnectorClient['conversations']['createConversation']>[0],
        { abortSignal: signal },
      );
      const activityId = created.activityId ?? created.id ?? '';
      return { activityId, conversationId: inThread(target.conversationId, activityId) };
    }
    const url = `${reference.serviceUrl.replace(/\/+$/, '')}/v3/conversations/${encodeURIComponent(target.conversationId)}/activities`;
    const addressing = JSON.stringify({ type: ActivityTypes.Message, from: reference.bot, recipient: reference.user, conversation: { id: target.conversationId } });
    const answer = (await this.post(client, url, `${addressing.slice(0, -1)},${this.serializedCard(card)}}`, signal, onLeaving)) as { id?: string } | undefined;
    return { activityId: answer?.id ?? '', conversationId: target.conversationId };
  }

  /**
   * The card's part of a message, serialized once per card: every recipient of an
   * announcement gets the same card. The connector's operation would run it through
   * its model serializer for each message, at 500 messages a second a tenth of the
   * engine's CPU and much of its garbage.
   */
  private serializedCard(card: AdaptiveCard): string {
    let serialized = this.cards.get(card);
    if (!serialized) {
      const { attachments, summary } = cardActivity(card);
      serialized = JSON.stringify({ attachments, summary }).slice(1, -1);
      this.cards.set(card, serialized);
    }
    return serialized;
  }

  /** A request through the connector client's own pipeline (its credentials sign it), the body as given. */
  private async post(client: ConnectorClient, url: string, body: string, signal?: AbortSignal, onLeaving?: () => void): Promise<unknown> {
    const request = createPipelineRequest({
      url,
      method: 'POST',
      body,
      abortSignal: signal,
      headers: createHttpHeaders({ 'content-type': 'application/json; charset=utf-8' }),
      // As the client's own operations do: a service URL is https in Teams, http only on loopback (tests, the Playground).
      allowInsecureConnection: url.startsWith('http://'),
    });
    if (onLeaving) this.leaving.set(request, onLeaving);
    const response = await client.sendRequest(request);
    if (response.status >= 400) {
      throw Object.assign(new Error(`the Bot Connector answered ${response.status}`), {
        statusCode: response.status,
        response: { status: response.status, headers: response.headers, bodyAsText: response.bodyAsText },
      });
    }
    return response.bodyAsText ? JSON.parse(response.bodyAsText) : undefined;
  }

  async update(target: DeliveryTarget, copy: DeliveredCopy, card: AdaptiveCard, signal?: AbortSignal): Promise<void> {
    const client = await this.clientFor(this.referenceOf(target).serviceUrl);
    const activity = { ...this.addressed(target, copy.conversationId, cardActivity(card)), id: copy.activityId };
    await client.conversations.updateActivity(copy.conversationId, copy.activityId, activity, { abortSignal: signal });
  }

  async delete(target: DeliveryTarget, copy: DeliveredCopy, signal?: AbortSignal): Promise<void> {
    const client = await this.clientFor(this.referenceOf(target).serviceUrl);
    await client.conversations.deleteActivity(copy.conversationId, copy.activityId, { abortSignal: signal });
  }
}
