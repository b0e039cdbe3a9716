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
  const card = postCard(post, { locale: identity.locale });
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

  app.adaptiveCards.actionExecute(PUBLISH_VERB, async (context, _state, data) => {
    const identity = await features.identify(context);
    try {
      features.checkWriteLimit(identity);
      const { body, target } = parseData(PublishData, data);
      const conversation = await repositories.conversations.get(identity.tenantId, target);
      if (!conversation?.active || conversation.kind === 'personal') throw new DomainError('not_found', 'no such place', 'error.post.noTarget');
      await publishPost(features, identity, { body, audience: { channels: [conversation.conversationId] } }, conversation);
      return respondWithCard(context, noticeCard(t(identity.locale, 'card.compose.published', { place: placeLabel(conversation) })));
    } catch (error) {
      if (error instanceof DomainError) return respondWithCard(context, errorCard(identity.locale, error));
      throw error;
    }
  });

  app.adaptiveCards.actionExecute(POST_VERBS.react, async (context, _state, data) => {
    const identity = await features.identify(context);
    try {
      const { postId, reaction } = parseData(ReactData, data);
      const { post, myReaction } = await recordReaction(engagement, identity, postId, reaction, identity.teamsUserId, features.now());
      features.refresher.refresh(post);
      return respondWithCard(context, postCard(post, { locale: identity.locale, myReaction, canEdit: canEditPost(identity, post) }));
    } catch (error) {
      return respondWithError(context, identity, error);
    }
  });

  // Teams asks for a personal view when a listed viewer opens the conversation.
  app.adaptiveCards.actionExecute(POST_VERBS.refresh, async (context, _state, data) => {
    const identity = await features.identify(context);
    try {
      const { postId } = parseData(PostRef, data);
      return respondWithCard(context, await features.personalCard(await livePost(engagement, identity, postId), identity));
    } catch (error) {
      return respondWithError(context, identity, error);
    }
  });

  app.adaptiveCards.actionExecute(POST_VERBS.remove, async (context, _state, data) => {
    const identity = await features.identify(context);
    try {
      const { postId } = parseData(PostRef, data);
      const post = await livePost(engagement, identity, postId);
      if (!canEditPost(identity, post)) throw new DomainError('forbidden', 'not your post');
      const removed = await repositories.posts.update(identity.tenantId, postId, (p) => ({ ...p, state: 'removed', updatedAt: features.now().toISOString() }));
      if (removed) features.refresher.refresh(removed);
      return respondWithCard(context, removedPostCard(identity.locale));
    } catch (error) {
      return respondWithError(context, identity, error);
    }
  });
}

/** A deleted post shows as removed; other failures show kind words on the clicker's card. */
async function respondWithError(context: TurnContext, identity: BotIdentity, error: unknown): Promise<string> {
  if (!(error instanceof DomainError)) throw error;
  if (error.messageKey === 'error.post.notFound') return respondWithCard(context, removedPostCard(identity.locale));
  return respondWithCard(context, errorCard(identity.locale, error));
}

