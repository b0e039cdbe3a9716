import { AuditSource, recordAudit } from '../domain/audit';
import { DomainError } from '../domain/errors';
import type { Identity } from '../domain/identity';
import { assertApprover, assertCanReview, assertMaySeeDraft, Draft } from '../domain/studio';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { Repositories } from '../store';
import { parse } from './http';
import { scheduleAnnouncement } from './schedule-announcement';
import { AudienceSchema, ContentSchema, DraftIdParam } from './studio-schemas';

/**
 * The Studio's decisions, one implementation for the tab's queue (the API) and the
 * approvers' personal-chat cards (the bot): load a draft, change it under its _etag
 * (so of two approvers deciding at once exactly one wins), send what was approved,
 * and hold a review notice so that every approver's card and the author hear of it
 * (src/bot/studio-review-notices.ts sends it from whichever instance sweeps).
 */
export interface StudioReviewDependencies {
  config: Pick<Config, 'admins'>;
  repositories: Repositories;
  logger: Logger;
}

export type Decision = { decision: 'approved'; comment?: string } | { decision: 'rejected'; comment: string };

export interface Reviewed {
  draft: Draft;
  announcement?: Awaited<ReturnType<typeof scheduleAnnouncement>>;
}

const now = () => new Date().toISOString();

export async function loadDraft(deps: StudioReviewDependencies, identity: Identity, id: string): Promise<Draft> {
  const draft = await deps.repositories.studio.getDraft(identity.tenantId, parse(DraftIdParam, id).toLowerCase());
  if (!draft) throw new DomainError('not_found');
  assertMaySeeDraft(identity, draft);
  return draft;
}

/** Saves a change of the draft by `identity` under its _etag: a new revision, who and when. */
export async function changeDraft(deps: StudioReviewDependencies, identity: Identity, draftId: string, update: (d: Draft) => Draft): Promise<Draft> {
  const saved = await deps.repositories.studio.updateDraft(identity.tenantId, draftId, (d) => ({ ...update(d), revision: d.revision + 1, updatedBy: identity.userId, updatedAt: now() }));
  if (!saved) throw new DomainError('not_found');
  return saved;
}

/** Sending checks what autosave let through: the content in full, then a real audience. */
export function sendable(draft: Draft) {
  const content = parse(ContentSchema, draft.content);
  const audience = parse(AudienceSchema, draft.audience);
  const { title, body, ...extras } = content;
  return { title, body, extras, audience };
}

/** Sends (or schedules) the draft as an announcement for `author`; approving does the same for the author. */
export async function sendDraft(deps: StudioReviewDependencies, identity: Identity, draft: Draft, author: Identity, approved: boolean): Promise<Required<Reviewed>> {
  const post = sendable(draft);
  const announcement = await scheduleAnnouncement(deps, { ...post, author, approved, scheduledAt: draft.scheduledAt, timeZone: draft.timeZone, draftId: draft.draftId, refusePast: !approved });
  const saved = await changeDraft(deps, identity, draft.draftId, (d) => ({ ...d, state: 'sent', announcementId: announcement.id }));
  return { draft: saved, announcement };
}

/** The author as the guardrails see them: their stored roles, not the approver's. */
async function authorOf(deps: StudioReviewDependencies, draft: Draft): Promise<Identity> {
  const person = await deps.repositories.people.get(draft.tenantId, draft.authorId);
  const bootstrap = deps.config.admins.includes(draft.authorId);
  const roles = [...(person?.roles ?? []), ...(bootstrap ? (['admin', 'author'] as const) : [])];
  return { tenantId: draft.tenantId, userId: draft.authorId, roles, locale: person?.locale };
}

/** Tells the approvers' cards and the author, from whichever instance sweeps held notices (at once). */
export async function holdReviewNotice(deps: StudioReviewDependencies, draft: Draft): Promise<void> {
  // schedule, not hold: a sweep already sending this draft's cards keeps its claim and
  // finishes; its release then finds the notice changed, and the next sweep goes on from there.
  await deps.repositories.heldNotices
    .schedule(draft.tenantId, draft.draftId, Date.now(), 'studioReview')
    .catch((error) => deps.logger.warn({ err: error, draftId: draft.draftId }, 'could not hold a studio review notice'));
}

/**
 * Approves (and sends or schedules) or rejects a submitted draft. The role is checked
 * before the draft is read, so a person without it learns why and nothing else.
 */
export async function reviewDraft(deps: StudioReviewDependencies, identity: Identity, id: string, decision: Decision, source: AuditSource): Promise<Reviewed> {
  assertApprover(identity);
  const draft = await loadDraft(deps, identity, id);
  assertCanReview(identity, draft);
  const review = { decision: decision.decision, by: identity.userId, at: now(), ...(decision.comment && { comment: decision.comment }) };
  const reviewed = await changeDraft(deps, identity, draft.draftId, (d) => {
    assertCanReview(identity, d);
    return { ...d, review, ...(decision.decision === 'rejected' && { state: 'rejected' as const }) };
  });
  deps.logger.info({ tenantId: identity.tenantId, draftId: draft.draftId, by: identity.userId, decision: decision.decision }, 'draft reviewed');
  const details = { authorId: draft.authorId, title: draft.content.title ?? '', ...(decision.comment && { comment: decision.comment }) };
  if (decision.decision === 'rejected') {
    await recordAudit(deps.repositories.audit, identity, 'studio.reject', { kind: 'draft', id: draft.draftId }, source, details);
    await holdReviewNotice(deps, reviewed);
    return { draft: reviewed };
  }
  let sent: Required<Reviewed>;
  try {
    sent = await sendDraft(deps, identity, reviewed, await authorOf(deps, reviewed), true);
  } catch (error) {
    // Not sent (the audience or the guardrails changed meanwhile): it waits in the queue again, and no approval is recorded.
    await deps.repositories.studio.updateDraft(identity.tenantId, draft.draftId, ({ review: _review, ...d }) => (d.state === 'submitted' ? d : undefined));
    throw error;
  }
  await recordAudit(deps.repositories.audit, identity, 'studio.approve', { kind: 'draft', id: draft.draftId }, source, { ...details, announcementId: sent.announcement.id });
  await holdReviewNotice(deps, sent.draft);
  return sent;
}

/** The decisions as the bot's approval cards use them (wired in src/index.ts, the composition root). */
export function studioReviewService(deps: StudioReviewDependencies) {
  return {
    review: (identity: Identity, draftId: string, decision: Decision, source: AuditSource) => reviewDraft(deps, identity, draftId, decision, source),
    load: (identity: Identity, draftId: string) => loadDraft(deps, identity, draftId),
  };
}
