import { randomUUID } from 'crypto';
import { postCard } from '../cards/post';
import { addComment, EngagementPorts } from '../domain/engagement';
import type { HeldItem } from '../domain/held';
import { composePost, Post, PostKind } from '../domain/posts';
import { visibilityOfPlace, Visibility } from '../domain/visibility';
import { storeFiledPost } from '../delivery/community-posts';
import type { ApiDependencies } from './context';

/** What a held post or comment carries to be published later (src/bot/screen.ts callers fill it). */
interface HeldPostPayload {
  kind?: PostKind;
  body: string;
  conversationId: string;
  sharedFrom?: Post['sharedFrom'];
  community?: Post['community'];
  visibility?: Visibility;
}
interface HeldCommentPayload {
  postId: string;
  text: string;
  source: 'dialog' | 'thread';
}

/** Held kinds a moderator can publish from the queue in this version. */
export const PUBLISHABLE_HELD_KINDS: ReadonlySet<HeldItem['kind']> = new Set(['post', 'comment']);

/**
 * Publishes an approved held item through the path it was held on, as its author:
 * a post (or discussion, question) into the conversation it was written for; a comment
 * under its post (if the author may still see it). Returns the post whose cards to
 * refresh; false when this kind, or this post's place, cannot be published here.
 */
export async function publishHeld(deps: ApiDependencies, engagement: EngagementPorts, held: HeldItem, now: Date): Promise<Post | false> {
  const { repositories } = deps;
  const person = await repositories.people.get(held.tenantId, held.authorId);
  const author = { tenantId: held.tenantId, userId: held.authorId, roles: [], displayName: person?.displayName ?? '', locale: person?.locale };
  if (held.kind === 'comment') {
    const payload = held.payload as unknown as HeldCommentPayload;
    return (await addComment(engagement, author, payload.postId, payload.text, payload.source, now)).post;
  }
  if (held.kind !== 'post' || !deps.sendCard) return false;
  const payload = held.payload as unknown as HeldPostPayload;
  const conversation = payload.conversationId ? await repositories.conversations.get(held.tenantId, payload.conversationId) : undefined;
  if (!conversation || !conversation.active) return false;
  const post: Post = {
    ...composePost({ kind: payload.kind, body: payload.body, audience: { channels: [conversation.conversationId] }, visibility: payload.visibility ?? visibilityOfPlace(conversation), sharedFrom: payload.sharedFrom }, author, randomUUID(), now),
    ...(payload.community && { community: payload.community }),
  };
  const activityId = await deps.sendCard(conversation, postCard(post, { reactions: await repositories.tenants.reactionSet(held.tenantId) }));
  return storeFiledPost({ repositories }, post, [{ conversationId: conversation.conversationId, activityId }]);
}
