import type { Request, Server } from 'restify';
import { z } from 'zod';
import { COMMENT_MAX_LENGTH, threaded, type Comment, type CommentThread } from '../domain/comments';
import { acknowledgeAnnouncement, commentOnPost, EngagementActionPorts, reactToPost } from '../domain/engagement-actions';
import { visiblePost } from '../domain/post-access';
import { REACTION_TYPE_MAX } from '../domain/reactions';
import { announcementAwarePosts, engagementActionPorts, engagementPorts } from '../store/engagement-ports';
import { PostIdSchema } from '../validation';
import { ApiDependencies, callerOf } from './context';
import { handler, jsonBody, parse } from './http';
import { answerHeld } from './screen';

export const EngagementPostParams = z.object({ id: PostIdSchema });
export const AnnouncementParams = z.object({ id: z.string().uuid('must be an announcement id') });
export const ReactionBodySchema = z.object({ reaction: z.string().min(1).max(REACTION_TYPE_MAX).describe('A reaction type of the tenant\'s set (GET /api/v1/settings/reactions); the one you already gave removes it') }).strict();
export const CommentBodySchema = z
  .object({
    text: z.string().max(COMMENT_MAX_LENGTH * 2).describe(`The comment: 1 to ${COMMENT_MAX_LENGTH} characters once trimmed`),
    replyTo: z.string().uuid('not a comment id').optional().describe('A comment of this post to answer; a reply to a reply attaches to its top-level comment'),
  })
  .strict();
export const CommentsQuery = z
  .object({ page: z.coerce.number().int().min(0).max(100_000).optional().describe('A stored page of the thread (oldest is 0); the newest page when absent') })
  .strict();

export const commentView = (comment: Comment) => ({
  id: comment.commentId,
  author: { userId: comment.authorId, displayName: comment.authorName },
  text: comment.text,
  createdAt: comment.createdAt,
  ...(comment.replyTo && { replyTo: comment.replyTo, replyToName: comment.replyToName }),
});
/** A top-level comment with its replies under it. */
export const threadView = (thread: CommentThread) => ({ ...commentView(thread), replies: thread.replies.map(commentView) });

/** The bot's engagement actions, or (API-only tests, no bot) the same actions over the repositories. */
export function engagementActionsOf(deps: ApiDependencies): EngagementActionPorts {
  const { logger, repositories } = deps;
  return (
    deps.bot?.actions ??
    engagementActionPorts(repositories, {
      engagement: engagementPorts(repositories, announcementAwarePosts(repositories, () => new Date())),
      refresh: (post) => deps.refreshCards?.(post),
      // Without a bot (API-only tests) there is no chat to tell the author in now; a later notice is still held.
      commentNotice: (post, notice) => {
        if (notice.retryAt) repositories.heldNotices.hold(post.tenantId, post.postId, notice.retryAt).catch((err) => logger.warn({ err }, 'could not hold a comment notice'));
      },
      logger,
    })
  );
}

/**
 * Reacting, commenting and acknowledging from the tab's feed (issue 18, item 1): the
 * same actions as the cards' buttons (domain/engagement-actions.ts, through the bot's
 * own ports: one coalescing post writer and one card refresher per process), so a
 * reaction here updates every delivered Teams copy of the card. Every post goes
 * through the one post gate: a post the caller may not see is 404.
 */
export function registerEngagementRoutes(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;
  const actions = engagementActionsOf(deps);

  async function commenter(req: Request) {
    const { identity, person } = await callerOf(deps, req);
    return { ...identity, displayName: person?.displayName ?? identity.userId };
  }

  server.put('/api/v1/posts/:id/reaction', jsonBody(), handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    const { id } = parse(EngagementPostParams, req.params);
    const { reaction } = parse(ReactionBodySchema, req.body);
    const { post, myReaction } = await reactToPost(actions, identity, id, reaction, undefined, new Date());
    return { id: post.postId, reactionCounts: post.reactionCounts, reactionCount: post.reactionCount, myReaction };
  }));

  server.get('/api/v1/posts/:id/comments', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    const { id } = parse(EngagementPostParams, req.params);
    const { page } = parse(CommentsQuery, req.query ?? {});
    // Through the bot's posts, so an announcement's thread is found (its record made on first use, as a card's dialog does).
    const post = await visiblePost(actions.engagement, identity, id);
    const stored = await repositories.engagement.commentPage(identity.tenantId, post.postId, page);
    return { comments: threaded(stored.comments).map(threadView), commentCount: post.commentCount, page: stored.page, ...(stored.page > 0 && { earlierPage: stored.page - 1 }) };
  }));

  server.post('/api/v1/posts/:id/comments', jsonBody(), handler(logger, async (req, res) => {
    const identity = await commenter(req);
    const { id } = parse(EngagementPostParams, req.params);
    const { text, replyTo } = parse(CommentBodySchema, req.body);
    const outcome = await commentOnPost(actions, identity, id, text, 'dialog', new Date(), replyTo?.toLowerCase());
    if ('held' in outcome) return answerHeld(deps, res, identity, outcome.held);
    res.send(201, { comment: commentView(outcome.comment), commentCount: outcome.post.commentCount });
  }));

  server.post('/api/v1/announcements/:id/acknowledge', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    const { id } = parse(AnnouncementParams, req.params);
    const { announcement, first, at } = await acknowledgeAnnouncement(actions, identity, id, { recipientsOnly: true }, new Date());
    if (first) logger.info({ tenantId: identity.tenantId, announcementId: announcement.announcementId }, 'announcement acknowledged');
    return { id: announcement.announcementId, acknowledged: true, first, at };
  }));
}
