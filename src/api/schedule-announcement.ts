import { randomUUID } from 'crypto';
import { newAnnouncement, resolveSchedule } from '../domain/announcements';
import type { Audience } from '../domain/audience';
import { DomainError } from '../domain/errors';
import type { Identity } from '../domain/identity';
import { assertWithinGuardrails, PostExtras, ruleFor } from '../domain/studio';
import { validateAudience } from '../delivery/audience';
import { t } from '../i18n';
import type { ApiDependencies } from './context';

export interface ScheduleRequest {
  title: string;
  body: string;
  extras?: PostExtras;
  audience: Audience;
  scheduledAt?: string;
  timeZone?: string;
  draftId?: string;
  /** The author whose guardrails apply (the approver acts for them). */
  author: Identity;
  /** An approver approved it: the author's approval requirement is met. */
  approved?: boolean;
  /** Studio refuses a time that has passed (and offers "send now"); the plain API sends now. */
  refusePast?: boolean;
}

/**
 * The one way an announcement comes to exist, from the API or from Studio: the
 * author's guardrails (audience, approval), the audience, the schedule, then the
 * document the delivery engine picks up at its due time.
 */
export async function scheduleAnnouncement(deps: Pick<ApiDependencies, 'repositories' | 'logger'>, request: ScheduleRequest) {
  const { repositories, logger } = deps;
  const { author } = request;
  const at = new Date();
  const schedule = resolveSchedule(request.scheduledAt, request.timeZone, at);
  if (schedule.sentNowBecausePast && request.refusePast) {
    throw new DomainError('bad_request', 'scheduledAt', 'error.studio.pastSchedule');
  }
  const rule = ruleFor(await repositories.studio.guardrails(author.tenantId), author);
  assertWithinGuardrails(rule, request.audience);
  if (rule.requiresApproval && !request.approved) throw new DomainError('conflict', 'needs approval', 'error.studio.needsApproval');
  await validateAudience({ conversations: repositories.conversations, people: repositories.people, rosters: repositories.rosters }, author.tenantId, request.audience);
  const announcementId = randomUUID();
  const announcement = newAnnouncement(
    {
      tenantId: author.tenantId,
      announcementId,
      authorId: author.userId,
      title: request.title,
      body: request.body,
      ...(request.extras && Object.keys(request.extras).length > 0 && { extras: request.extras }),
      ...(request.draftId && { draftId: request.draftId }),
      audience: request.audience,
      timeZone: request.timeZone,
    },
    schedule.dueAt,
    at.toISOString(),
  );
  await repositories.announcements.create(announcement);
  logger.info({ tenantId: author.tenantId, announcementId, dueAt: schedule.dueAt, draftId: request.draftId }, 'announcement scheduled');
  return {
    id: announcementId,
    status: announcement.status,
    scheduledAt: announcement.scheduledAt,
    ...(schedule.sentNowBecausePast && { note: t(author.locale, 'announcement.note.sentNow') }),
  };
}
