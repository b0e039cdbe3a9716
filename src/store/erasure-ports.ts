import type { ErasurePorts } from '../domain/erasure';
import { recordAudit } from '../domain/audit';
import type { Identity } from '../domain/identity';
import { pseudonymOf } from '../domain/pseudonym';
import { t } from '../i18n';
import type { Repositories } from '.';

/** The erasure domain's ports, from the repositories (the API asks, the held-notice runner does the work). */
export function erasurePorts(repositories: Repositories): ErasurePorts {
  return {
    pseudonym: async (tenantId, userId) => pseudonymOf(await repositories.privacy.pseudonymKey(tenantId), userId, t(undefined, 'privacy.pseudonym')),
    mode: async (tenantId) => (await repositories.privacy.settings(tenantId)).erasureMode,
    personExists: async (tenantId, userId) => Boolean(await repositories.people.get(tenantId, userId)),
    job: (tenantId, subject) => repositories.erasure.jobs.get(tenantId, subject),
    saveJob: (job) => repositories.erasure.jobs.save(job),
    plan: (tenantId, userId) => repositories.erasure.planner.plan(tenantId, userId),
    apply: (task, context) => repositories.erasure.applier.apply(task, context),
    // A notice already there (a slice under way, or due) is left as it is: one runner at a time.
    schedule: async (tenantId, subject, at) => {
      if (!(await repositories.heldNotices.get(tenantId, subject, 'erasure'))) await repositories.heldNotices.hold(tenantId, subject, at, 'erasure');
    },
    // Under the pseudonym, with the counts: never whom it erased. From where the admin asked.
    audit: async (job, report) => {
      const actor: Identity = { tenantId: job.tenantId, userId: job.by, roles: job.byRoles ?? [] };
      await recordAudit(repositories.audit, actor, 'privacy.erase', { kind: 'person', id: job.subject }, job.origin ?? { channel: 'system' }, { mode: report.mode, runs: report.runs, ...report.counts }, { now: new Date(job.completedAt ?? job.startedAt), onceAs: `erasure-${job.subject}` });
    },
  };
}
