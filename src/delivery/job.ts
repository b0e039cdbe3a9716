import type { Announcement, WorkKind } from '../domain/announcements';
import { resolveRecipients } from './audience';
import type { RunDependencies } from './run-context';

export interface OpenedJob {
  announcement: Announcement;
  jobId: number;
  kind: WorkKind;
  recipients: string[];
}

/**
 * The start of a job in the announcement's own document: the announcement as it is
 * now (it may have changed since the lease was taken), its recipients (resolved and
 * saved once, at the first delivery; read back afterwards) and "sending" status.
 * Undefined when there is nothing to do: no work, paused, or a job that moved on.
 */
export async function openJob(deps: RunDependencies, tenantId: string, announcementId: string, guard: () => void): Promise<OpenedJob | undefined> {
  const { deliveries, announcements, lookups, now } = deps;
  const current = await announcements.get(tenantId, announcementId);
  if (!current?.work || current.status === 'paused') return undefined;
  const { jobId, kind } = current.work;
  if (current.recipientCount === undefined) {
    if (kind !== 'deliver') return undefined;
    const recipients = await resolveRecipients(lookups, tenantId, current.audience);
    guard();
    await deliveries.saveRecipients(tenantId, announcementId, recipients);
    const at = new Date(now()).toISOString();
    const updated = await announcements.update(tenantId, announcementId, (a) =>
      a.work?.jobId === jobId ? { ...a, recipientCount: recipients.length, status: 'sending', startedAt: at, updatedAt: at } : undefined,
    );
    if (updated?.recipientCount === undefined) return undefined;
    await startedSending(deps, updated);
    return { announcement: updated, jobId, kind, recipients };
  }
  const recipients = await deliveries.recipients(tenantId, announcementId, current.recipientCount);
  let announcement = current;
  if (kind === 'deliver' && current.status === 'scheduled') {
    const updated = await announcements.update(tenantId, announcementId, (a) =>
      a.work?.jobId === jobId && a.status === 'scheduled' ? { ...a, status: 'sending', startedAt: a.startedAt ?? new Date(now()).toISOString() } : undefined,
    );
    if (updated) announcement = updated;
    if (updated) await startedSending(deps, updated);
  }
  return { announcement, jobId, kind, recipients };
}

/** Tells the rest of Commons; a failure there is logged and never stops the send. */
async function startedSending(deps: RunDependencies, announcement: Announcement): Promise<void> {
  try {
    await deps.sendingStarted?.(announcement);
  } catch (error) {
    deps.logger.warn({ tenantId: announcement.tenantId, announcementId: announcement.announcementId, err: error }, 'could not list the announcement in the feed');
  }
}

/**
 * The end of a job: its work is done. A delivery that an edit overtook (copies sent
 * before it still show the old text) gets an update job at once.
 */
export async function completeJob(deps: RunDependencies, job: { tenantId: string; announcementId: string; jobId: number; kind: WorkKind; sentVersion: number; sent: number }): Promise<void> {
  const now = new Date(deps.now()).toISOString();
  await deps.announcements.update(job.tenantId, job.announcementId, (a) => {
    if (a.work?.jobId !== job.jobId) return undefined;
    const base = { ...a, work: undefined, lastJobId: job.jobId, updatedAt: now };
    if (job.kind === 'recall') return { ...base, status: 'recalled' };
    if (job.kind === 'update') return base;
    const outdated = a.version > job.sentVersion || (a.version > 1 && job.sent > 0);
    const completed = { ...base, status: 'completed' as const, completedAt: now };
    return outdated ? { ...completed, work: { kind: 'update', jobId: job.jobId + 1, dueAt: now } } : completed;
  });
}
