import type { Server } from 'restify';
import { z } from 'zod';
import { Community, hasCommunityRole } from '../domain/communities';
import type { Identity } from '../domain/identity';
import * as actions from '../domain/community-actions';
import { assertMayMarkBestAnswer, isUnanswered, withBestAnswer } from '../domain/discussions';
import { DomainError } from '../domain/errors';
import { visiblePost } from '../domain/post-access';
import { isPoll } from '../domain/polls';
import { PostIdSchema } from '../validation';
import { randomUUID } from 'crypto';
import { pollCard } from '../cards/poll';
import { postCard } from '../cards/post';
import { assertMayPostInCommunity, communityVisibility } from '../domain/discussions';
import { POLL_OPTION_MAX, POLL_OPTIONS_MAX, validatePoll } from '../domain/polls';
import { composePost, Post, POST_BODY_MAX } from '../domain/posts';
import { sendToLinkedChannels, storeFiledPost } from '../delivery/community-posts';
import { CommunityParams, communityPorts } from './communities';
import { ApiDependencies, callerOf, postAccess } from './context';
import { handler, jsonBody, parse } from './http';
import { answeredAsHeld } from './screen';
import { feedTokens } from './feed';
import { FEED_SORTS, sortedPage } from './feed-pages';
import { ACTIVE_WINDOW_DAYS } from '../domain/feed';

export const FEED_PAGE = 20;

export const CommunityFeedQuery = z
  .object({
    kind: z.enum(['discussion', 'question', 'poll']).optional().describe('Only this kind of post'),
    unanswered: z.enum(['true', 'false']).optional().describe('With kind=question: only questions without a best answer'),
    continuationToken: z.string().min(1).max(600).optional().describe('From the previous page: the next page starts right after its last post (a token of one sort is refused on the other)'),
    sort: z.enum(FEED_SORTS).default('newest').describe(`active: the last ${ACTIVE_WINDOW_DAYS} days' posts ranked by reactions and comments`),
  })
  .strict();
export const NewCommunityPostSchema = z
  .object({
    kind: z.enum(['discussion', 'question', 'poll']),
    text: z.string().max(POST_BODY_MAX).describe('The discussion, the question, or the poll\'s question'),
    options: z.array(z.string().max(POLL_OPTION_MAX)).max(POLL_OPTIONS_MAX + 1).optional().describe('Polls: 2 to 10 options'),
    multiple: z.boolean().optional(),
    anonymous: z.boolean().optional(),
    hideResults: z.boolean().optional().describe('Polls: results only for those who voted, until it closes'),
    closesAt: z.string().datetime().optional().describe('Polls: when it stops taking votes'),
  })
  .strict();
export const BestAnswerParams = z.object({ id: PostIdSchema }).strict();
export const BestAnswerSchema = z.object({ commentId: z.string().uuid('not a comment id') }).strict();

/** A post of a community's feed, for the tab. */
export function communityPostView(post: Post) {
  return {
    id: post.postId,
    kind: post.kind,
    title: post.title,
    body: post.body,
    author: { userId: post.authorId, displayName: post.authorName },
    createdAt: post.createdAt,
    reactionCount: post.reactionCount,
    commentCount: post.commentCount,
    latestComments: post.latestComments,
    ...(post.bestAnswer && { bestAnswer: { commentId: post.bestAnswer.commentId, authorName: post.bestAnswer.authorName, text: post.bestAnswer.text } }),
    ...(isPoll(post) && { poll: { options: post.poll.options, multiple: post.poll.multiple, anonymous: post.poll.anonymous, hideResults: Boolean(post.poll.hideResults), closesAt: post.poll.closesAt, closedAt: post.poll.closedAt } }),
  };
}

/** A community's feed (members only when closed or secret) and the best answers of questions. */
export function registerCommunityPostRoutes(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;
  const ports = communityPorts(repositories);
  const tokens = feedTokens(repositories);

  server.get('/api/v1/communities/:id/feed', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    const { id } = parse(CommunityParams, req.params);
    const query = parse(CommunityFeedQuery, req.query ?? {});
    await actions.readableCommunity(ports, identity, id);
    // "newest" keeps the older filter name, so its tokens stay valid; a ranking's tokens name their sort.
    const filterName = `community:${id}|${query.kind ?? ''}|${query.unanswered ?? ''}${query.sort === 'active' ? '|active' : ''}`;
    const after = query.continuationToken ? await tokens.decode(identity.tenantId, filterName, query.continuationToken) : undefined;
    // Membership was checked above: every post filed here is for the community's readers.
    const page = await sortedPage(repositories.posts, query.sort, identity.tenantId, FEED_PAGE, (_entry, load) => load(), {
      communityId: id,
      kind: query.kind,
      ...(query.unanswered === 'true' && { keep: isUnanswered }),
    }, after);
    const next = page.next && (await tokens.encode(identity.tenantId, filterName, page.next));
    return { posts: page.posts.map(communityPostView), ...(next && { continuationToken: next }) };
  }));

  // Started from the tab: filed under the community and posted as a card in each of its linked channels.
  server.post('/api/v1/communities/:id/posts', jsonBody(), handler(logger, async (req, res) => {
    const { identity, person } = await callerOf(deps, req);
    const { id } = parse(CommunityParams, req.params);
    const input = parse(NewCommunityPostSchema, req.body);
    const author = { ...identity, displayName: person?.displayName ?? identity.userId };
    const { post, community } = await composeCommunityPost(deps, author, id, input, new Date());
    const texts = isPoll(post) ? [post.body, ...post.poll.options.map((o) => o.label)] : [post.body];
    if (await answeredAsHeld(deps, res, identity, isPoll(post) ? 'poll' : 'post', texts, { ...input, communityId: id })) return undefined;
    const stored = await deliverCommunityPost(deps, community, post);
    logger.info({ tenantId: identity.tenantId, communityId: id, postId: stored.postId, kind: stored.kind, copies: stored.deliveredTo.length }, 'community post started from the tab');
    return communityPostView(stored);
  }, 201));

  // The asker (or a moderator) marks one reply as the best answer; every copy of the card shows it.
  server.post('/api/v1/posts/:id/best-answer', jsonBody(), handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    const { id } = parse(BestAnswerParams, req.params);
    const { commentId } = parse(BestAnswerSchema, req.body);
    const post = await visiblePost(postAccess(deps), identity, id);
    const membership = post.community ? await repositories.communities.membership(identity.tenantId, post.community.communityId, identity.userId) : undefined;
    assertMayMarkBestAnswer(post, identity, membership);
    const comment = await repositories.engagement.findComment(identity.tenantId, id, commentId);
    if (!comment) throw new DomainError('bad_request', 'no such reply', 'error.question.noComment');
    const updated = await repositories.posts.update(identity.tenantId, id, (p) => withBestAnswer(p, comment, identity.userId, new Date()));
    if (!updated) throw new DomainError('not_found', 'post not found', 'error.post.notFound');
    deps.refreshCards?.(updated);
    logger.info({ tenantId: identity.tenantId, postId: id, moderator: hasCommunityRole(membership, 'moderator') }, 'best answer marked');
    return communityPostView(updated);
  }));
}

/** A post started in a community from the tab, checked (membership, poll rules) and composed; nothing is stored. */
export async function composeCommunityPost(deps: ApiDependencies, author: Identity & { displayName: string }, communityId: string, input: z.infer<typeof NewCommunityPostSchema>, now: Date): Promise<{ post: Post; community: Community }> {
  const { community, membership } = await actions.readableCommunity(communityPorts(deps.repositories), author, communityId);
  assertMayPostInCommunity(community, membership);
  const filed = { community: { communityId: community.communityId, name: community.name } };
  if (input.kind === 'poll') {
    const { question, poll } = validatePoll({ question: input.text, options: input.options ?? [], multiple: input.multiple, anonymous: input.anonymous, hideResults: input.hideResults, closesAt: input.closesAt }, now);
    return { post: { ...composePost({ kind: 'poll', body: question, audience: {}, visibility: communityVisibility(communityId) }, author, randomUUID(), now), poll, ...filed }, community };
  }
  return { post: { ...composePost({ kind: input.kind, body: input.text, audience: {}, visibility: communityVisibility(communityId) }, author, randomUUID(), now), ...filed }, community };
}

/** Posts its card in each of the community's linked channels and stores it filed under the community. */
export async function deliverCommunityPost(deps: ApiDependencies, community: Community, post: Post): Promise<Post> {
  const { repositories, logger } = deps;
  const card = isPoll(post) ? pollCard(post, { counts: {}, voters: 0 }, { now: new Date(post.createdAt) }) : postCard(post, { reactions: await repositories.tenants.reactionSet(post.tenantId) });
  const sendCard = deps.sendCard ?? (async () => '');
  const deliveries = await sendToLinkedChannels({ repositories, sendCard, logger }, community, card);
  return storeFiledPost({ repositories }, post, deliveries);
}
