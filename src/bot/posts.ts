import { randomUUID } from 'crypto';
import { CardFactory, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { errorCard } from '../cards/error';
import { composeCard, ComposeTarget, noticeCard } from '../cards/dialogs';
import { POST_VERBS, postCard, removedPostCard } from '../cards/post';
import type { InstalledConversation } from '../domain/conversations';
import { livePost, recordReaction } from '../domain/engagement';
import { DomainError } from '../domain/errors';
import { recordInstallation } from '../domain/installations';
import { canEditPost, composePost, NewPost, Post, POST_BODY_MAX } from '../domain/posts';
import { t } from '../i18n';
import { installationFrom, kindOf } from './activity';
import type { FeatureContext } from './features';
import type { BotIdentity } from './identity';
import type { AdaptiveCard } from '../cards/types';
import { parseData, PostIdSchema, respondWithCard } from './invoke';

export const PUBLISH_VERB = 'post.publish';

const ReactData = z.object({ postId: PostIdSchema, reaction: z.string().min(1).max(40) });
const PostRef = z.object({ postId: PostIdSchema });
const PublishData = z.object({ body: z.string().max(POST_BODY_MAX * 2), target: z.string().min(1).max(1024) });

function placeLabel(conversation: InstalledConversation): string {
  if (conversation.kind === 'channel') return [conversation.teamName, conversation.channelName].filter(Boolean).join(' › ') || conversation.conversationId;
  return conversation.kind === 'groupChat' ? 'Group chat' : 'Personal chat';
}

/** Channels and group chats of the tenant where Commons can post. */
export async function postTargets(features: FeatureContext, tenantId: string): Promise<Array<ComposeTarget & { conversation: InstalledConversation }>> {
  const conversations = await features.repositories.conversations.list(tenantId);
  return conversations
    .filter((c) => c.active && c.kind !== 'personal')
    .map((conversation) => ({ conversationId: conversation.conversationId, label: placeLabel(conversation), conversation }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** Creates the post, sends its card into the target, and records where it went. */
export async function publishPost(features: FeatureContext, identity: BotIdentity, input: NewPost, target: InstalledConversation, send?: (card: ReturnType<typeof postCard>) => Promise<string>): Promise<Post> {
  const post = composePost(input, identity, randomUUID(), features.now());
  post.personalViewers = [identity.teamsUserId];
  await features.repositories.posts.create(post);
  const card = postCard(post, { locale: identity.locale, reactions: await features.engagement.reactionSet(identity.tenantId) });
  const activityId = send ? await send(card) : await features.messenger.sendCard(target, card);
  if (!activityId) throw new Error('publishPost() got no activity id from Teams');
  return (await features.repositories.posts.recordDelivery(identity.tenantId, post.postId, { conversationId: target.conversationId, activityId })) ?? post;
}

export function registerPostFeatures(features: FeatureContext): void {
  const { app, repositories, engagement } = features;

  // `post <text>`: in a channel or group chat it posts right here; in personal chat it asks where.
  app.message(/^\s*post\b/i, async (context) => {
    const identity = await features.identify(context);
    features.checkWriteLimit(identity);
    const body = (context.activity.text ?? '').replace(/^\s*post\b/i, '').trim();
    if (!body) {
      await context.sendActivity({ attachments: [CardFactory.adaptiveCard(noticeCard(t(identity.locale, 'card.post.usage')))] });
      return;
    }
    if (kindOf(context.activity) === 'personal') {
      const targets = await postTargets(features, identity.tenantId);
      const card = composeCard({ locale: identity.locale, body, targets, submit: { type: 'Action.Execute', verb: PUBLISH_VERB } });
      await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
      return;
    }
    const here = installationFrom(context, identity.tenantId, features.now().toISOString());
    await recordInstallation(repositories.conversations, here);
    await publishPost(features, identity, { body, audience: { channels: [here.conversationId] } }, here, async (card) => {
      const response = await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)], summary: card.fallbackText });
      return response?.id ?? '';
    });
  });

  const onCardAction = cardActionRegistrar(features);

  onCardAction(PUBLISH_VERB, PublishData, async (identity, { body, target }) => {
    features.checkWriteLimit(identity);
    const conversation = await repositories.conversations.get(identity.tenantId, target);
    if (!conversation?.active || conversation.kind === 'personal') throw new DomainError('not_found', 'no such place', 'error.post.noTarget');
    await publishPost(features, identity, { body, audience: { channels: [conversation.conversationId] } }, conversation);
    return noticeCard(t(identity.locale, 'card.compose.published', { place: placeLabel(conversation) }));
  });

  onCardAction(POST_VERBS.react, ReactData, async (identity, { postId, reaction }) => {
    const { post, myReaction } = await recordReaction(engagement, identity, postId, reaction, identity.teamsUserId, features.now());
    features.refresher.refresh(post);
    return postCard(post, { locale: identity.locale, myReaction, canEdit: canEditPost(identity, post), reactions: await engagement.reactionSet(identity.tenantId) });
  });

  // Teams asks for a personal view when a listed viewer opens the conversation.
  onCardAction(POST_VERBS.refresh, PostRef, async (identity, { postId }) => features.personalCard(await livePost(engagement, identity, postId), identity));

  onCardAction(POST_VERBS.remove, PostRef, async (identity, { postId }) => {
    const post = await livePost(engagement, identity, postId);
    if (!canEditPost(identity, post)) throw new DomainError('forbidden', 'not your post');
    const removed = await repositories.posts.update(identity.tenantId, postId, (p) => ({ ...p, state: 'removed', updatedAt: features.now().toISOString() }));
    if (removed) features.refresher.refresh(removed);
    return removedPostCard(identity.locale);
  });
}

/**
 * Registers an Action.Execute verb: identify the clicker, validate the data, run,
 * and answer the clicker alone with the resulting card (or with kind words on failure).
 */
function cardActionRegistrar(features: FeatureContext) {
  return <S extends z.ZodTypeAny>(verb: string, schema: S, run: (identity: BotIdentity, data: z.infer<S>) => Promise<AdaptiveCard>) => {
    features.app.adaptiveCards.actionExecute(verb, async (context, _state, raw) => {
      const identity = await features.identify(context);
      try {
        return await respondWithCard(context, await run(identity, parseData(schema, raw)));
      } catch (error) {
        return respondWithError(context, identity, error);
      }
    });
  };
}

/** A deleted post shows as removed; other failures show kind words on the clicker's card. */
async function respondWithError(context: TurnContext, identity: BotIdentity, error: unknown): Promise<string> {
  if (!(error instanceof DomainError)) throw error;
  if (error.messageKey === 'error.post.notFound') return respondWithCard(context, removedPostCard(identity.locale));
  return respondWithCard(context, errorCard(identity.locale, error));
}

