import { AnalyticsQuerySchema } from './analytics';
import { jsonResponse, queryParameters } from './openapi-zod';

/** The analytics part of GET /api/v1/openapi.json; parameters from the zod schema that validates them. */
const error = { $ref: '#/components/responses/Error' };
const integer = { type: 'integer' };
const counts = { posts: integer, reactions: integer, comments: integer, kudos: integer, acknowledgements: integer, delivered: integer };
const report = {
  type: 'object',
  required: ['scope', 'from', 'to', 'totals', 'contributors', 'announcements', 'daily', 'departments', 'topPosts'],
  properties: {
    scope: { type: 'object', properties: { kind: { type: 'string', enum: ['tenant', 'community'] }, communityId: { type: 'string' }, name: { type: 'string' } } },
    from: { type: 'string', format: 'date' },
    to: { type: 'string', format: 'date' },
    totals: { type: 'object', description: 'reactions are net: given minus taken back', properties: { activePeople: integer, ...counts } },
    contributors: { type: 'object', description: 'Active people whose first contribution ever fell in the period, and the others', properties: { new: integer, returning: integer } },
    announcements: {
      type: 'object',
      description: 'The funnel delivered → acknowledged → reacted → commented (distinct people per announcement, added up); engaged: did any of the three; engagementRate = engaged / delivered',
      properties: { delivered: integer, acknowledged: integer, reacted: integer, commented: integer, engaged: integer, engagementRate: { type: 'number' } },
    },
    daily: { type: 'array', items: { type: 'object', properties: { day: { type: 'string', format: 'date' }, activePeople: integer, ...counts } } },
    departments: { type: 'array', description: 'Active people by department at their first activity; departments under 5 people are folded into "Other" (and the next smallest while "Other" is under 5)', items: { type: 'object', properties: { department: { type: 'string' }, people: integer } } },
    topPosts: { type: 'array', description: 'The most reacted and commented posts the caller may read', items: { type: 'object', properties: { postId: { type: 'string' }, kind: { type: 'string' }, title: { type: 'string' }, authorName: { type: 'string' }, reactions: integer, comments: integer } } },
  },
};

export const ANALYTICS_OPENAPI_PATHS = {
  '/api/v1/analytics': {
    get: {
      operationId: 'analytics',
      summary: 'Activity over a period of at most 366 UTC days: the tenant (authors, admins) or one community (its owners). format=csv gives one row a day.',
      parameters: queryParameters(AnalyticsQuerySchema),
      responses: { '200': { ...jsonResponse('The figures', report), content: { ...jsonResponse('The figures', report).content, 'text/csv': { schema: { type: 'string' } } } }, '400': error, '401': error, '403': error },
    },
  },
  '/api/v1/analytics/scopes': {
    get: {
      operationId: 'analyticsScopes',
      summary: 'Which analytics the caller may view: the tenant (authors, admins) and the communities they own',
      responses: {
        '200': jsonResponse('The scopes', { type: 'object', required: ['tenant', 'communities'], properties: { tenant: { type: 'boolean' }, communities: { type: 'array', items: { type: 'object', properties: { communityId: { type: 'string' }, name: { type: 'string' } } } } } }),
        '401': error,
      },
    },
  },
};
