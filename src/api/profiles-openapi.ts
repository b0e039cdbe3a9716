import { jsonRequest, jsonResponse, pathParameter } from './openapi-zod';
import { ProfileBodySchema, ProfileUserParam } from './profiles';

/** The profiles part of GET /api/v1/openapi.json; requests described from their zod schemas. */
const error = { $ref: '#/components/responses/Error' };
const summary = {
  type: 'object',
  required: ['userId', 'displayName', 'initials'],
  properties: { userId: { type: 'string' }, displayName: { type: 'string' }, initials: { type: 'string' }, jobTitle: { type: 'string' }, department: { type: 'string' } },
};
const tags = { type: 'array', items: { type: 'string' } };
const profile = {
  type: 'object',
  required: ['person', 'isMe', 'directReports', 'directReportCount', 'communities', 'kudos', 'recentPosts', 'skills', 'interests'],
  properties: {
    person: { ...summary, properties: { ...summary.properties, email: { type: 'string', description: 'For the Teams chat link' }, officeLocation: { type: 'string' } } },
    isMe: { type: 'boolean' },
    manager: summary,
    directReports: { type: 'array', items: summary, description: 'At most 25, by name' },
    directReportCount: { type: 'integer' },
    communities: {
      type: 'array',
      description: 'Communities the person belongs to that the caller may know exist: a secret one only when the caller is a member too',
      items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, emoji: { type: 'string' }, colour: { type: 'string' }, privacy: { type: 'string', enum: ['open', 'closed', 'secret'] } } },
    },
    kudos: {
      type: 'object',
      properties: {
        received: { type: 'integer' },
        given: { type: 'integer' },
        badges: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, emoji: { type: 'string' }, colour: { type: 'string' }, count: { type: 'integer' } } } },
      },
    },
    recentPosts: {
      type: 'array',
      description: 'The newest posts of this person the caller may see, at most 5, shaped as in /api/v1/feed',
      items: {
        type: 'object',
        required: ['id', 'reactionCounts', 'myReaction'],
        properties: {
          id: { type: 'string' },
          reactionCounts: { type: 'object', additionalProperties: { type: 'integer' }, description: 'Reaction type → how many people gave it' },
          myReaction: { type: 'string', nullable: true, description: "The reader's own reaction" },
          acknowledgement: { type: 'object', properties: { acknowledged: { type: 'boolean' } }, description: 'Only on an announcement that asks "I\'ve read this": whether the reader has' },
        },
      },
    },
    skills: tags,
    interests: tags,
  },
};

export const PROFILES_OPENAPI_PATHS = {
  '/api/v1/people/{userId}/profile': {
    get: {
      operationId: 'personProfile',
      summary: 'A person\'s profile as the caller may see it (`me` for the caller): directory fields, manager and direct reports, communities, kudos, recent posts, skills and interests',
      parameters: [{ ...pathParameter('userId', ProfileUserParam), description: 'An Entra object id, or `me`' }],
      responses: { '200': jsonResponse('The profile', profile), '400': error, '401': error, '404': { ...error, description: 'Nobody of that id in the caller\'s tenant' } },
    },
  },
  '/api/v1/me/profile': {
    put: {
      operationId: 'setMyProfile',
      summary: 'Replace my "ask me about" skills and my interests: trimmed, deduplicated, screened by the tenant word list',
      requestBody: jsonRequest(ProfileBodySchema),
      responses: { '200': jsonResponse('What is saved', { type: 'object', properties: { skills: tags, interests: tags } }), '400': error, '401': error, '404': error },
    },
  },
};
