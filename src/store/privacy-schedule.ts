import type { HeldNoticeRepository } from './held-notices';

/** The privacy job's one held notice per tenant (kind "privacy"). */
export const PRIVACY_JOB_SUBJECT = 'tenant';
export const PRIVACY_JOB_INTERVAL_MS = 60 * 60_000;

/**
 * Makes sure the tenant's privacy job is due by `at` at the latest: a held notice swept
 * by whichever instance runs (claimed under _etag: one at a time), rescheduled by each
 * run. An existing earlier time is kept.
 */
export async function schedulePrivacyJob(notices: HeldNoticeRepository, tenantId: string, at: number): Promise<void> {
  const current = await notices.get(tenantId, PRIVACY_JOB_SUBJECT, 'privacy');
  if (current && current.dueAt <= at) return;
  await notices.hold(tenantId, PRIVACY_JOB_SUBJECT, at, 'privacy');
}
