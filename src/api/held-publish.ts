import { randomUUID } from 'crypto';
import { pollCard } from '../cards/poll';
import { postCard } from '../cards/post';
import { isPoll, PollDetails } from '../domain/polls';
import { addComment, EngagementPorts } from '../domain/engagement';
import type { HeldItem } from '../domain/held';
import { composePost, Post, PostKind } from '../domain/posts';
import { visibilityOfPlace, Visibility } from '../domain/visibility';
import { sendToLinkedChannels, storeFiledPost } from '../delivery/community-posts';
import { publishHeldKudos } from './held-kudos';
import type { ApiDependencies } from './context';
import { communityPorts } from './communities';
import { composeCommunityPost, deliverCommunityPost } from './community-posts';
import { createCommunity } from '../domain/community-actions';
import type { NewCommunity } from '../domain/communities';

/** What a held post or comment carries to be published later (src/bot/screen.ts callers fill it). */
interface HeldPostPayload {
  kind?: PostKind;
  body: string;
  conversationId: string;
  sharedFrom?: Post['sharedFrom'];
  community?: Post['community'];
  visibility?: Visibility;
}
/** A held poll: its checked question and options (validatePoll's output). */
interface HeldPollPayload {
  question: string;
  poll: PollDetails;
}
interface HeldCommentPayload {
  postId: string;
  text: string;
  source: 'dialog' | 'thread';
  replyTo?: string;
}

/** Held kinds a moderator can publish from the queue in this version. */
export const PUBLISHABLE_HELD_KINDS: ReadonlySet<HeldItem['kind']> = new Set(['post', 'poll', 'comment', 'community', 'kudos']);

/**
 * Publishes an approved held item through the path it was held on, as its author:
 * a post (or discussion, question, poll) into the conversation it was written for, and,
 * when that is a channel linked to a community, into the community's other linked
 * channels as a non-held one goes; a comment under its post (if the author may still
 * see it); a community, created as they asked; a kudos as the bot would have sent it.
 * Returns the post whose cards to refresh (undefined: none); false when this kind, or
 * this post's place, cannot be published here.
 */
export async function publishHeld(deps: ApiDependencies, engagement: EngagementPorts, held: HeldItem, now: Date): Promise<Post | undefined | false> {
  const { repositories } = deps;
  const person = await repositories.people.get(held.tenantId, held.authorId);
  const author = { tenantId: held.tenantId, userId: held.authorId, roles: [], displayName: person?.displayName ?? '', locale: person?.locale };
  if (held.kind === 'community') {
    // Created as the author asked (a name taken meanwhile is refused as on creation, and it stays queued).
    await createCommunity(communityPorts(repositories), author, held.payload as unknown as NewCommunity, now);
    return undefined;
  }
  if (held.kind === 'kudos') return publishHeldKudos(deps, held, now);
  if (held.kind === 'comment') {
    const payload = held.payload as unknown as HeldCommentPayload;
    return (await addComment(engagement, author, payload.postId, payload.text, payload.source, now, payload.replyTo)).post;
  }
  if ((held.kind === 'post' || held.kind === 'poll') && typeof held.payload.communityId === 'string') {
    // Started in a community from the tab: checked again as its author (still a member?) and filed as then.
    const { communityId, ...input } = held.payload as Record<string, unknown>;
    const { post, community } = await composeCommunityPost(deps, author, communityId as string, input as unknown as Parameters<typeof composeCommunityPost>[3], now);
    return deliverCommunityPost(deps, community, post);
  }
  if ((held.kind !== 'post' && held.kind !== 'poll') || !deps.sendCard) return false;
  const payload = held.payload as unknown as HeldPostPayload & Partial<HeldPollPayload>;
  const conversation = payload.conversationId ? await repositories.conversations.get(held.tenantId, payload.conversationId) : undefined;
  if (!conversation || !conversation.active) return false;
  const kind = held.kind === 'poll' ? 'poll' : payload.kind;
  const body = held.kind === 'poll' ? payload.question ?? '' : payload.body;
  const post: Post = {
    ...composePost({ kind, body, audience: { channels: [conversation.conversationId] }, visibility: payload.visibility ?? visibilityOfPlace(conversation), sharedFrom: payload.sharedFrom }, author, randomUUID(), now),
    ...(payload.community && { community: payload.community }),
    ...(held.kind === 'poll' && payload.poll && { poll: payload.poll }),
  };
  const card = isPoll(post) ? pollCard(post, { counts: {}, voters: 0 }, { now }) : postCard(post, { reactions: await repositories.tenants.reactionSet(held.tenantId) });
  const send = deps.sendCard;
  const here = { conversationId: conversation.conversationId, activityId: await send(conversation, card) };
  const community = payload.community && (await repositories.communities.get(held.tenantId, payload.community.communityId));
  const elsewhere = community ? await sendToLinkedChannels({ repositories, sendCard: send, logger: deps.logger }, community, card, conversation.conversationId) : [];
  return storeFiledPost({ repositories }, post, [here, ...elsewhere]);
}
