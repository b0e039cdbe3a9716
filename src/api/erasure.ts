import type { Server } from 'restify';
import { z } from 'zod';
import { erasePerson, ERASURE_KINDS, ErasurePorts } from '../domain/erasure';
import { requireRole } from '../domain/identity';
import {
  ERASURE_MODES,
  REMOVED_PURGE_DAYS_MAX,
  REMOVED_PURGE_DAYS_MIN,
  RETENTION_MONTHS_MAX,
  RETENTION_MONTHS_MIN,
} from '../domain/privacy';
import { pseudonymOf } from '../domain/pseudonym';
import { t } from '../i18n';
import type { Repositories } from '../store';
import { schedulePrivacyJob } from '../store/privacy-schedule';
import { ApiDependencies, audit, callerOf } from './context';
import { handler, jsonBody, parse } from './http';
import { UserIdParam } from './people';

export const PrivacySettingsBody = z
  .object({
    erasureMode: z.enum(ERASURE_MODES).describe('What erasing a person does to their posts and comments: kept under a pseudonym, or deleted'),
    removedPurgeDays: z.number().int().min(REMOVED_PURGE_DAYS_MIN).max(REMOVED_PURGE_DAYS_MAX).describe('Days after its removal that a removed post loses its body and comments'),
    retentionMonths: z.number().int().min(RETENTION_MONTHS_MIN).max(RETENTION_MONTHS_MAX).nullable().describe('Content older than this many months is deleted; null keeps it'),
  })
  .strict();

export const ErasureResponse = z.object({
  report: z.object({
    subject: z.string().describe('The pseudonym the person\'s remaining traces carry'),
    mode: z.enum(ERASURE_MODES),
    counts: z.object(Object.fromEntries(ERASURE_KINDS.map((kind) => [kind, z.number().int()])) as Record<(typeof ERASURE_KINDS)[number], z.ZodNumber>),
    startedAt: z.string(),
    completedAt: z.string().optional(),
    runs: z.number().int().describe('More than one: it resumed an erasure that had stopped'),
  }),
  resumed: z.boolean().describe('This call continued an erasure that had stopped part way'),
  alreadyDone: z.boolean().describe('The person had been erased already: nothing changed, the report is the earlier one'),
});

/** The erasure domain's ports, from the repositories. */
export function erasurePorts(repositories: Repositories): ErasurePorts {
  return {
    pseudonym: async (tenantId, userId) => pseudonymOf(await repositories.privacy.pseudonymKey(tenantId), userId, t(undefined, 'privacy.pseudonym')),
    mode: async (tenantId) => (await repositories.privacy.settings(tenantId)).erasureMode,
    personExists: async (tenantId, userId) => Boolean(await repositories.people.get(tenantId, userId)),
    job: (tenantId, subject) => repositories.erasure.jobs.get(tenantId, subject),
    saveJob: (job) => repositories.erasure.jobs.save(job),
    plan: (tenantId, userId) => repositories.erasure.planner.plan(tenantId, userId),
    apply: (task, context) => repositories.erasure.applier.apply(task, context),
  };
}

/**
 * Privacy for admins (issue 17, item 6): erase a person, and the tenant's privacy
 * settings. An erasure is audited (with its counts, never the person's name) and
 * answers a report of what it did; calling it again is safe at any point.
 */
export function registerErasureRoutes(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;

  server.post('/api/v1/people/:userId/erasure', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    requireRole(identity, 'admin');
    const userId = parse(UserIdParam, req.params.userId).toLowerCase();
    const outcome = await erasePerson(erasurePorts(repositories), identity, userId, () => new Date(), (post) => deps.refreshCards?.(post));
    if (!outcome.alreadyDone) {
      const counts = outcome.report.counts;
      await audit(deps, req, identity, 'privacy.erase', { kind: 'person', id: outcome.report.subject }, { mode: outcome.report.mode, runs: outcome.report.runs, ...counts });
    }
    logger.info({ tenantId: identity.tenantId, by: identity.userId, subject: outcome.report.subject, resumed: outcome.resumed }, 'person erased');
    return ErasureResponse.parse(outcome);
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
