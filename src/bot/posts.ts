import { randomUUID } from 'crypto';
import { CardFactory, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { composeCard, ComposeTarget, noticeCard } from '../cards/dialogs';
import { postCard, removedPostCard } from '../cards/post';
import { BOT_COMMANDS, VERBS } from '../cards/verbs';
import { InstalledConversation, threadOf } from '../domain/conversations';
import { reactToPost } from '../domain/engagement-actions';
import { isAnnouncementPost } from '../domain/announcement-engagement';
import { announcementCardWithEngagement } from './announcement-engagement';
import { visiblePost } from '../domain/post-access';
import { DomainError } from '../domain/errors';
import { recordInstallation } from '../domain/installations';
import { assertMayEditPost, canEditPost, composePost, NewPost, Post, POST_BODY_MAX, removedPost } from '../domain/posts';
import { mayPostInto } from '../domain/authority';
import { knownMembership } from '../store/memberships';
import { visibilityOfPlace } from '../domain/visibility';
import type { Place } from '../store/conversations';
import { t } from '../i18n';
import { installationFrom, kindOf } from './activity';
import type { FeatureContext } from './features';
import type { BotIdentity } from './identity';
import { PostIdSchema } from '../validation';
import { BotRoutes, reply } from './routes';
import { auditFromTeams } from './audit';
import { heldNotice } from './screen';

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
  const root = replyHere && threadOf(replyHere.activity.conversation.id).rootId;
  await features.repositories.posts.create(post, root ? [{ conversationId: target.conversationId, activityId: root }] : []);
  return post;
}

/** The post command and the post card's Action.Execute verbs. */
export function registerPostRoutes(routes: BotRoutes, features: FeatureContext): void {
  const { repositories, engagement } = features;

  // `post <text>`: in a channel or group chat it posts right here; in personal chat it asks where.
  routes.command(BOT_COMMANDS.post, async (identity, { text: body }, context) => {
    if (!body) return reply.card(noticeCard(t(identity.locale, 'card.post.usage')));
    if (kindOf(context.activity) === 'personal') {
      const targets = await postTargets(features, identity);
      return reply.card(composeCard({ locale: identity.locale, body, targets, submit: { type: 'Action.Execute', verb: VERBS.postPublish } }));
    }
    const here = installationFrom(context, identity.tenantId, features.now().toISOString());
    await recordInstallation(repositories.conversations, here);
    // Teams states a channel's type on some activities only: what it said before counts too.
    const stored = await repositories.conversations.get(identity.tenantId, here.conversationId);
    const held = await heldNotice(features, identity, 'post', [body], { body, conversationId: here.conversationId });
    if (held) return reply.card(noticeCard(held));
    await publishPost(features, identity, { body, audience: { channels: [here.conversationId] } }, { ...here, channelType: here.channelType ?? stored?.channelType }, context);
    return reply.done();
  }, { writes: true });

  routes.cardVerb(VERBS.postPublish, PublishData, async (identity, { body, target }) => {
    const conversation = await allowedTarget(features, identity, target);
    const held = await heldNotice(features, identity, 'post', [body], { body, conversationId: conversation.conversationId });
    if (held) return reply.card(noticeCard(held));
    await publishPost(features, identity, { body, audience: { channels: [conversation.conversationId] } }, conversation);
    return reply.card(noticeCard(t(identity.locale, 'card.compose.published', { place: placeLabel(conversation) })));
  }, { writes: true });

  routes.cardVerb(VERBS.postReact, ReactData, async (identity, { postId, reaction }) => {
    const { post, myReaction } = await reactToPost(features.actions, identity, postId, reaction, identity.teamsUserId, features.now());
    if (isAnnouncementPost(post)) {
      return reply.card(await announcementCardWithEngagement(repositories, post, { ...features.announcementView, locale: identity.locale, viewer: identity, myReaction }));
    }
    return reply.card(postCard(post, { locale: identity.locale, myReaction, canEdit: canEditPost(identity, post), reactions: await engagement.reactionSet(identity.tenantId) }));
  }, { writes: true });

  // Teams asks for a personal view when a listed viewer opens the conversation.
  routes.cardVerb(VERBS.postRefresh, PostRef, async (identity, { postId }) => reply.card(await features.personalCard(await visiblePost(engagement, identity, postId), identity)));

  routes.cardVerb(VERBS.postDelete, PostRef, async (identity, { postId }, context) => {
    const post = await visiblePost(engagement, identity, postId);
    assertMayEditPost(identity, post);
    await repositories.kudos.takeBack(post);
    const removed = await repositories.posts.update(identity.tenantId, postId, (p) => removedPost(p, features.now()));
    if (removed) features.refresher.refresh(removed);
    // A moderator removing someone else's post is a moderation act: on the record.
    if (removed && post.authorId !== identity.userId) await auditFromTeams(repositories, context, identity, 'post.remove', { kind: 'post', id: postId }, { authorId: post.authorId });
    return reply.card(removedPostCard(identity.locale));
  }, { writes: true });
}
