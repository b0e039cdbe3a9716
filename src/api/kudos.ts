import type { Server } from 'restify';
import { z } from 'zod';
import { BADGE_COLOUR_NAMES, BADGE_COLOURS, Badge } from '../domain/badges';
import { DomainError } from '../domain/errors';
import { hasRole, requireRole } from '../domain/identity';
import { isKudos, KudosPost, SEND_POLICIES, validateKudosSettings, WEEKLY_ALLOWANCE_MAX } from '../domain/kudos';
import { isPeriodKey, periodKey, PERIOD_KINDS } from '../domain/kudos-periods';
import { mayReadPost } from '../domain/post-access';
import { knownMembership } from '../store/memberships';
import { boardScope } from '../store/kudos-boards';
import { WALL_SCOPES } from '../store/kudos-walls';
import { kudosCard } from '../cards/kudos';
import { ApiDependencies, audit, callerOf, postAccess } from './context';
import { handler, jsonBody, parse } from './http';

export const KUDOS_PAGE_SIZE = 20;
export const LEADERBOARD_SIZE = 25;
const Department = z.string().trim().min(1).max(100);
const Before = z.string().datetime({ offset: false }).describe('Kudos older than this (the `next` of the previous page)');
const UserId = z.string().min(1).max(100).regex(/^[A-Za-z0-9-]+$/, 'not a user id');

export const WallQuerySchema = z
  .object({
    scope: z.enum(['tenant', 'team', 'department']).default('tenant').describe('Everyone, my team (my manager\'s reports and mine), or a department (mine unless `department` is given)'),
    department: Department.optional(),
    before: Before.optional(),
  })
  .strict();

export const MineQuerySchema = z.object({ direction: z.enum(['received', 'given']).default('received'), before: Before.optional() }).strict();

export const LeaderboardQuerySchema = z
  .object({
    period: z.enum(PERIOD_KINDS).default('month'),
    key: z.string().max(10).optional().describe('2026-W49, 2026-12 or 2026-Q4; the current period when absent'),
    badge: z.string().min(1).max(30).optional(),
    department: Department.optional(),
  })
  .strict();

const BadgeSchema = z.object({ id: z.string().max(40), name: z.string().max(60), emoji: z.string().max(32), colour: z.enum(BADGE_COLOUR_NAMES as [string, ...string[]]) }).strict();
export const KudosSettingsSchema = z
  .object({
    sendPolicy: z.enum(SEND_POLICIES),
    weeklyAllowance: z.number().int().min(1).max(WEEKLY_ALLOWANCE_MAX).nullable(),
    notifyManagers: z.boolean(),
    badges: z.array(BadgeSchema).min(1).max(20),
  })
  .strict();
export const PersonParams = z.object({ userId: UserId }).strict();
/** What became of kudos notices in the tenant (GET /api/v1/kudos/notices, admins). */
export const KudosNoticeTallySchema = z
  .object({
    sent: z.number().int().describe('Personal-chat messages sent (each may name several kudos)'),
    unreachable: z.number().int().describe('Messages not sent because Commons cannot reach the person (no personal installation)'),
    failed: z.number().int().describe('Messages Teams refused, or that failed every try'),
    recentUnreachable: z.array(z.object({ userId: z.string(), displayName: z.string().optional(), at: z.string().datetime() })).describe('The latest people who could not be told, newest first'),
  })
  .strict();

const badgeView = (badge: Badge) => ({ ...badge, hex: BADGE_COLOURS[badge.colour]?.hex ?? BADGE_COLOURS.blue.hex });

export function kudosView(post: KudosPost, locale?: string) {
  return {
    id: post.postId,
    badge: badgeView(post.kudos.badge),
    recipients: post.kudos.recipients.map(({ userId, displayName, department }) => ({ userId, displayName, department })),
    sender: { userId: post.authorId, displayName: post.authorName },
    message: post.body,
    createdAt: post.createdAt,
    private: post.kudos.private,
    joiners: post.kudos.joiners.map(({ userId, displayName }) => ({ userId, displayName })),
    reactionCount: post.reactionCount,
    commentCount: post.commentCount,
    /** The same card Teams shows, for previews. */
    card: kudosCard(post, { locale }),
  };
}

/** The Kudos tab: walls, my kudos, leaderboards, badges on people, and the admins' policy. */
export function registerKudosRoutes(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;
  const { kudos } = repositories;

  /** A page of a wall: each post read by id and shown only if this reader may see it (stored memberships only). */
  async function wallPage(identity: Awaited<ReturnType<typeof callerOf>>['identity'], scopes: string[], before?: string) {
    const access = { ...postAccess(deps), membership: knownMembership(repositories.memberships) };
    const shown = new Map<string, KudosPost>();
    const page = await kudos.walls.page(identity.tenantId, scopes, KUDOS_PAGE_SIZE, async (entry) => {
      const post = await repositories.posts.get(identity.tenantId, entry.postId);
      if (!post || post.state !== 'published' || !isKudos(post) || !(await mayReadPost(access, identity, post))) return false;
      shown.set(post.postId, post);
      return true;
    }, before);
    return { kudos: page.entries.map((e) => kudosView(shown.get(e.postId)!, identity.locale)), ...(page.next && { next: page.next }) };
  }

  server.get('/api/v1/kudos/wall', handler(logger, async (req) => {
    const { identity, person } = await callerOf(deps, req);
    const query = parse(WallQuerySchema, req.query ?? {});
    let scopes = [WALL_SCOPES.tenant()];
    if (query.scope === 'team') scopes = [WALL_SCOPES.team(identity.userId), ...(person?.managerId ? [WALL_SCOPES.team(person.managerId)] : [])];
    if (query.scope === 'department') {
      const department = query.department ?? person?.department;
      if (!department) return { kudos: [] };
      scopes = [WALL_SCOPES.department(department)];
    }
    return wallPage(identity, scopes, query.before);
  }));

  server.get('/api/v1/kudos/mine', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    const query = parse(MineQuerySchema, req.query ?? {});
    const scope = query.direction === 'received' ? WALL_SCOPES.received(identity.userId) : WALL_SCOPES.given(identity.userId);
    return { ...(await wallPage(identity, [scope], query.before)), stats: await kudos.stats(identity.tenantId, identity.userId) };
  }));

  server.get('/api/v1/kudos/leaderboard', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    const query = parse(LeaderboardQuerySchema, req.query ?? {});
    const key = query.key ?? periodKey(query.period, new Date());
    if (!isPeriodKey(query.period, key)) throw new DomainError('bad_request', `key: not a ${query.period} such as ${periodKey(query.period, new Date())}`);
    const settings = await kudos.settings(identity.tenantId);
    if (query.badge && !settings.badges.some((b) => b.id === query.badge)) throw new DomainError('bad_request', `unknown badge "${query.badge}"`);
    const entries = await kudos.boards.read(identity.tenantId, key, boardScope(query.badge), { department: query.department, limit: LEADERBOARD_SIZE });
    return { period: query.period, key, badge: query.badge, department: query.department, entries: entries.map((e, i) => ({ rank: i + 1, ...e })) };
  }));

  // Badges on people: what a colleague was recognised for.
  server.get('/api/v1/kudos/people/:userId', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    const { userId } = parse(PersonParams, req.params);
    const person = await repositories.people.get(identity.tenantId, userId.toLowerCase());
    if (!person) throw new DomainError('not_found', 'no such person');
    const settings = await kudos.settings(identity.tenantId);
    const stats = await kudos.stats(identity.tenantId, person.userId);
    const badges = settings.badges.filter((b) => stats.received[b.id]).map((b) => ({ ...badgeView(b), count: stats.received[b.id] }));
    return { userId: person.userId, displayName: person.displayName, receivedTotal: stats.receivedTotal, given: stats.given, badges };
  }));

  server.get('/api/v1/kudos/settings', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    const settings = await kudos.settings(identity.tenantId);
    return { ...settings, badges: settings.badges.map(badgeView), canEdit: hasRole(identity, 'admin'), colours: BADGE_COLOUR_NAMES.map((name) => ({ name, hex: BADGE_COLOURS[name].hex })) };
  }));

  server.get('/api/v1/kudos/notices', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    requireRole(identity, 'admin');
    return KudosNoticeTallySchema.parse(await deps.repositories.kudosNotices.tally(identity.tenantId));
  }));

  server.put('/api/v1/kudos/settings', jsonBody(), handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    requireRole(identity, 'admin');
    const settings = validateKudosSettings(parse(KudosSettingsSchema, req.body) as Parameters<typeof validateKudosSettings>[0]);
    await kudos.setSettings(identity.tenantId, settings, identity.userId, new Date().toISOString());
    await audit(deps, req, identity, 'settings.kudos', { kind: 'settings', id: 'kudos' }, { sendPolicy: settings.sendPolicy, weeklyAllowance: settings.weeklyAllowance, notifyManagers: settings.notifyManagers, badges: settings.badges.map((b) => b.name) });
    logger.info({ tenantId: identity.tenantId, by: identity.userId }, 'kudos settings changed');
    return { ...settings, badges: settings.badges.map(badgeView), canEdit: true };
  }));
}
