import type { Server } from 'restify';
import { z } from 'zod';
import { DIGEST_FREQUENCIES } from '../domain/digests';
import { Follow, followableTarget, FollowPorts, FOLLOW_KINDS } from '../domain/follows';
import { visiblePost } from '../domain/post-access';
import { DigestFanout } from '../delivery/digests';
import { ApiDependencies, callerOf, postAccess } from './context';
import { handler, jsonBody, parse } from './http';

export const FollowParams = z
  .object({
    kind: z.enum(FOLLOW_KINDS).describe('What is followed: a person (their user id), a community (its id) or a thread (a post id)'),
    id: z.string().min(1).max(100).regex(/^[A-Za-z0-9-]+$/, 'not an id'),
  })
  .strict();
export const DigestSettingsSchema = z
  .object({
    frequency: z.enum(DIGEST_FREQUENCIES).optional().describe('Activity digests of what you follow: at most one an hour, one a day, or none'),
    weekly: z.boolean().optional().describe('The weekly digest of top posts and kudos of your communities and the people you follow'),
  })
  .strict()
  .refine((body) => body.frequency !== undefined || body.weekly !== undefined, 'give frequency, weekly or both');

export const followView = (follow: Follow) => ({ kind: follow.kind, id: follow.id, name: follow.name, since: follow.since });

export function digestFanoutOf(deps: ApiDependencies): DigestFanout {
  return deps.digests ?? new DigestFanout({ follows: deps.repositories.follows, heldNotices: deps.repositories.heldNotices, logger: deps.logger });
}

export function followPorts(deps: ApiDependencies): FollowPorts {
  const { repositories } = deps;
  return {
    community: async (tenantId, communityId, userId) => {
      const [community, membership] = await Promise.all([repositories.communities.get(tenantId, communityId), repositories.communities.membership(tenantId, communityId, userId)]);
      return { community, membership };
    },
    visiblePost: (identity, postId) => visiblePost(postAccess(deps), identity, postId),
    personName: async (tenantId, userId) => (await repositories.people.get(tenantId, userId))?.displayName,
  };
}

/** What the caller follows, follow and unfollow (idempotent), and their digest settings. */
export function registerFollowRoutes(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;
  const ports = followPorts(deps);
  const digests = digestFanoutOf(deps);

  server.get('/api/v1/me/follows', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    return { follows: (await repositories.follows.follows(identity.tenantId, identity.userId)).map(followView) };
  }));

  server.put('/api/v1/me/follows/:kind/:id', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    const target = parse(FollowParams, req.params);
    const { name } = await followableTarget(ports, identity, target);
    const id = target.kind === 'person' ? target.id.toLowerCase() : target.id;
    const follow = await repositories.follows.follow(identity.tenantId, identity.userId, { kind: target.kind, id, name, since: new Date().toISOString() });
    await digests.scheduleWeekly(identity.tenantId, identity.userId, await repositories.follows.digestSettings(identity.tenantId, identity.userId));
    return followView(follow);
  }));

  // Unfollowing needs no visibility check: what you no longer see you may still stop following.
  server.del('/api/v1/me/follows/:kind/:id', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    const target = parse(FollowParams, req.params);
    const removed = await repositories.follows.unfollow(identity.tenantId, identity.userId, target);
    return { following: false, removed };
  }));

  server.get('/api/v1/me/digest', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    return repositories.follows.digestSettings(identity.tenantId, identity.userId);
  }));

  server.put('/api/v1/me/digest', jsonBody(), handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    const body = parse(DigestSettingsSchema, req.body);
    const saved = await repositories.follows.setDigestSettings(identity.tenantId, identity.userId, body, new Date().toISOString());
    await digests.settingsChanged(identity.tenantId, identity.userId, saved);
    logger.info({ tenantId: identity.tenantId, frequency: saved.frequency, weekly: saved.weekly }, 'digest settings changed');
    return saved;
  }));
}
