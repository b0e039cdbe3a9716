import type { Server } from 'restify';
import { z } from 'zod';
import {
  COMMUNITY_DESCRIPTION_MAX,
  COMMUNITY_NAME_MAX,
  COMMUNITY_ROLES,
  Community,
  CommunityMembership,
  COVER_COLOURS,
  hasCommunityRole,
  mayRead,
  nameKey,
  PRIVACIES,
  standingOf,
} from '../domain/communities';
import * as actions from '../domain/community-actions';
import { hasRole, Identity } from '../domain/identity';
import { DomainError } from '../domain/errors';
import type { Repositories } from '../store';
import { mapBounded } from '../bounded';
import { ApiDependencies, callerOf } from './context';
import { handler, jsonBody, parse } from './http';
import { answeredAsHeld } from './screen';

export const COMMUNITY_PAGE_SIZE = 20;
export const MEMBER_PAGE_SIZE = 50;
const Id = z.string().uuid('not a community id');
const UserId = z.string().min(1).max(100).regex(/^[A-Za-z0-9-]+$/, 'not a user id');
/** An offset into the list, as the previous page's `continuationToken` gave it. */
const Continuation = z.string().regex(/^\d{1,6}$/, 'not a continuation token').describe('The `continuationToken` of the previous page');

export const CommunityParams = z.object({ id: Id }).strict();
export const MemberParams = z.object({ id: Id, userId: UserId }).strict();
export const NewCommunitySchema = z
  .object({
    name: z.string().trim().min(1).max(COMMUNITY_NAME_MAX),
    description: z.string().max(COMMUNITY_DESCRIPTION_MAX).optional(),
    emoji: z.string().min(1).max(32).optional(),
    colour: z.enum(COVER_COLOURS).optional(),
    privacy: z.enum(PRIVACIES).describe('open: anyone joins; closed: join on request, approved by an owner or moderator; secret: invitation only, invisible to non-members'),
  })
  .strict();
export const DiscoverQuerySchema = z.object({ q: z.string().trim().max(COMMUNITY_NAME_MAX).optional().describe('Words in the name or description'), continuationToken: Continuation.optional() }).strict();
export const PageQuerySchema = z.object({ continuationToken: Continuation.optional() }).strict();
export const AddMemberSchema = z.object({ userId: UserId }).strict();
export const RoleSchema = z.object({ role: z.enum(COMMUNITY_ROLES) }).strict();

export const COVER_HEX: Record<(typeof COVER_COLOURS)[number], string> = {
  blue: '#0F6CBD', teal: '#00777B', green: '#107C10', purple: '#5C2E91', pink: '#AD006A', red: '#C50F1F', orange: '#BC4B09', yellow: '#817400', grey: '#616161',
};

/** A community as the caller may see it: content fields only for those who may read it. */
export function communityView(community: Community, identity: Identity, membership?: CommunityMembership) {
  const readable = mayRead(community, identity, membership);
  return {
    id: community.communityId,
    name: community.name,
    description: community.description,
    emoji: community.emoji,
    colour: community.colour,
    hex: COVER_HEX[community.colour] ?? COVER_HEX.blue,
    privacy: community.privacy,
    archived: community.archived,
    memberCount: community.memberCount,
    createdAt: community.createdAt,
    lastActivityAt: community.lastActivityAt,
    myStanding: standingOf(membership),
    canRead: readable,
    canModerate: hasCommunityRole(membership, 'moderator') || hasRole(identity, 'admin'),
    isOwner: hasCommunityRole(membership, 'owner') || hasRole(identity, 'admin'),
    ...(readable && { linkedChannelCount: community.linkedChannels.length }),
  };
}

/** The repositories as the community rules see them. */
export function communityPorts(repositories: Pick<Repositories, 'communities' | 'people'>): actions.CommunityPorts {
  return { communities: repositories.communities, personName: async (tenantId, userId) => (await repositories.people.get(tenantId, userId))?.displayName };
}

const pageOf = <T>(items: T[], token: string | undefined, size: number) => {
  const start = Number(token ?? 0);
  const next = start + size < items.length ? String(start + size) : undefined;
  return { items: items.slice(start, start + size), ...(next && { continuationToken: next }) };
};

/** Communities: discovery, mine, one community's about and members, and what owners and moderators do. */
export function registerCommunityRoutes(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;
  const ports = communityPorts(repositories);
  const { communities } = repositories;
  const now = () => new Date();
  const caller = async (req: Parameters<typeof callerOf>[1]) => {
    const { identity, person } = await callerOf(deps, req);
    return { ...identity, displayName: person?.displayName ?? identity.userId };
  };
  const viewsOf = async (identity: Identity, ids: string[]) => {
    const read = await mapBounded(ids, 8, async (id) => actions.communityFor(ports, identity, id));
    return read.filter((r) => r.community && actions.listedFor(identity, r.community, r.membership)).map((r) => communityView(r.community!, identity, r.membership));
  };

  server.post('/api/v1/communities', jsonBody(), handler(logger, async (req, res) => {
    const identity = await caller(req);
    const input = parse(NewCommunitySchema, req.body);
    if (await answeredAsHeld(deps, res, identity, 'community', [input.name, input.description], { ...input })) return undefined;
    const { community, membership } = await actions.createCommunity(ports, identity, input, now());
    logger.info({ tenantId: identity.tenantId, communityId: community.communityId, privacy: community.privacy }, 'community created');
    return communityView(community, identity, membership);
  }, 201));

  // Discovery: every community the caller may know of, newest first; secret ones only to their members.
  server.get('/api/v1/communities', handler(logger, async (req) => {
    const identity = await caller(req);
    const query = parse(DiscoverQuerySchema, req.query ?? {});
    const [entries, mine] = await Promise.all([communities.directory.all(identity.tenantId), communities.mine(identity.tenantId, identity.userId)]);
    const memberOf = new Set(mine.filter((m) => m.status === 'member').map((m) => m.communityId));
    const words = query.q ? nameKey(query.q).split(' ').filter(Boolean) : [];
    let candidates = entries.filter((e) => e.privacy !== 'secret' || memberOf.has(e.communityId));
    if (words.length) {
      // Names from the directory; descriptions from each community's own document (point reads).
      const matched = await mapBounded(candidates, 8, async (entry) => {
        const name = nameKey(entry.name);
        if (words.every((w) => name.includes(w))) return true;
        const text = nameKey(`${entry.name} ${(await communities.get(identity.tenantId, entry.communityId))?.description ?? ''}`);
        return words.every((w) => text.includes(w));
      });
      candidates = candidates.filter((_, i) => matched[i]);
    }
    const page = pageOf(candidates, query.continuationToken, COMMUNITY_PAGE_SIZE);
    return { communities: await viewsOf(identity, page.items.map((e) => e.communityId)), ...(page.continuationToken && { continuationToken: page.continuationToken }) };
  }));

  server.get('/api/v1/communities/mine', handler(logger, async (req) => {
    const identity = await caller(req);
    const mine = await communities.mine(identity.tenantId, identity.userId);
    return { communities: await viewsOf(identity, mine.map((m) => m.communityId)) };
  }));

  server.get('/api/v1/communities/:id', handler(logger, async (req) => {
    const identity = await caller(req);
    const { id } = parse(CommunityParams, req.params);
    const { community, membership } = await actions.knownCommunity(ports, identity, id);
    return communityView(community, identity, membership);
  }));

  server.get('/api/v1/communities/:id/members', handler(logger, async (req) => {
    const identity = await caller(req);
    const { id } = parse(CommunityParams, req.params);
    const query = parse(PageQuerySchema, req.query ?? {});
    await actions.readableCommunity(ports, identity, id);
    const page = pageOf(await communities.members.list(identity.tenantId, id), query.continuationToken, MEMBER_PAGE_SIZE);
    return { members: page.items, ...(page.continuationToken && { continuationToken: page.continuationToken }) };
  }));

  server.post('/api/v1/communities/:id/join', handler(logger, async (req) => {
    const identity = await caller(req);
    const { id } = parse(CommunityParams, req.params);
    const { community, membership } = await actions.joinCommunity(ports, identity, id, now());
    const updated = (await communities.get(identity.tenantId, id)) ?? community;
    return communityView(updated, identity, membership);
  }));

  server.post('/api/v1/communities/:id/leave', handler(logger, async (req) => {
    const identity = await caller(req);
    const { id } = parse(CommunityParams, req.params);
    await actions.leaveCommunity(ports, identity, id);
    const { community, membership } = await actions.communityFor(ports, identity, id);
    // Leaving a secret community: it is gone for this person.
    return community && actions.listedFor(identity, community, membership) ? communityView(community, identity, membership) : { id, left: true };
  }));

  server.get('/api/v1/communities/:id/requests', handler(logger, async (req) => {
    const identity = await caller(req);
    const { id } = parse(CommunityParams, req.params);
    const { community, membership } = await actions.knownCommunity(ports, identity, id);
    if (!(hasCommunityRole(membership, 'moderator') || hasRole(identity, 'admin'))) throw new DomainError('forbidden', 'owners and moderators only', 'error.community.notModerator');
    return { communityId: community.communityId, requests: await communities.members.requests(identity.tenantId, id) };
  }));

  server.post('/api/v1/communities/:id/requests/:userId/approve', handler(logger, async (req) => {
    const identity = await caller(req);
    const { id, userId } = parse(MemberParams, req.params);
    return { member: await actions.approveRequest(ports, identity, id, userId, now()) };
  }));

  server.post('/api/v1/communities/:id/requests/:userId/decline', handler(logger, async (req) => {
    const identity = await caller(req);
    const { id, userId } = parse(MemberParams, req.params);
    await actions.declineRequest(ports, identity, id, userId);
    return { declined: userId.toLowerCase() };
  }));

  server.post('/api/v1/communities/:id/members', jsonBody(), handler(logger, async (req) => {
    const identity = await caller(req);
    const { id } = parse(CommunityParams, req.params);
    const { userId } = parse(AddMemberSchema, req.body);
    return { member: await actions.addMember(ports, identity, id, userId, now()) };
  }, 201));

  server.put('/api/v1/communities/:id/members/:userId', jsonBody(), handler(logger, async (req) => {
    const identity = await caller(req);
    const { id, userId } = parse(MemberParams, req.params);
    const { role } = parse(RoleSchema, req.body);
    return { member: await actions.changeRole(ports, identity, id, userId, role) };
  }));

  server.del('/api/v1/communities/:id/members/:userId', handler(logger, async (req) => {
    const identity = await caller(req);
    const { id, userId } = parse(MemberParams, req.params);
    await actions.removeMember(ports, identity, id, userId);
    return { removed: userId.toLowerCase() };
  }));

  server.post('/api/v1/communities/:id/archive', handler(logger, async (req) => {
    const identity = await caller(req);
    const { id } = parse(CommunityParams, req.params);
    const archived = await actions.archiveCommunity(ports, identity, id, now());
    logger.info({ tenantId: identity.tenantId, communityId: id }, 'community archived');
    const membership = await communities.membership(identity.tenantId, id, identity.userId);
    return communityView(archived, identity, membership);
  }));
}
