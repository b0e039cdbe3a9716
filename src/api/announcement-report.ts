import type { Server } from 'restify';
import { z } from 'zod';
import { mapBounded } from '../bounded';
import type { FailureReason } from '../domain/announcements';
import { bucketFromKey, bucketStart, DEPARTMENT_MIN_PEOPLE, foldDepartments } from '../domain/announcement-engagement';
import { ApiDependencies, callerOf } from './context';
import { csvDocument } from './csv';
import { handler } from './http';
import { AnnouncementIdParam, controlledAnnouncement } from './announcement-follow-up';
import { jsonResponse, pathParameter, schemaOf } from './openapi-zod';

/** `not_installed`: Commons has no way into the person's chat (no personal installation). */
const NOT_REACHABLE: FailureReason = 'not_installed';
const CSV_CONCURRENCY = 32;

export const ReportSchema = z
  .object({
    total: z.number().int().describe('Recipients: personal chats and channels'),
    delivered: z.number().int(),
    failed: z.number().int().describe('Failed for a reason other than not being reachable'),
    failedByReason: z.record(z.number().int()).describe('forbidden, not_found, gave_up, rejected, blocked, …'),
    notReachable: z.number().int().describe('People Commons cannot reach yet (no personal installation)'),
    pending: z.number().int().describe('Not delivered yet (sending, retrying, paused or waiting)'),
    acknowledgement: z.object({ required: z.boolean(), count: z.number().int(), ofNamed: z.number().int().describe('Named recipients (channel members are counted, not listed)') }),
    engagement: z
      .object({
        reactions: z.object({ total: z.number().int(), byType: z.record(z.number().int()).describe('Count per reaction type of the tenant\'s set') }),
        comments: z.number().int(),
        engagedPeople: z.number().int().describe('Unique people who reacted, commented or acknowledged'),
        byDepartment: z.array(z.object({ department: z.string(), people: z.number().int() })).describe(`Engaged people per department; departments under ${DEPARTMENT_MIN_PEOPLE} people are folded into "Other"`),
        overTime: z.array(z.object({ unit: z.enum(['hour', 'day']), index: z.number().int(), start: z.string(), events: z.number().int() })).describe('Engagements (reactions given, comments, acknowledgements) per hour for the first 48 hours after sending started, then per day'),
      })
      .strict(),
  })
  .strict();

const CSV_COLUMNS = ['name', 'department', 'userId', 'channel', 'state', 'reason', 'sentAt', 'acknowledgedAt'] as const;

/**
 * A post's report: from its counters (the delivery progress the engine keeps, the
 * acknowledgement shards), never a scan; and per-recipient status as CSV, with the
 * names and departments of the people and the channels' names.
 */
export function registerAnnouncementReportRoutes(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;

  server.get('/api/v1/announcements/:id/report', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    const announcement = await controlledAnnouncement(deps, identity, req.params.id);
    const [lease, acknowledged, engagementPost, stats] = await Promise.all([
      announcement.recipientCount !== undefined ? repositories.deliveries.readLease(identity.tenantId, announcement.announcementId) : undefined,
      repositories.acknowledgements.list(identity.tenantId, announcement.announcementId),
      repositories.posts.get(identity.tenantId, announcement.announcementId),
      repositories.announcementEngagement.stats(identity.tenantId, announcement.announcementId),
    ]);
    const sentAt = engagementPost?.createdAt ?? announcement.startedAt ?? announcement.scheduledAt;
    const overTime = Object.entries(stats.buckets)
      .flatMap(([key, events]) => {
        const bucket = bucketFromKey(key);
        return bucket ? [{ ...bucket, start: bucketStart(sentAt, bucket), events }] : [];
      })
      .sort((a, b) => a.start.localeCompare(b.start));
    const progress = lease?.progress?.deliver;
    const total = progress?.total ?? announcement.recipientCount ?? 0;
    const byReason = { ...(progress?.failedByReason ?? {}) };
    const notReachable = byReason[NOT_REACHABLE] ?? 0;
    delete byReason[NOT_REACHABLE];
    const delivered = progress?.counts.sent ?? 0;
    const failed = (progress?.counts.failed ?? 0) - notReachable;
    return ReportSchema.parse({
      total,
      delivered,
      failed,
      failedByReason: byReason,
      notReachable,
      pending: Math.max(0, total - delivered - failed - notReachable - (progress?.counts.skipped ?? 0)),
      acknowledgement: { required: !!announcement.extras?.acknowledge, count: acknowledged.length, ofNamed: new Set(announcement.audience.people ?? []).size },
      engagement: {
        reactions: { total: engagementPost?.reactionCount ?? 0, byType: engagementPost?.reactionCounts ?? {} },
        comments: engagementPost?.commentCount ?? 0,
        engagedPeople: stats.people,
        byDepartment: foldDepartments(stats.departments),
        overTime,
      },
    });
  }));

  server.get('/api/v1/announcements/:id/report.csv', handler(logger, async (req, res) => {
    const { identity } = await callerOf(deps, req);
    const announcement = await controlledAnnouncement(deps, identity, req.params.id);
    const { tenantId, announcementId } = announcement;
    const count = announcement.recipientCount ?? 0;
    const recipients = count ? await repositories.deliveries.recipients(tenantId, announcementId, count) : [];
    // Point reads by seq, a few at a time: an export, not a hot path.
    const records = await mapBounded(recipients, CSV_CONCURRENCY, (_, seq) => repositories.deliveries.read(tenantId, announcementId, seq));
    const acknowledged = new Map((await repositories.acknowledgements.list(tenantId, announcementId)).map((a) => [a.userId, a.at]));
    const people = await repositories.people.getMany(tenantId, [...new Set(records.map((r) => r?.userId).filter((id): id is string => !!id))]);
    const channelIds = [...new Set(records.filter((r) => r && r.kind === 'channel').map((r) => r!.conversationId))];
    const channels = new Map(await mapBounded(channelIds, CSV_CONCURRENCY, async (id) => [id, await repositories.conversations.get(tenantId, id)] as const));
    const rows = recipients.map((conversationId, seq) => {
      const record = records[seq];
      const person = record?.userId ? people.get(record.userId) : undefined;
      const channel = record?.kind === 'channel' ? channels.get(record.conversationId) : undefined;
      const state = record?.state === 'failed' && record.reason === NOT_REACHABLE ? 'not_reachable' : record?.state ?? 'pending';
      return [
        person?.displayName ?? '',
        person?.department ?? '',
        record?.userId ?? '',
        channel ? [channel.teamName, channel.channelName].filter(Boolean).join(' › ') || conversationId : '',
        state,
        record?.reason && record.reason !== NOT_REACHABLE ? record.reason : '',
        record?.sentAt ?? '',
        (record?.userId && acknowledged.get(record.userId)) ?? '',
      ];
    });
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="announcement-${announcementId}-report.csv"`);
    res.sendRaw(200, csvDocument(CSV_COLUMNS, rows));
  }));
}

const error = { $ref: '#/components/responses/Error' };
const idParameter = [pathParameter('id', AnnouncementIdParam)];

export const REPORT_OPENAPI_PATHS = {
  '/api/v1/announcements/{id}/report': {
    get: { operationId: 'announcementReport', summary: 'A post\'s report from its counters (its author and admins): delivered, failed by reason, not reachable, pending, acknowledged, reactions by type, comments, engaged people by department and over time', parameters: idParameter, responses: { '200': jsonResponse('The report', schemaOf(ReportSchema)), '400': error, '401': error, '403': error, '404': error } },
  },
  '/api/v1/announcements/{id}/report.csv': {
    get: {
      operationId: 'announcementReportCsv',
      summary: `Per-recipient status as CSV (its author and admins): ${CSV_COLUMNS.join(', ')}`,
      parameters: idParameter,
      responses: { '200': { description: 'CSV, one row per recipient', content: { 'text/csv': { schema: { type: 'string' } } } }, '400': error, '401': error, '403': error, '404': error },
    },
  },
};
