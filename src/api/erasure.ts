import type { Server } from 'restify';
import { z } from 'zod';
import { ERASURE_KINDS, ErasureJob, reportOf, requestErasure } from '../domain/erasure';
import { DomainError } from '../domain/errors';
import { requireRole } from '../domain/identity';
import {
  ERASURE_MODES,
  REMOVED_PURGE_DAYS_MAX,
  REMOVED_PURGE_DAYS_MIN,
  RETENTION_MONTHS_MAX,
  RETENTION_MONTHS_MIN,
} from '../domain/privacy';
import { erasurePorts } from '../store/erasure-ports';
import { schedulePrivacyJob } from '../store/privacy-schedule';
import { ApiDependencies, audit, auditSourceOf, callerOf } from './context';
import { handler, jsonBody, parse } from './http';
import { UserIdParam } from './people';

export const PrivacySettingsBody = z
  .object({
    erasureMode: z.enum(ERASURE_MODES).describe('What erasing a person does to their posts and comments: kept under a pseudonym, or deleted'),
    removedPurgeDays: z.number().int().min(REMOVED_PURGE_DAYS_MIN).max(REMOVED_PURGE_DAYS_MAX).describe('Days after its removal that a removed post loses its body and comments'),
    retentionMonths: z.number().int().min(RETENTION_MONTHS_MIN).max(RETENTION_MONTHS_MAX).nullable().describe('Content older than this many months is deleted; null keeps it'),
  })
  .strict();

const ErasureReportSchema = z.object({
  subject: z.string().describe('The pseudonym the person\'s remaining traces carry'),
  mode: z.enum(ERASURE_MODES),
  counts: z.object(Object.fromEntries(ERASURE_KINDS.map((kind) => [kind, z.number().int()])) as Record<(typeof ERASURE_KINDS)[number], z.ZodNumber>),
  startedAt: z.string(),
  completedAt: z.string().optional(),
  runs: z.number().int().describe('More than one: it resumed an erasure that had stopped'),
});

export const ErasureJobId = z.string().regex(/^erased:[0-9a-f]{32}$/, 'an erasure job id (erased:<32 hex digits>)');

export const ErasureStatusResponse = z.object({
  jobId: z.string().describe('The erasure job, named by the pseudonym (never the person\'s id)'),
  state: z.enum(['queued', 'running', 'done']).describe('queued: asked for; running: under way in the background; done: the report stands'),
  location: z.string().describe('Where to ask for its progress (GET)'),
  progress: z.object({ done: z.number().int(), total: z.number().int().nullable().describe('Null until the person\'s data has been found') }),
  report: ErasureReportSchema.optional().describe('Once done: what was done, per kind'),
  alreadyDone: z.boolean().describe('The person had been erased already: nothing changed, the report is the earlier one'),
});

const statusOf = (job: ErasureJob, alreadyDone = false): z.infer<typeof ErasureStatusResponse> =>
  ErasureStatusResponse.parse({
    jobId: job.subject,
    state: job.state,
    location: `/api/v1/erasures/${job.subject}`,
    progress: job.state === 'done' ? { done: 0, total: 0 } : { done: job.cursor, total: job.state === 'queued' ? null : job.tasks.length },
    ...(job.state === 'done' && { report: reportOf(job) }),
    alreadyDone,
  });

/**
 * Privacy for admins (issue 17, item 6): erase a person, and the tenant's privacy
 * settings. An erasure runs as a background job (the held-notice runner, one slice a
 * sweep, resumed after a crash): asking answers 202 with where to follow it, and the
 * job, once done, is audited with its counts (never the person's name) and its report
 * is answered. Asking again is safe at any point.
 */
export function registerErasureRoutes(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;

  server.post('/api/v1/people/:userId/erasure', handler(logger, async (req, res) => {
    const { identity } = await callerOf(deps, req);
    requireRole(identity, 'admin');
    const userId = parse(UserIdParam, req.params.userId).toLowerCase();
    const { job, created } = await requestErasure(erasurePorts(repositories), identity, userId, auditSourceOf(req), new Date());
    const status = statusOf(job, !created && job.state === 'done');
    logger.info({ tenantId: identity.tenantId, by: identity.userId, subject: job.subject, state: job.state, created }, 'erasure asked for');
    res.header('Location', status.location);
    res.send(job.state === 'done' ? 200 : 202, status);
  }));

  server.get('/api/v1/erasures/:jobId', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    requireRole(identity, 'admin');
    const job = await repositories.erasure.jobs.get(identity.tenantId, parse(ErasureJobId, req.params.jobId));
    if (!job) throw new DomainError('not_found', 'no such erasure job in this tenant');
    // A job whose runner's notice was lost (a local store restored from an older moment) gets one again.
    if (job.state !== 'done') await erasurePorts(repositories).schedule(job.tenantId, job.subject, Date.now());
    return statusOf(job);
  }));

  server.get('/api/v1/settings/privacy', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    requireRole(identity, 'admin');
    return repositories.privacy.settings(identity.tenantId);
  }));

  server.put('/api/v1/settings/privacy', jsonBody(), handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    requireRole(identity, 'admin');
    const body = parse(PrivacySettingsBody, req.body);
    const saved = await repositories.privacy.setSettings(identity.tenantId, body, identity.userId, new Date().toISOString());
    // Runs the tenant's privacy job soon under the new rules (and schedules it for a tenant that had none).
    await schedulePrivacyJob(repositories.heldNotices, identity.tenantId, Date.now());
    await audit(deps, req, identity, 'settings.privacy', { kind: 'settings', id: 'privacy' }, { erasureMode: saved.erasureMode, removedPurgeDays: saved.removedPurgeDays, retentionMonths: saved.retentionMonths });
    logger.info({ tenantId: identity.tenantId, by: identity.userId }, 'privacy settings changed');
    return saved;
  }));
}
