import { randomUUID } from 'crypto';
import type { Request, Server } from 'restify';
import { DomainError } from '../domain/errors';
import type { Identity } from '../domain/identity';
import {
  assertAuthor,
  assertCanReview,
  assertCanSendDirectly,
  assertCanSubmit,
  assertEditable,
  assertMaySeeDraft,
  assertOwnsDraft,
  assertStudioAccess,
  assertWithinGuardrails,
  Draft,
  ruleFor,
  stateAfterEdit,
} from '../domain/studio';
import { templateById } from '../domain/studio-templates';
import { ApiDependencies, callerOf } from './context';
import { handler, jsonBody, parse } from './http';
import { scheduleAnnouncement } from './schedule-announcement';
import { AudienceSchema, ContentSchema, DraftIdParam, NewDraftSchema, RejectSchema, ReviewSchema, SaveDraftSchema } from './studio-schemas';

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

/** Sending checks what autosave let through: the content in full, then a real audience. */
function sendable(draft: Draft) {
  const content = parse(ContentSchema, draft.content);
  const audience = parse(AudienceSchema, draft.audience);
  const { title, body, ...extras } = content;
  return { title, body, extras, audience };
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
  const load = async (identity: Identity, id: string): Promise<Draft> => {
    const draft = await studio.getDraft(identity.tenantId, parse(DraftIdParam, id).toLowerCase());
    if (!draft) throw new DomainError('not_found');
    assertMaySeeDraft(identity, draft);
    return draft;
  };
  const change = async (identity: Identity, draftId: string, update: (d: Draft) => Draft) => {
    const saved = await studio.updateDraft(identity.tenantId, draftId, (d) => ({ ...update(d), revision: d.revision + 1, updatedBy: identity.userId, updatedAt: now() }));
    if (!saved) throw new DomainError('not_found');
    return saved;
  };

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
      return { ...rest, state: 'submitted' };
    });
    logger.info({ tenantId: identity.tenantId, draftId: draft.draftId }, 'draft submitted for approval');
    return view(saved);
  }));

  /** Sends (or schedules) the draft as an announcement; approving does the same for the author. */
  const send = async (identity: Identity, draft: Draft, author: Identity, approved: boolean) => {
    const post = sendable(draft);
    const scheduled = await scheduleAnnouncement(deps, { ...post, author, approved, scheduledAt: draft.scheduledAt, timeZone: draft.timeZone, draftId: draft.draftId, refusePast: !approved });
    const saved = await change(identity, draft.draftId, (d) => ({ ...d, state: 'sent', announcementId: scheduled.id }));
    return { draft: await view(saved), announcement: scheduled };
  };

  server.post('/api/v1/studio/drafts/:id/send', handler(logger, async (req) => {
    const identity = await studioCaller(req);
    const draft = await load(identity, req.params.id);
    assertOwnsDraft(identity, draft);
    assertAuthor(identity);
    assertCanSendDirectly(draft, ruleFor(await studio.guardrails(identity.tenantId), identity));
    return send(identity, draft, identity, false);
  }, 201));

  /** The author as the guardrails see them: their stored roles, not the approver's. */
  const authorOf = async (draft: Draft): Promise<Identity> => {
    const person = await repositories.people.get(draft.tenantId, draft.authorId);
    const bootstrap = deps.config.admins.includes(draft.authorId);
    const roles = [...(person?.roles ?? []), ...(bootstrap ? (['admin', 'author'] as const) : [])];
    return { tenantId: draft.tenantId, userId: draft.authorId, roles, locale: person?.locale };
  };

  server.post('/api/v1/studio/drafts/:id/approve', jsonBody(), handler(logger, async (req) => {
    const identity = await studioCaller(req);
    const { comment } = parse(ReviewSchema, req.body ?? {});
    const draft = await load(identity, req.params.id);
    assertCanReview(identity, draft);
    const reviewed = await change(identity, draft.draftId, (d) => {
      assertCanReview(identity, d);
      return { ...d, review: { decision: 'approved', by: identity.userId, at: now(), ...(comment && { comment }) } };
    });
    logger.info({ tenantId: identity.tenantId, draftId: draft.draftId, by: identity.userId }, 'draft approved');
    return send(identity, reviewed, await authorOf(reviewed), true);
  }));

  server.post('/api/v1/studio/drafts/:id/reject', jsonBody(), handler(logger, async (req) => {
    const identity = await studioCaller(req);
    const { comment } = parse(RejectSchema, req.body);
    const draft = await load(identity, req.params.id);
    assertCanReview(identity, draft);
    const saved = await change(identity, draft.draftId, (d) => {
      assertCanReview(identity, d);
      return { ...d, state: 'rejected', review: { decision: 'rejected', by: identity.userId, at: now(), comment } };
    });
    logger.info({ tenantId: identity.tenantId, draftId: draft.draftId, by: identity.userId }, 'draft rejected');
    return view(saved);
  }));
}
