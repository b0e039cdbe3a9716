import type { Server } from 'restify';
import { z } from 'zod';
import type { Announcement, AnnouncementStatus } from '../domain/announcements';
import { DomainError } from '../domain/errors';
import { assertStudioAccess } from '../domain/studio';
import { ApiDependencies, callerOf } from './context';
import { handler, parse } from './http';
import { jsonResponse, queryParameters } from './openapi-zod';

/**
 * GET /api/v1/announcements: the tenant's announcements by scheduled time, for
 * Studio's list and week calendar (authors and approvers), filtered by state and by a
 * date range, a page at a time.
 */
export const ANNOUNCEMENT_STATUSES = ['scheduled', 'sending', 'paused', 'completed', 'cancelled', 'recalled'] as const satisfies readonly AnnouncementStatus[];
export const ANNOUNCEMENT_PAGE_MAX = 100;
/** The widest range one request may ask for: a calendar shows a week, a list a few months. */
export const ANNOUNCEMENT_RANGE_MAX_DAYS = 366;

const Instant = z.string().datetime({ offset: true });

export const AnnouncementListQuery = z
  .object({
    state: z
      .string()
      .max(200)
      .optional()
      .transform((value) => (value ? value.split(',').map((s) => s.trim()).filter(Boolean) : []))
      .refine((states) => states.every((s) => (ANNOUNCEMENT_STATUSES as readonly string[]).includes(s)), `states are ${ANNOUNCEMENT_STATUSES.join(', ')}`)
      .describe(`Comma-separated states to include (${ANNOUNCEMENT_STATUSES.join(', ')}); absent: all`),
    from: Instant.optional().describe('Scheduled at or after this instant (ISO-8601 with offset)'),
    to: Instant.optional().describe('Scheduled before this instant (ISO-8601 with offset)'),
    order: z.enum(['asc', 'desc']).optional().describe('By scheduled time: asc (default, the calendar and upcoming posts) or desc (recent posts first)'),
    limit: z.coerce.number().int().min(1).max(ANNOUNCEMENT_PAGE_MAX).optional().describe(`Page size, at most ${ANNOUNCEMENT_PAGE_MAX} (default 50)`),
    continuation: z.string().max(4000).optional().describe('The previous page\'s continuation'),
  })
  .strict()
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { message: 'from must be before to', path: ['to'] })
  .refine((q) => !q.from || !q.to || Date.parse(q.to) - Date.parse(q.from) <= ANNOUNCEMENT_RANGE_MAX_DAYS * 86_400_000, { message: `at most ${ANNOUNCEMENT_RANGE_MAX_DAYS} days`, path: ['to'] });

function summaryOf(announcement: Announcement, names: Map<string, string>) {
  return {
    id: announcement.announcementId,
    title: announcement.title,
    status: announcement.status,
    scheduledAt: announcement.scheduledAt,
    timeZone: announcement.timeZone ?? null,
    completedAt: announcement.completedAt ?? null,
    authorId: announcement.authorId,
    authorName: names.get(announcement.authorId) ?? '',
    draftId: announcement.draftId ?? null,
    importance: announcement.extras?.importance ?? 'normal',
    recipients: announcement.recipientCount ?? null,
    remindsOf: announcement.remindsOf ?? null,
  };
}

const iso = (value: string) => new Date(value).toISOString();

export function registerAnnouncementListRoutes(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;
  server.get('/api/v1/announcements', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    assertStudioAccess(identity);
    const query = parse(AnnouncementListQuery, req.query ?? {});
    let page;
    try {
      page = await repositories.announcements.listPage(identity.tenantId, {
        statuses: query.state as AnnouncementStatus[],
        ...(query.from && { from: iso(query.from) }),
        ...(query.to && { to: iso(query.to) }),
        limit: query.limit ?? 50,
        descending: query.order === 'desc',
        continuation: query.continuation,
      });
    } catch (error) {
      // A continuation that is not one of ours (or from another filter) is the caller's mistake.
      if (query.continuation && (error as { code?: number }).code === 400) throw new DomainError('bad_request', 'continuation: not a continuation of this list');
      throw error;
    }
    const authors = await repositories.people.getMany(identity.tenantId, new Set(page.announcements.map((a) => a.authorId)));
    const names = new Map([...authors.values()].map((p) => [p.userId, p.displayName]));
    return { announcements: page.announcements.map((a) => summaryOf(a, names)), continuation: page.continuation ?? null };
  }));
}

const summary = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    title: { type: 'string' },
    status: { type: 'string', enum: [...ANNOUNCEMENT_STATUSES] },
    scheduledAt: { type: 'string', format: 'date-time' },
    timeZone: { type: 'string', nullable: true },
    completedAt: { type: 'string', format: 'date-time', nullable: true },
    authorId: { type: 'string' },
    authorName: { type: 'string' },
    draftId: { type: 'string', nullable: true },
    importance: { type: 'string', enum: ['normal', 'important'] },
    recipients: { type: 'integer', nullable: true },
    remindsOf: { type: 'string', nullable: true },
  },
};

export const ANNOUNCEMENT_LIST_OPENAPI = {
  get: {
    operationId: 'listAnnouncements',
    summary: 'The tenant\'s announcements by scheduled time, filtered by state and date range, a page at a time (authors and approvers)',
    parameters: queryParameters(AnnouncementListQuery),
    responses: {
      '200': jsonResponse('A page', { type: 'object', properties: { announcements: { type: 'array', items: summary }, continuation: { type: 'string', nullable: true } } }),
      '400': { $ref: '#/components/responses/Error' },
      '401': { $ref: '#/components/responses/Error' },
      '403': { $ref: '#/components/responses/Error' },
    },
  },
};
