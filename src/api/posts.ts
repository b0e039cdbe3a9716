import type { Server } from 'restify';
import { z } from 'zod';
import { repairReactionCounts } from '../domain/engagement';
import { DomainError } from '../domain/errors';
import { requireRole } from '../domain/identity';
import { visiblePost } from '../domain/post-access';
import { ApiDependencies, audit, callerOf, postAccess } from './context';
import { handler, parse } from './http';
import { PostIdSchema } from '../validation';

export const PostParams = z.object({ id: PostIdSchema });

/** Maintenance on posts for admins and moderators. */
export function registerPostRoutes(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;

  // Recounts reactions from each person's stored reaction, after a crash between the
  // two writes of a reaction. Run it when the post is quiet: clicks that land while it
  // counts may be missed until the next repair.
  server.post('/api/v1/posts/:id/repair', handler(logger, async (req, res) => {
    const { identity } = await callerOf(deps, req);
    requireRole(identity, 'moderator');
    const { id } = parse(PostParams, req.params);
    // A moderator who may not see the post (a chat they are not in) is told it does not exist.
    await visiblePost(postAccess(deps), identity, id);
    const post = await repairReactionCounts(repositories, identity.tenantId, id);
    if (!post) throw new DomainError('not_found', 'post not found', 'error.post.notFound');
    await audit(deps, req, identity, 'post.repair', { kind: 'post', id }, { reactionCount: post.reactionCount });
    logger.info({ tenantId: identity.tenantId, postId: id }, 'reaction counts repaired');
    return { id, reactionCounts: post.reactionCounts, reactionCount: post.reactionCount };
  }));
}
