import { jsonRequest, jsonResponse, pathParameter, schemaOf } from './openapi-zod';
import { feedOpenApiPaths } from './feed';
import { PostParams } from './posts';
import { ReactionSetBody } from './settings';

/**
 * The tab's own routes in GET /api/v1/openapi.json (who am I, the feed, the reaction
 * set, post maintenance, local mode's identities, this document); requests described
 * from their zod schemas.
 */
const error = { $ref: '#/components/responses/Error' };
const reactionSet = { ...schemaOf(ReactionSetBody), description: 'The reactions offered on every post of the tenant, in order' };
const post = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { type: 'string' },
    title: { type: 'string' },
    body: { type: 'string' },
    imageUrl: { type: 'string' },
    imageAltText: { type: 'string' },
    author: { type: 'object', properties: { userId: { type: 'string' }, displayName: { type: 'string' }, department: { type: 'string' } } },
    createdAt: { type: 'string', format: 'date-time' },
    reactionCount: { type: 'integer' },
    commentCount: { type: 'integer' },
    deliveredCount: { type: 'integer' },
  },
};
const person = { type: 'object', properties: { userId: { type: 'string' }, displayName: { type: 'string' }, department: { type: 'string' }, jobTitle: { type: 'string' } } };

export const TAB_OPENAPI_PATHS = {
  '/api/v1/openapi.json': {
    get: { operationId: 'openApiDocument', summary: 'This document', security: [], responses: { '200': jsonResponse('OpenAPI 3.0', { type: 'object' }) } },
  },
  '/api/v1/me': {
    get: {
      operationId: 'me',
      summary: 'The caller: tenant, person, manager, roles and locale',
      responses: {
        '200': jsonResponse('The caller', { type: 'object', properties: { tenantId: { type: 'string' }, userId: { type: 'string' }, displayName: { type: 'string' }, department: { type: 'string' }, jobTitle: { type: 'string' }, managerId: { type: 'string' }, managerName: { type: 'string' }, roles: { type: 'array', items: { type: 'string' } }, locale: { type: 'string' } } }),
        '401': error,
      },
    },
  },
  ...feedOpenApiPaths(post),
  '/api/v1/settings/reactions': {
    get: { operationId: 'reactionSet', summary: 'The tenant\'s reaction set (everyone)', responses: { '200': jsonResponse('The reaction set', reactionSet), '401': error } },
    put: {
      operationId: 'setReactionSet',
      summary: 'Change the tenant\'s reaction set (admins)',
      requestBody: jsonRequest(ReactionSetBody),
      responses: { '200': jsonResponse('The reaction set saved', reactionSet), '400': { ...error, description: 'Invalid body: 1 to 20 reactions, distinct lowercase types, one emoji and a label each' }, '401': error, '403': error },
    },
  },
  '/api/v1/posts/{id}/repair': {
    post: {
      operationId: 'repairPost',
      summary: 'Recount a post\'s reactions from each person\'s stored reaction (moderators)',
      parameters: [pathParameter('id', PostParams.shape.id)],
      responses: { '200': jsonResponse('The counts after the repair', { type: 'object', properties: { id: { type: 'string' }, reactionCount: { type: 'integer' }, reactionCounts: { type: 'object', additionalProperties: { type: 'integer' } } } }), '401': error, '403': error, '404': error },
    },
  },
  '/api/v1/dev/identities': {
    get: {
      operationId: 'devIdentities',
      summary: 'Local mode only (404 otherwise): the demo people the tab\'s user switcher offers',
      responses: { '200': jsonResponse('The demo tenant and its people', { type: 'object', properties: { tenantId: { type: 'string' }, tenantName: { type: 'string' }, users: { type: 'array', items: person } } }), '404': error },
    },
  },
};
