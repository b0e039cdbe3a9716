import { randomUUID } from 'crypto';
import type { Request, Server } from 'restify';
import { unreachableApprovers } from '../delivery/studio-approvers';
import { DomainError } from '../domain/errors';
import type { Identity } from '../domain/identity';
import {
  assertAuthor,
  assertCanSendDirectly,
  assertCanSubmit,
  assertEditable,
  assertOwnsDraft,
  assertStudioAccess,
  assertWithinGuardrails,
  Draft,
  ruleFor,
  stateAfterEdit,
} from '../domain/studio';
import { templateById } from '../domain/studio-templates';
import { ApiDependencies, audit, auditSourceOf, callerOf } from './context';
import { handler, jsonBody, parse } from './http';
import { changeDraft, holdReviewNotice, loadDraft, reviewDraft, sendable, sendDraft } from './studio-review';
import { NewDraftSchema, RejectSchema, ReviewSchema, SaveDraftSchema } from './studio-schemas';

/** What the tab gets of a draft. */
export function draftView(draft: Draft, names: Map<string, string> = new Map()) {
  return {
    id: draft.draftId,
    revision: draft.revision,
    state: draft.state,
    content: draft.content,
    audience: draft.audience,
    scheduledAt: draft.scheduledAt ?? null,
    timeZone: draft.timeZone ?? null,
    review: draft.review ? { ...draft.review, byName: names.get(draft.review.by) ?? '' } : null,
    announcementId: draft.announcementId ?? null,
    templateId: draft.templateId ?? null,
    authorId: draft.authorId,
    authorName: names.get(draft.authorId) ?? '',
    updatedBy: draft.updatedBy,
    createdAt: draft.createdAt,
    updatedAt: draft.updatedAt,
  };
}

export function registerStudioRoutes(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;
  const { studio } = repositories;
  const now = () => new Date().toISOString();

  const names = async (tenantId: string, ...userIds: Array<string | undefined>) => {
    const people = await repositories.people.getMany(tenantId, userIds.filter((id): id is string => !!id));
    return new Map([...people.values()].map((p) => [p.userId, p.displayName]));
  };
  const view = async (draft: Draft) => draftView(draft, await names(draft.tenantId, draft.authorId, draft.review?.by));

  const studioCaller = async (req: Request): Promise<Identity> => {
    const { identity } = await callerOf(deps, req);
    assertStudioAccess(identity);
    return identity;
  };
  const load = (identity: Identity, id: string) => loadDraft(deps, identity, id);
  const change = (identity: Identity, draftId: string, update: (d: Draft) => Draft) => changeDraft(deps, identity, draftId, update);

  /** A new draft of the caller's, saved with its list entry. */
  const start = async (identity: Identity, fields: Pick<Draft, 'content' | 'audience' | 'scheduledAt' | 'timeZone' | 'templateId'>) => {
    const at = now();
    const draft: Draft = { tenantId: identity.tenantId, draftId: randomUUID(), authorId: identity.userId, state: 'draft', revision: 1, updatedBy: identity.userId, createdAt: at, updatedAt: at, content: fields.content, audience: fields.audience };
    for (const key of ['scheduledAt', 'timeZone', 'templateId'] as const) if (fields[key]) draft[key] = fields[key];
    await studio.createDraft(draft);
    return view(draft);
  };

  server.get('/api/v1/studio/drafts', handler(logger, async (req) => {
    const identity = await studioCaller(req);
    return { drafts: await studio.draftsOf(identity.tenantId, identity.userId) };
  }));

  server.post('/api/v1/studio/drafts', jsonBody(), handler(logger, async (req) => {
    const identity = await studioCaller(req);
    assertAuthor(identity);
    const input = parse(NewDraftSchema, req.body ?? {});
    const template = input.templateId === undefined ? undefined : templateById(input.templateId);
    if (input.templateId !== undefined && !template) throw new DomainError('bad_request', `templateId: no template "${input.templateId}"`);
    return start(identity, {
      content: { ...template?.content, ...input.content },
      audience: input.audience ?? {},
      scheduledAt: input.scheduledAt,
      timeZone: input.timeZone,
      templateId: template?.id,
    });
  }, 201));

  server.get('/api/v1/studio/drafts/:id', handler(logger, async (req) => view(await load(await studioCaller(req), req.params.id))));

  // Autosave: the whole editable state, refused (409, naming who) if someone saved since.
  server.put('/api/v1/studio/drafts/:id', jsonBody(), handler(logger, async (req) => {
    const identity = await studioCaller(req);
    const input = parse(SaveDraftSchema, req.body);
    const current = await load(identity, req.params.id);
    assertOwnsDraft(identity, current);
    const editor = (await names(identity.tenantId, current.updatedBy)).get(current.updatedBy) ?? current.updatedBy;
    assertEditable(current, input.revision, editor);
    const saved = await change(identity, current.draftId, (d) => {
      assertEditable(d, input.revision, editor);
      const { scheduledAt, timeZone, ...rest } = d;
      return {
        ...rest,
        content: input.content,
        audience: input.audience,
        ...(input.scheduledAt && { scheduledAt: input.scheduledAt }),
        ...((input.timeZone ?? timeZone) && { timeZone: input.timeZone ?? timeZone }),
        state: stateAfterEdit(d),
      };
    });
    // Taken back out of the queue: the approvers' cards say so.
    if (current.state === 'submitted') await holdReviewNotice(deps, saved);
    return view(saved);
  }));

  server.del('/api/v1/studio/drafts/:id', handler(logger, async (req, res) => {
    const identity = await studioCaller(req);
    const draft = await load(identity, req.params.id);
    assertOwnsDraft(identity, draft);
    await studio.deleteDraft(draft);
    res.send(204);
  }));

  server.post('/api/v1/studio/drafts/:id/duplicate', handler(logger, async (req) => {
    const identity = await studioCaller(req);
    assertAuthor(identity);
    const source = await load(identity, req.params.id);
    return start(identity, { content: structuredClone(source.content), audience: structuredClone(source.audience), timeZone: source.timeZone, templateId: source.templateId });
  }, 201));

  server.post('/api/v1/studio/drafts/:id/submit', handler(logger, async (req) => {
    const identity = await studioCaller(req);
    const draft = await load(identity, req.params.id);
    assertOwnsDraft(identity, draft);
    assertCanSubmit(draft);
    // What the approver will approve must be sendable, and within the author's guardrails.
    assertWithinGuardrails(ruleFor(await studio.guardrails(identity.tenantId), identity), sendable(draft).audience);
    const saved = await change(identity, draft.draftId, (d) => {
      assertCanSubmit(d);
      const { review: _previous, ...rest } = d;
      return { ...rest, state: 'submitted', submittedAt: now() };
    });
    logger.info({ tenantId: identity.tenantId, draftId: draft.draftId }, 'draft submitted for approval');
    await audit(deps, req, identity, 'studio.submit', { kind: 'draft', id: draft.draftId }, { title: saved.content.title ?? '', revision: saved.revision });
    await holdReviewNotice(deps, saved);
    // Nothing silently dropped: the author learns which approvers no card can reach (they still see it in the queue).
    const { approvers, unreachable } = await unreachableApprovers(repositories, deps.config.admins, saved);
    return { ...(await view(saved)), approvers: { count: approvers, unreachable } };
  }));

  server.post('/api/v1/studio/drafts/:id/send', handler(logger, async (req) => {
    const identity = await studioCaller(req);
    const draft = await load(identity, req.params.id);
    assertOwnsDraft(identity, draft);
    assertAuthor(identity);
    assertCanSendDirectly(draft, ruleFor(await studio.guardrails(identity.tenantId), identity));
    const sent = await sendDraft(deps, identity, draft, identity, false);
    return { draft: await view(sent.draft), announcement: sent.announcement };
  }, 201));

  server.post('/api/v1/studio/drafts/:id/approve', jsonBody(), handler(logger, async (req) => {
    const identity = await studioCaller(req);
    const { comment } = parse(ReviewSchema, req.body ?? {});
    const reviewed = await reviewDraft(deps, identity, req.params.id, { decision: 'approved', comment }, auditSourceOf(req));
    return { draft: await view(reviewed.draft), announcement: reviewed.announcement };
  }));

  server.post('/api/v1/studio/drafts/:id/reject', jsonBody(), handler(logger, async (req) => {
    const identity = await studioCaller(req);
    const { comment } = parse(RejectSchema, req.body);
    return view((await reviewDraft(deps, identity, req.params.id, { decision: 'rejected', comment }, auditSourceOf(req))).draft);
  }));
}
