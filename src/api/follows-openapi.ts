import { jsonRequest, jsonResponse, pathParameter } from './openapi-zod';
import { DigestSettingsSchema, FollowParams } from './follows';

/** The following and digest part of GET /api/v1/openapi.json; requests described from their zod schemas. */
const error = { $ref: '#/components/responses/Error' };
const follow = {
  type: 'object',
  properties: { kind: { type: 'string', enum: ['person', 'community', 'thread'] }, id: { type: 'string' }, name: { type: 'string' }, since: { type: 'string', format: 'date-time' } },
};
const settings = { type: 'object', properties: { frequency: { type: 'string', enum: ['hourly', 'daily', 'off'] }, weekly: { type: 'boolean' } } };
const target = [pathParameter('kind', FollowParams.shape.kind), pathParameter('id', FollowParams.shape.id)];

export const FOLLOWS_OPENAPI_PATHS = {
  '/api/v1/me/follows': {
    get: { operationId: 'myFollows', summary: 'The people, communities and threads I follow', responses: { '200': jsonResponse('My follows', { type: 'object', properties: { follows: { type: 'array', items: follow } } }), '401': error } },
  },
  '/api/v1/me/follows/{kind}/{id}': {
    put: {
      operationId: 'follow',
      summary: 'Follow a person, a community or a thread I may see (following twice changes nothing); new activity there comes in my digest',
      parameters: target,
      responses: { '200': jsonResponse('The follow', follow), '400': { ...error, description: 'Not a valid target, or yourself' }, '401': error, '404': { ...error, description: 'No such target, or one the caller may not see (the same answer)' }, '409': { ...error, description: 'Already following the most allowed (500)' } },
    },
    delete: { operationId: 'unfollow', summary: 'Stop following (unfollowing twice changes nothing)', parameters: target, responses: { '200': jsonResponse('Not following', { type: 'object', properties: { following: { type: 'boolean' }, removed: { type: 'boolean' } } }), '400': error, '401': error } },
  },
  '/api/v1/me/digest': {
    get: { operationId: 'myDigestSettings', summary: 'How often my activity digest comes (hourly, daily, off) and whether the weekly digest does', responses: { '200': jsonResponse('My digest settings', settings), '401': error } },
    put: { operationId: 'setMyDigestSettings', summary: 'Change my digest settings', requestBody: jsonRequest(DigestSettingsSchema), responses: { '200': jsonResponse('Saved', settings), '400': error, '401': error } },
  },
};
