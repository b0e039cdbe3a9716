import { jsonRequest, jsonResponse, pathParameter, queryParameters, schemaOf } from './openapi-zod';
import { ReachQuerySchema } from './studio-settings';
import { ContentSchema, DraftIdParam, GuardrailsSchema, NewDraftSchema, RejectSchema, ReviewSchema, SaveDraftSchema } from './studio-schemas';

/** The Studio part of GET /api/v1/openapi.json; requests described from their zod schemas. */
const error = { $ref: '#/components/responses/Error' };
const id = pathParameter('id', DraftIdParam);
const saved = SaveDraftSchema.shape;
const draft = {
  type: 'object',
  required: ['id', 'revision', 'state', 'content', 'audience'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    revision: { type: 'integer' },
    state: { type: 'string', enum: ['draft', 'submitted', 'rejected', 'sent'] },
    content: schemaOf(saved.content),
    audience: schemaOf(saved.audience),
    scheduledAt: { type: 'string', nullable: true },
    timeZone: { type: 'string', nullable: true },
    review: { type: 'object', nullable: true, properties: { decision: { type: 'string', enum: ['approved', 'rejected'] }, by: { type: 'string' }, byName: { type: 'string' }, at: { type: 'string', format: 'date-time' }, comment: { type: 'string' } } },
    announcementId: { type: 'string', format: 'uuid', nullable: true },
    authorId: { type: 'string' },
    authorName: { type: 'string' },
    updatedBy: { type: 'string' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};
const submittedDraft = {
  ...draft,
  properties: {
    ...draft.properties,
    approvers: { type: 'object', required: ['count', 'unreachable'], properties: { count: { type: 'integer', description: 'Approvers asked (never the author)' }, unreachable: { type: 'array', description: 'Approvers without a personal chat with Commons: no card reaches them', items: { type: 'object', properties: { userId: { type: 'string' }, name: { type: 'string' } } } } } },
  },
};
const summary = { type: 'object', properties: { draftId: { type: 'string' }, title: { type: 'string' }, state: { type: 'string' }, updatedAt: { type: 'string' }, scheduledAt: { type: 'string' }, announcementId: { type: 'string' } } };
const sent = { type: 'object', properties: { draft, announcement: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, status: { type: 'string' }, scheduledAt: { type: 'string', format: 'date-time' }, note: { type: 'string' } } } } };
const rule = schemaOf(GuardrailsSchema.shape.defaults);
const forDraft = (operationId: string, summaryText: string, responses: Record<string, unknown>, requestBody?: unknown) => ({
  post: { operationId, summary: summaryText, parameters: [id], ...(requestBody !== undefined && { requestBody }), responses: { ...responses, '401': error, '403': error, '404': error } },
});

export const STUDIO_OPENAPI_PATHS = {
  '/api/v1/studio/access': {
    get: { operationId: 'studioAccess', summary: 'Whether the caller may write or approve posts, their guardrails, and the admins who grant access', responses: { '200': jsonResponse('Access', { type: 'object', properties: { canAuthor: { type: 'boolean' }, canApprove: { type: 'boolean' }, rule, grantors: { type: 'array', items: { type: 'object', properties: { userId: { type: 'string' }, displayName: { type: 'string' } } } } } }), '401': error } },
  },
  '/api/v1/studio/templates': {
    get: { operationId: 'studioTemplates', summary: 'Templates that prefill a draft (town hall, policy change, outage)', responses: { '200': jsonResponse('Templates', { type: 'object', properties: { templates: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, content: schemaOf(ContentSchema) } } } } }), '401': error, '403': error } },
  },
  '/api/v1/studio/drafts': {
    get: { operationId: 'listDrafts', summary: 'The caller\'s drafts, newest change first (one point read)', responses: { '200': jsonResponse('Drafts', { type: 'object', properties: { drafts: { type: 'array', items: summary } } }), '401': error, '403': error } },
    post: { operationId: 'createDraft', summary: 'Start a draft, empty, prefilled, or from a template (authors)', requestBody: jsonRequest(NewDraftSchema), responses: { '201': jsonResponse('The draft', draft), '400': error, '401': error, '403': error } },
  },
  '/api/v1/studio/drafts/{id}': {
    get: { operationId: 'getDraft', summary: 'A draft by id: its author, admins, or approvers while it is submitted', parameters: [id], responses: { '200': jsonResponse('The draft', draft), '401': error, '403': error, '404': error } },
    put: { operationId: 'saveDraft', summary: 'Autosave: the whole draft. A draft may be incomplete; limits still apply. A submitted or rejected draft becomes a draft again.', parameters: [id], requestBody: jsonRequest(SaveDraftSchema), responses: { '200': jsonResponse('The saved draft', draft), '400': error, '401': error, '403': error, '404': error, '409': { ...error, description: 'Someone saved since `revision` ("changed by X, reload"), or the draft was sent' } } },
    delete: { operationId: 'deleteDraft', summary: 'Delete a draft', parameters: [id], responses: { '204': { description: 'Deleted' }, '401': error, '403': error, '404': error } },
  },
  '/api/v1/studio/drafts/{id}/duplicate': forDraft('duplicateDraft', 'A new draft with the same content and audience', { '201': jsonResponse('The copy', draft) }),
  '/api/v1/studio/drafts/{id}/submit': forDraft('submitDraft', 'Submit for approval: the content must be complete. Says which approvers the approval card cannot reach (no personal chat with Commons); they still find it in the Studio queue.', { '200': jsonResponse('The draft, submitted, and whom the approval card cannot reach', submittedDraft), '400': error, '409': error }),
  '/api/v1/studio/drafts/{id}/approve': forDraft('approveDraft', 'Approve (approvers, never your own): the announcement is scheduled at once', { '200': jsonResponse('The draft and its announcement', sent), '400': error, '409': error }, jsonRequest(ReviewSchema)),
  '/api/v1/studio/drafts/{id}/reject': forDraft('rejectDraft', 'Reject with a comment (approvers, never your own)', { '200': jsonResponse('The draft, rejected', draft), '400': error, '409': error }, jsonRequest(RejectSchema)),
  '/api/v1/studio/drafts/{id}/send': forDraft('sendDraft', 'Send now or at its time, when the author\'s posts need no approval. A time in the past is refused (send now instead).', { '201': jsonResponse('The draft and its announcement', sent), '400': error, '409': { ...error, description: 'Needs approval, or already sent' } }),
  '/api/v1/studio/queue': {
    get: { operationId: 'approvalQueue', summary: 'Drafts waiting for approval, oldest first (approvers)', responses: { '200': jsonResponse('The queue', { type: 'object', properties: { drafts: { type: 'array', items: { type: 'object', properties: { draftId: { type: 'string' }, authorId: { type: 'string' }, authorName: { type: 'string' }, title: { type: 'string' }, submittedAt: { type: 'string' } } } } } }), '401': error, '403': error } },
  },
  '/api/v1/studio/guardrails': {
    get: { operationId: 'getGuardrails', summary: 'Which audiences each author may target and whose posts need approval (admins)', responses: { '200': jsonResponse('The guardrails', schemaOf(GuardrailsSchema)), '401': error, '403': error } },
    put: { operationId: 'setGuardrails', summary: 'Replace the guardrails (admins)', requestBody: jsonRequest(GuardrailsSchema), responses: { '200': jsonResponse('The guardrails', schemaOf(GuardrailsSchema)), '400': error, '401': error, '403': error } },
  },
  '/api/v1/studio/reach': {
    get: { operationId: 'estimateReach', summary: 'How many recipients an audience resolves to, and how many Commons cannot reach yet (no personal chat)', parameters: queryParameters(ReachQuerySchema), responses: { '200': jsonResponse('The estimate', { type: 'object', properties: { recipients: { type: 'integer' }, channels: { type: 'integer' }, unreachable: { type: 'integer' } } }), '400': error, '401': error, '403': error } },
  },
};
