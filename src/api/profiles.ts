import type { Server } from 'restify';
import { z } from 'zod';
import { announcementTakesEngagement } from '../domain/announcement-engagement';
import { screenEdit } from '../domain/held';
import type { Identity } from '../domain/identity';
import type { Person } from '../domain/people';
import type { Post } from '../domain/posts';
import { readableBy } from '../domain/post-access';
import { cleanTags, PROFILE_TAG_MAX, PROFILE_TAGS_MAX, profileNotFound, ProfilePorts, readProfile } from '../domain/profiles';
import { knownMembership } from '../store/memberships';
import { contentScreenPorts } from '../store/reports';
import { ApiDependencies, callerOf, postAccess } from './context';
import { handler, jsonBody, parse } from './http';
import { UserIdParam } from './people';
import { postView } from './views';

/** Each entry is checked again by the domain (trimmed, deduplicated); these bounds refuse the absurd before it. */
const Tags = z.array(z.string().max(PROFILE_TAG_MAX * 4)).max(PROFILE_TAGS_MAX * 4);
export const ProfileBodySchema = z
  .object({
    skills: Tags.describe(`"Ask me about": at most ${PROFILE_TAGS_MAX}, each at most ${PROFILE_TAG_MAX} characters once trimmed; searchable`),
    interests: Tags.describe(`At most ${PROFILE_TAGS_MAX}, each at most ${PROFILE_TAG_MAX} characters once trimmed`),
  })
  .strict();

/** What the profile rules read, from the repositories: point reads only. */
export function profilePorts(deps: Pick<ApiDependencies, 'repositories'>): ProfilePorts {
  const { repositories } = deps;
  return {
    people: {
      get: (tenantId, userId) => repositories.people.get(tenantId, userId),
      getMany: (tenantId, userIds) => repositories.people.getMany(tenantId, userIds),
      reportsOf: (tenantId, managerId) => repositories.people.reports.of(tenantId, managerId),
    },
    communities: {
      mine: (tenantId, userId) => repositories.communities.mine(tenantId, userId),
      get: (tenantId, communityId) => repositories.communities.get(tenantId, communityId),
    },
    kudos: {
      stats: (tenantId, userId) => repositories.kudos.stats(tenantId, userId),
      badges: async (tenantId) => (await repositories.kudos.settings(tenantId)).badges,
    },
    // Stored memberships only, as the feed: a profile never asks Teams' roster once per listed chat.
    recentPosts: async (identity: Identity, authorId, limit, scanMax) =>
      (await repositories.posts.timelinePage(identity.tenantId, limit, readableBy({ ...postAccess(deps), membership: knownMembership(repositories.memberships) }, identity, authorId), { authorId, scanMax })).posts,
  };
}

export const ProfileUserParam = z.union([z.literal('me'), UserIdParam]);

/** A person's profile page, and editing my own skills and interests. */
export function registerProfileRoutes(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;
  const ports = profilePorts(deps);

  const profileView = async (identity: Identity, userId: string) => {
    const profile = await readProfile(ports, identity, userId);
    const author = await repositories.people.get(identity.tenantId, profile.person.userId);
    const { communities, recentPosts, ...rest } = profile;
    return {
      ...rest,
      communities: communities.map(({ communityId, ...community }) => ({ id: communityId, ...community })),
      recentPosts: await engagedViews(identity, recentPosts, author),
    };
  };

  /**
   * The recent posts with the reader's part, so the tab can react right there as in the feed:
   * counts by type, their own reaction (a point read a post: PROFILE_POSTS_MAX of them, and
   * the feed's month-bucketed reader is being reworked), and on an announcement asking
   * "I've read this" whether they have.
   */
  async function engagedViews(identity: Identity, posts: Post[], author: Person | undefined) {
    const { tenantId, userId } = identity;
    return Promise.all(posts.map(async (post) => {
      const [myReaction, acknowledgement] = await Promise.all([repositories.engagement.reactionOf(tenantId, post.postId, userId), acknowledgementOf(identity, post)]);
      return { ...postView(post, author), reactionCounts: post.reactionCounts, myReaction, ...(acknowledgement && { acknowledgement }) };
    }));
  }

  async function acknowledgementOf(identity: Identity, post: Post): Promise<{ acknowledged: boolean } | undefined> {
    if (!post.announcementId) return undefined;
    const announcement = await repositories.announcements.get(identity.tenantId, post.announcementId);
    if (!announcement || !announcementTakesEngagement(announcement) || !announcement.extras?.acknowledge) return undefined;
    return { acknowledged: await repositories.acknowledgements.hasAcknowledged(identity.tenantId, post.announcementId, identity.userId) };
  }

  server.get('/api/v1/people/:userId/profile', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    const param = parse(ProfileUserParam, req.params.userId);
    const userId = param === 'me' ? identity.userId : param.toLowerCase();
    return profileView(identity, userId);
  }));

  server.put('/api/v1/me/profile', jsonBody(), handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    const body = parse(ProfileBodySchema, req.body);
    const skills = cleanTags('skills', body.skills);
    const interests = cleanTags('interests', body.interests);
    await screenEdit(contentScreenPorts(repositories), identity, [...skills, ...interests]);
    const saved = await repositories.people.setSkillsAndInterests(identity.tenantId, identity.userId, skills, interests, new Date().toISOString());
    if (!saved) throw profileNotFound();
    logger.info({ tenantId: identity.tenantId, userId: identity.userId, skills: skills.length, interests: interests.length }, 'profile skills saved');
    return { skills: saved.skills ?? [], interests: saved.interests ?? [] };
  }));
}
