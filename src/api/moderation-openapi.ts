import { REPORT_REASONS } from '../domain/reports';
import { jsonRequest, jsonResponse, pathParameter, schemaOf } from './openapi-zod';
import { ModerationSettingsSchema, ReportBodySchema, ReportCommentParams, ReportPostParams } from './reports';
import { WordListSchema } from './word-list';
import { DecisionsSchema } from './moderation';

/** The reporting and word-list part of GET /api/v1/openapi.json, from the zod schemas that validate them. */
const error = { $ref: '#/components/responses/Error' };
const notFound = { ...error, description: 'No such post or comment, or one the caller may not see (the same answer)' };
const reported = {
  type: 'object',
  properties: {
    reported: { type: 'boolean' },
    alreadyReported: { type: 'boolean', description: 'The caller had reported it before: nothing changed' },
    hidden: { type: 'boolean', description: 'This report reached the tenant threshold: the item is hidden pending review' },
    message: { type: 'string', description: 'The acknowledgement to show' },
  },
};
const reportResponses = { '201': jsonResponse('Reported', reported), '200': jsonResponse('Reported before; nothing changed', reported), '400': error, '401': error, '404': notFound, '429': error };
const settings = { ...schemaOf(ModerationSettingsSchema), properties: { ...schemaOf(ModerationSettingsSchema).properties, updatedAt: { type: 'string', format: 'date-time' }, updatedBy: { type: 'string' } } };
const wordList = { ...schemaOf(WordListSchema), properties: { ...schemaOf(WordListSchema).properties, updatedAt: { type: 'string', format: 'date-time' }, updatedBy: { type: 'string' } } };

const queueItem = {
  type: 'object',
  properties: {
    itemKey: { type: 'string' },
    cause: { type: 'string', enum: ['reported', 'held'] },
    since: { type: 'string', format: 'date-time' },
    kind: { type: 'string', description: 'post kind, comment, or the held kind (post, comment, kudos, poll, community)' },
    postId: { type: 'string' },
    commentId: { type: 'string' },
    author: { type: 'object', properties: { userId: { type: 'string' }, displayName: { type: 'string' } } },
    texts: { type: 'array', items: { type: 'string' } },
    place: { type: 'object', additionalProperties: true },
    state: { type: 'string' },
    reporters: { type: 'integer' },
    reasons: { type: 'object', additionalProperties: { type: 'integer' } },
    matches: { type: 'array', items: { type: 'object', properties: { rule: { type: 'integer' }, term: { type: 'string' }, pattern: { type: 'string' } } } },
  },
};

export const MODERATION_OPENAPI_PATHS = {
  '/api/v1/moderation/queue': {
    get: { operationId: 'moderationQueue', summary: 'Reported and held items waiting for a decision, oldest first, with their context (moderators and admins; at most 100)', responses: { '200': jsonResponse('The open queue', { type: 'object', properties: { items: { type: 'array', items: queueItem } } }), '401': error, '403': error } },
  },
  '/api/v1/moderation/queue/decisions': {
    post: {
      operationId: 'decideModeration',
      summary: 'Approve, hide or remove reported items, or warn their author in personal chat (the item stays queued); approve (publish as its author, where it was written) or remove held ones; one or up to 50 at once (moderators and admins; each audited, the cards of a decided post updated, the author told in personal chat). A held item whose conversation is gone answers not_publishable and stays in the queue',
      requestBody: jsonRequest(DecisionsSchema),
      responses: { '200': jsonResponse('What became of each', { type: 'object', properties: { results: { type: 'array', items: { type: 'object', properties: { itemKey: { type: 'string' }, action: { type: 'string' }, outcome: { type: 'string', enum: ['done', 'not_found', 'not_publishable'] } } } } } }), '400': error, '401': error, '403': error },
    },
  },
  '/api/v1/posts/{id}/reports': {
    post: {
      operationId: 'reportPost',
      summary: `Report a post, kudos, discussion or poll the caller can see (reasons: ${REPORT_REASONS.join(', ')}); once per person`,
      parameters: [pathParameter('id', ReportPostParams.shape.id)],
      requestBody: jsonRequest(ReportBodySchema),
      responses: reportResponses,
    },
  },
  '/api/v1/posts/{id}/comments/{commentId}/reports': {
    post: {
      operationId: 'reportComment',
      summary: 'Report a comment under a post the caller can see; once per person',
      parameters: [pathParameter('id', ReportCommentParams.shape.id), pathParameter('commentId', ReportCommentParams.shape.commentId)],
      requestBody: jsonRequest(ReportBodySchema),
      responses: reportResponses,
    },
  },
  '/api/v1/settings/moderation': {
    get: { operationId: 'getModerationSettings', summary: 'The tenant\'s moderation settings (admins)', responses: { '200': jsonResponse('Settings', settings), '401': error, '403': error } },
    put: { operationId: 'setModerationSettings', summary: 'Change the report threshold (admins; audited)', requestBody: jsonRequest(ModerationSettingsSchema), responses: { '200': jsonResponse('Saved', settings), '400': error, '401': error, '403': error } },
  },
  '/api/v1/settings/word-list': {
    get: { operationId: 'getWordList', summary: 'The tenant\'s word list (moderators and admins)', responses: { '200': jsonResponse('The list', wordList), '401': error, '403': error } },
    put: {
      operationId: 'setWordList',
      summary: 'Replace the word list (admins; audited). A bad entry refuses the whole list with its line number: an empty or too long pattern, an invalid regular expression, one that could backtrack catastrophically, a duplicate, more than 200 entries',
      requestBody: jsonRequest(WordListSchema),
      responses: { '200': jsonResponse('Saved', wordList), '400': error, '401': error, '403': error },
    },
  },
};
