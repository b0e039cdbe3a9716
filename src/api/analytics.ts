import type { Server } from 'restify';
import { z } from 'zod';
import {
  AnalyticsFigures,
  analyticsFigures,
  AnalyticsScope,
  assertMayViewAnalytics,
  COUNT_NAMES,
  defaultPeriod,
  periodDays,
  viewableScopes,
} from '../domain/analytics';
import type { Identity } from '../domain/identity';
import { readableBy } from '../domain/post-access';
import { ApiDependencies, callerOf, postAccess } from './context';
import { scheduleAnalyticsClose } from '../delivery/analytics-close';
import { csvDocument } from './csv';
import { handler, parse } from './http';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD').refine((day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day), 'not a calendar day');
export const AnalyticsQuerySchema = z
  .object({
    from: Day.optional().describe('First day (UTC, included); default 29 days before `to`'),
    to: Day.optional().describe('Last day (UTC, included); default today'),
    community: z.string().uuid('not a community id').optional().describe('A community the caller owns; absent: the whole tenant'),
    format: z.enum(['json', 'csv']).default('json').describe('csv: one row a day'),
  })
  .strict();

const TITLE_MAX = 80;

/** Where a report may look, and what it is called. */
async function scopeOf(deps: ApiDependencies, identity: Identity, communityId?: string): Promise<{ scope: AnalyticsScope; name?: string }> {
  if (!communityId) {
    assertMayViewAnalytics(identity, { kind: 'tenant' });
    return { scope: { kind: 'tenant' } };
  }
  const id = communityId.toLowerCase();
  const scope: AnalyticsScope = { kind: 'community', communityId: id };
  const [community, membership] = await Promise.all([deps.repositories.communities.get(identity.tenantId, id), deps.repositories.communities.membership(identity.tenantId, id, identity.userId)]);
  assertMayViewAnalytics(identity, scope, community, membership);
  return { scope, name: community?.name };
}

/** Top posts the caller may read, with what identifies them (a title or the start of the body). */
async function topPostsFor(deps: ApiDependencies, identity: Identity, figures: AnalyticsFigures) {
  const readable = readableBy(postAccess(deps), identity);
  const posts = await Promise.all(figures.topPosts.map((top) => readable({}, () => deps.repositories.posts.get(identity.tenantId, top.postId))));
  return figures.topPosts.flatMap((top, i) => {
    const post = posts[i];
    if (!post || post.state !== 'published') return [];
    const title = (post.title || post.body).replace(/\s+/g, ' ').trim();
    return [{ ...top, kind: post.kind, authorName: post.authorName, title: title.length > TITLE_MAX ? `${title.slice(0, TITLE_MAX - 1)}…` : title }];
  });
}

const CSV_COLUMNS = ['day', 'activePeople', ...COUNT_NAMES] as const;

/** Analytics (issue 18 item 3): a period's figures from the daily counters, as JSON or CSV; and which scopes the caller may view. */
export function registerAnalyticsRoutes(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;

  server.get('/api/v1/analytics/scopes', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    const { tenant, communityIds } = viewableScopes(identity, await repositories.communities.mine(identity.tenantId, identity.userId));
    const communities = await Promise.all(communityIds.map((id) => repositories.communities.get(identity.tenantId, id)));
    return {
      tenant,
      communities: communities.flatMap((community) => (community && !community.archived ? [{ communityId: community.communityId, name: community.name }] : [])),
    };
  }));

  server.get('/api/v1/analytics', handler(logger, async (req, res) => {
    const { identity } = await callerOf(deps, req);
    const query = parse(AnalyticsQuerySchema, req.query ?? {});
    const { scope, name } = await scopeOf(deps, identity, query.community);
    const fallback = defaultPeriod(new Date());
    const to = query.to ?? fallback.to;
    const from = query.from ?? (query.to ? periodDaysBefore(to) : fallback.from);
    const days = periodDays(from, to);
    // A tenant whose analytics are read gets its closed days summarised nightly, before anyone asks.
    if (scope.kind === 'tenant') void scheduleAnalyticsClose(repositories.heldNotices, identity.tenantId, Date.now()).catch((error) => logger.warn({ err: error, tenantId: identity.tenantId }, 'analytics: the nightly summarising could not be scheduled'));
    const figures = analyticsFigures(from, to, await repositories.activity.days(identity.tenantId, scope, days));
    if (query.format === 'csv') {
      res.setHeader('content-type', 'text/csv; charset=utf-8');
      res.setHeader('content-disposition', `attachment; filename="commons-analytics-${from}-${to}.csv"`);
      res.sendRaw(200, csvDocument(CSV_COLUMNS, figures.daily.map((day) => CSV_COLUMNS.map((column) => day[column]))));
      return undefined;
    }
    return { scope: { ...scope, ...(name && { name }) }, ...figures, topPosts: await topPostsFor(deps, identity, figures) };
  }));
}

/** `from` when only `to` is given: the default period's length, ending there. */
function periodDaysBefore(to: string): string {
  return defaultPeriod(new Date(`${to}T12:00:00Z`)).from;
}
