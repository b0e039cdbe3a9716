import { randomUUID } from 'crypto';
import { CardFactory, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { errorCard } from '../cards/error';
import { composeCard, ComposeTarget, noticeCard } from '../cards/dialogs';
import { POST_VERBS, postCard, removedPostCard } from '../cards/post';
import type { InstalledConversation } from '../domain/conversations';
import { recordReaction } from '../domain/engagement';
import { visiblePost } from '../domain/post-access';
import { DomainError } from '../domain/errors';
import { recordInstallation } from '../domain/installations';
import { canEditPost, composePost, NewPost, Post, POST_BODY_MAX } from '../domain/posts';
import { mayPostInto } from '../domain/authority';
import { knownMembership } from '../store/memberships';
import { visibilityOfPlace } from '../domain/visibility';
import type { Place } from '../store/conversations';
import { t } from '../i18n';
import { addressedCommand, installationFrom, kindOf } from './activity';
import type { FeatureContext } from './features';
import type { BotIdentity } from './identity';
import type { AdaptiveCard } from '../cards/types';
import { parseData, PostIdSchema, respondWithCard } from './invoke';

export const PUBLISH_VERB = 'post.publish';

const ReactData = z.object({ postId: PostIdSchema, reaction: z.string().min(1).max(40) });
const PostRef = z.object({ postId: PostIdSchema });
const PublishData = z.object({ body: z.string().max(POST_BODY_MAX * 2), target: z.string().min(1).max(1024) });

function placeLabel(place: Pick<Place, 'teamName' | 'channelName' | 'conversationId'> & { kind: string }): string {
  if (place.kind === 'channel') return [place.teamName, place.channelName].filter(Boolean).join(' › ') || place.conversationId;
  return 'Group chat';
}

/**
 * Where this person may post: the conversation they are in and, for authors (the
 * comms team), standard channels where Commons is installed, and private or shared
 * ones Teams says they are in (stored memberships only: a picker asks no roster).
 * Group chats other than your own are never offered.
 */
export async function postTargets(features: FeatureContext, identity: BotIdentity, here?: string): Promise<ComposeTarget[]> {
  const places = await features.repositories.conversations.places(identity.tenantId);
  const known = knownMembership(features.repositories.memberships);
  const allowed: Place[] = [];
  for (const place of places) if (await mayPostInto(identity, place, known, here)) allowed.push(place);
  return allowed
    .map((place) => ({ conversationId: place.conversationId, label: placeLabel(place) }))
    .sort((a, b) => (a.conversationId === here ? -1 : b.conversationId === here ? 1 : a.label.localeCompare(b.label)));
}

/** The stored conversation behind a chosen target, if this person may post there (the roster may be asked). */
export async function allowedTarget(features: FeatureContext, identity: BotIdentity, target: string, here?: string): Promise<InstalledConversation> {
  const conversation = await features.repositories.conversations.get(identity.tenantId, target);
  if (!conversation || !(await mayPostInto(identity, conversation, features.repositories.memberships, here))) {
    throw new DomainError('forbidden', 'not a place you can post to', 'error.post.notAllowedTarget');
  }
  return conversation;
}

/**
 * Sends the post's card into the target, then stores the post with where it went:
 * if Teams refuses the message, nothing is stored.
 */
export async function publishPost(features: FeatureContext, identity: BotIdentity, input: Omit<NewPost, 'visibility'>, target: InstalledConversation, replyHere?: TurnContext): Promise<Post> {
  // Who may see it follows from where it goes: never from what the author sent.
  const post = composePost({ ...input, visibility: visibilityOfPlace(target) }, identity, randomUUID(), features.now());
  post.personalViewers = [identity.teamsUserId];
  const card = postCard(post, { locale: identity.locale, reactions: await features.engagement.reactionSet(identity.tenantId) });
  const activityId = replyHere
    ? ((await replyHere.sendActivity({ attachments: [CardFactory.adaptiveCard(card)], summary: card.fallbackText }))?.id ?? '')
    : await features.messenger.sendCard(target, card);
  if (!activityId) throw new Error('publishPost() got no activity id from Teams');
  post.deliveredTo = [{ conversationId: target.conversationId, activityId }];
  // Replying in a channel thread puts the card under the command; replies to that
  // thread name its root, so the root leads back to the post too.
  const root = replyHere?.activity.conversation.id.match(/;messageid=(.+)$/)?.[1];
  await features.repositories.posts.create(post, root ? [{ conversationId: target.conversationId, activityId: root }] : []);
  return post;
}

export function registerPostFeatures(features: FeatureContext): void {
  const { app, repositories, engagement } = features;

  // `post <text>`: in a channel or group chat it posts right here; in personal chat it asks where.
  app.activity(addressedCommand(/^\s*post\b/i), async (context) => {
    const identity = await features.identify(context);
    features.checkWriteLimit(identity);
    const body = (context.activity.text ?? '').replace(/^\s*post\b/i, '').trim();
    if (!body) {
      await context.sendActivity({ attachments: [CardFactory.adaptiveCard(noticeCard(t(identity.locale, 'card.post.usage')))] });
      return;
    }
    if (kindOf(context.activity) === 'personal') {
      const targets = await postTargets(features, identity);
      const card = composeCard({ locale: identity.locale, body, targets, submit: { type: 'Action.Execute', verb: PUBLISH_VERB } });
      await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
      return;
    }
    const here = installationFrom(context, identity.tenantId, features.now().toISOString());
    await recordInstallation(repositories.conversations, here);
    // Teams states a channel's type on some activities only: what it said before counts too.
    const stored = await repositories.conversations.get(identity.tenantId, here.conversationId);
    await publishPost(features, identity, { body, audience: { channels: [here.conversationId] } }, { ...here, channelType: here.channelType ?? stored?.channelType }, context);
  });

  const onCardAction = cardActionRegistrar(features);

  onCardAction(PUBLISH_VERB, PublishData, async (identity, { body, target }) => {
    features.checkWriteLimit(identity);
    const conversation = await allowedTarget(features, identity, target);
    await publishPost(features, identity, { body, audience: { channels: [conversation.conversationId] } }, conversation);
    return noticeCard(t(identity.locale, 'card.compose.published', { place: placeLabel(conversation) }));
  });

  onCardAction(POST_VERBS.react, ReactData, async (identity, { postId, reaction }) => {
    features.checkWriteLimit(identity);
    const { post, myReaction } = await recordReaction(engagement, identity, postId, reaction, identity.teamsUserId, features.now());
    features.refresher.refresh(post);
    return postCard(post, { locale: identity.locale, myReaction, canEdit: canEditPost(identity, post), reactions: await engagement.reactionSet(identity.tenantId) });
  });

  // Teams asks for a personal view when a listed viewer opens the conversation.
  onCardAction(POST_VERBS.refresh, PostRef, async (identity, { postId }) => features.personalCard(await visiblePost(engagement, identity, postId), identity));

  onCardAction(POST_VERBS.remove, PostRef, async (identity, { postId }) => {
    features.checkWriteLimit(identity);
    const post = await visiblePost(engagement, identity, postId);
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

