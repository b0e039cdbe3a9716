import { mapBounded } from '../bounded';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { GUID } from '../auth/authenticator';
import {
  Announcement,
  ANNOUNCEMENT_BODY_MAX,
  ANNOUNCEMENT_CONTROLS,
  ANNOUNCEMENT_TITLE_MAX,
  assertEditFits,
  editAnnouncement,
  resolveSchedule,
} from '../domain/announcements';
import { AUDIENCE_LIST_MAX } from '../domain/audience';
import { DomainError } from '../domain/errors';
import type { AuditAction } from '../domain/audit';
import { assertControlsAnnouncement } from '../domain/authority';
import { hasRole, Identity } from '../domain/identity';
import { t } from '../i18n';
import type { DeliveryRecord, Progress } from '../store/deliveries';
import { validateAudience } from '../delivery/audience';
import { ApiDependencies, audit, callerOf } from './context';
import { handler, jsonBody, parse } from './http';
import { OPENAPI_DOCUMENT } from './openapi';
import { scheduleAnnouncement } from './schedule-announcement';
import { csvCell } from './csv';
import { AudienceSchema, Body, ExtrasSchema, Title, When, Zone } from './announcement-schemas';

// .strict(): a tenantId (or anything else) in the body is refused; the tenant comes from the identity.
const CreateSchema = z.object({ title: Title, body: Body, audience: AudienceSchema, scheduledAt: When.optional(), timeZone: Zone.optional(), ...ExtrasSchema.shape }).strict();
const EditSchema = z
  .object({ title: Title.optional(), body: Body.optional(), audience: AudienceSchema.optional(), scheduledAt: When.optional(), timeZone: Zone.optional() })
  .strict()
  .refine((edit) => Object.keys(edit).length > 0, 'nothing to change');

const CSV_CONCURRENCY = 32;

async function authorOf(deps: ApiDependencies, req: Request, res: Response): Promise<Identity> {
  const { identity } = await callerOf(deps, req);
  if (!hasRole(identity, 'author')) throw new DomainError('forbidden', 'requires the author role');
  return identity;
}

/** Another tenant's announcement is indistinguishable from a missing one. */
async function load(deps: ApiDependencies, identity: Identity, id: string): Promise<Announcement> {
  const announcement = /^[0-9a-f-]{36}$/i.test(id) ? await deps.repositories.announcements.get(identity.tenantId, id) : undefined;
  if (!announcement) throw new DomainError('not_found');
  return announcement;
}

function progressView(announcement: Announcement, progress: Progress | undefined) {
  const total = progress?.total ?? announcement.recipientCount ?? 0;
  const counts = progress?.counts ?? { pending: total, sending: 0, sent: 0, retrying: 0, failed: 0, skipped: 0 };
  const remaining = counts.pending + counts.sending + counts.retrying;
  // Rate and ETA only while the send runs: a paused or cancelled one has neither.
  const rate = progress && !progress.done && announcement.work?.kind === 'deliver' ? progress.ratePerSecond : 0;
  return {
    total,
    pending: counts.pending,
    sending: counts.sending,
    sent: counts.sent,
    retrying: counts.retrying,
    failed: counts.failed,
    failedByReason: progress?.failedByReason ?? {},
    ratePerSecond: rate,
    etaSeconds: remaining === 0 ? 0 : rate > 0 ? Math.ceil(remaining / rate) : null,
    updatedAt: progress?.updatedAt ?? null,
  };
}

async function announcementView(deps: ApiDependencies, announcement: Announcement) {
  const lease = announcement.recipientCount !== undefined ? await deps.repositories.deliveries.readLease(announcement.tenantId, announcement.announcementId) : undefined;
  const followUp = [lease?.progress?.update, lease?.progress?.recall]
    .filter((p): p is Progress => p !== undefined)
    .sort((a, b) => b.jobId - a.jobId)[0];
  return {
    id: announcement.announcementId,
    title: announcement.title,
    body: announcement.body,
    audience: announcement.audience,
    status: announcement.status,
    /** What the engine is doing or about to do: deliver, update (an edit) or recall; null when idle. */
    activity: announcement.work?.kind ?? null,
    version: announcement.version,
    scheduledAt: announcement.scheduledAt,
    timeZone: announcement.timeZone ?? null,
    authorId: announcement.authorId,
    createdAt: announcement.createdAt,
    updatedAt: announcement.updatedAt,
    startedAt: announcement.startedAt ?? null,
    completedAt: announcement.completedAt ?? null,
    progress: progressView(announcement, lease?.progress?.deliver),
    followUp: followUp ? { kind: followUp.kind, total: followUp.total, done: followUp.counts.sent, skipped: followUp.counts.skipped, failed: followUp.counts.failed, finished: followUp.done } : null,
  };
}

const CSV_COLUMNS = ['seq', 'conversationId', 'kind', 'userId', 'state', 'reason', 'attempts', 'activityId', 'sentAt', 'recalled', 'lastError'] as const;

/**
 * What a recipient not yet sent to (or failed) reads while its send is stopped: a
 * paused send's "paused", a cancelled one's "cancelled" (a recall after a cancel
 * included), rather than a "sending" nobody is doing.
 */
function unfinishedState(announcement: Announcement): string | undefined {
  if (announcement.status === 'paused') return 'paused';
  if (announcement.status === 'cancelled' || announcement.status === 'recalled') return 'cancelled';
  return undefined;
}

function csvRow(seq: number, conversationId: string, record: DeliveryRecord | undefined, stoppedAs: string | undefined): string {
  if (!record) return [seq, conversationId, '', '', stoppedAs ?? 'pending', '', 0, '', '', '', ''].map(csvCell).join(',');
  const state = record.state === 'sent' || record.state === 'failed' ? record.state : stoppedAs ?? record.state;
  return [seq, record.conversationId, record.kind, record.userId, state, record.reason, record.attempts, record.activityId, record.sentAt, record.recalled ? 'yes' : '', record.lastError].map(csvCell).join(',');
}

export function registerAnnouncementRoutes(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;
  const { announcements } = repositories;
  const lookups = { conversations: repositories.conversations, people: repositories.people, rosters: repositories.rosters };
  const now = () => new Date();

  server.get('/api/v1/openapi.json', handler(logger, async () => OPENAPI_DOCUMENT));

  server.post('/api/v1/announcements', jsonBody(), handler(logger, async (req, res) => {
    const author = await authorOf(deps, req, res);
    const { title, body, audience, scheduledAt, timeZone, ...extras } = parse(CreateSchema, req.body);
    return scheduleAnnouncement(deps, { author, title, body, extras, audience, scheduledAt, timeZone });
  }, 201));

  server.get('/api/v1/announcements/:id', handler(logger, async (req, res) => {
    const identity = await authorOf(deps, req, res);
    return announcementView(deps, await load(deps, identity, req.params.id));
  }));

  /** One control action: check the rule, write the change under _etag, answer with the new view. */
  const control = (name: string, change: (a: Announcement, at: string) => Announcement) =>
    server.post(`/api/v1/announcements/:id/${name}`, handler(logger, async (req, res) => {
      const identity = await authorOf(deps, req, res);
      assertControlsAnnouncement(identity, await load(deps, identity, req.params.id));
      const at = now().toISOString();
      const updated = await announcements.update(identity.tenantId, req.params.id, (a) => ({ ...change(a, at), updatedAt: at }));
      if (!updated) throw new DomainError('not_found');
      await audit(deps, req, identity, `announcement.${name}` as AuditAction, { kind: 'announcement', id: updated.announcementId }, { title: updated.title, status: updated.status });
      logger.info({ tenantId: identity.tenantId, announcementId: req.params.id, action: name }, 'announcement changed');
      return announcementView(deps, updated);
    }));

  for (const [name, change] of Object.entries(ANNOUNCEMENT_CONTROLS)) control(name, change);

  server.patch('/api/v1/announcements/:id', jsonBody(), handler(logger, async (req, res) => {
    const identity = await authorOf(deps, req, res);
    const edit = parse(EditSchema, req.body);
    const current = await load(deps, identity, req.params.id);
    assertControlsAnnouncement(identity, current);
    assertEditFits(current, edit);
    if (edit.audience) await validateAudience(lookups, identity.tenantId, edit.audience);
    const at = now();
    const schedule = edit.scheduledAt !== undefined || edit.timeZone !== undefined ? resolveSchedule(edit.scheduledAt ?? current.scheduledAt, edit.timeZone ?? current.timeZone, at) : undefined;
    const updated = await announcements.update(identity.tenantId, req.params.id, (a) =>
      editAnnouncement(a, { title: edit.title, body: edit.body, audience: edit.audience, timeZone: edit.timeZone, dueAt: schedule?.dueAt }, at.toISOString()),
    );
    if (!updated) throw new DomainError('not_found');
    await audit(deps, req, identity, 'announcement.edit', { kind: 'announcement', id: updated.announcementId }, { changed: Object.keys(edit), version: updated.version });
    return announcementView(deps, updated);
  }));

  server.get('/api/v1/announcements/:id/deliveries.csv', handler(logger, async (req, res) => {
    const identity = await authorOf(deps, req, res);
    const announcement = await load(deps, identity, req.params.id);
    const count = announcement.recipientCount ?? 0;
    const recipients = count ? await repositories.deliveries.recipients(identity.tenantId, announcement.announcementId, count) : [];
    // Point reads by seq, a few at a time: an export, not a hot path, and no query over the container.
    const stoppedAs = unfinishedState(announcement);
    const rows = await mapBounded(recipients, CSV_CONCURRENCY, async (recipient, seq) =>
      csvRow(seq, recipient, await repositories.deliveries.read(identity.tenantId, announcement.announcementId, seq), stoppedAs),
    );
    const csv = [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="announcement-${announcement.announcementId}-deliveries.csv"`);
    res.sendRaw(200, csv);
  }));
}
