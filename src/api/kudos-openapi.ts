import { jsonRequest, jsonResponse, pathParameter, queryParameters, schemaOf } from './openapi-zod';
import { KudosNoticeTallySchema, KudosSettingsSchema, LeaderboardQuerySchema, MineQuerySchema, PersonParams, WallQuerySchema } from './kudos';

/** The kudos part of GET /api/v1/openapi.json; requests described from their zod schemas. */
const error = { $ref: '#/components/responses/Error' };
const badge = { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, emoji: { type: 'string' }, colour: { type: 'string' }, hex: { type: 'string' } } };
const person = { type: 'object', properties: { userId: { type: 'string' }, displayName: { type: 'string' }, department: { type: 'string' } } };
const kudos = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    badge,
    recipients: { type: 'array', items: person },
    sender: person,
    message: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    private: { type: 'boolean' },
    joiners: { type: 'array', items: person },
    reactionCount: { type: 'integer' },
    commentCount: { type: 'integer' },
    card: { type: 'object', description: 'The Adaptive Card Teams shows' },
  },
};
const page = (extra: Record<string, unknown> = {}) => ({ type: 'object', required: ['kudos'], properties: { kudos: { type: 'array', items: kudos }, next: { type: 'string', description: 'Pass as `before` for the next page; absent on the last' }, ...extra } });
const settings = { ...schemaOf(KudosSettingsSchema), description: 'Who may send (managers: people with direct reports or the manager role; admins always), the weekly allowance per sender (null: none), manager notifications, the badges' };

export const KUDOS_OPENAPI_PATHS = {
  '/api/v1/kudos/wall': {
    get: { operationId: 'kudosWall', summary: 'Kudos newest first that the caller may see: the tenant, my team or a department', parameters: queryParameters(WallQuerySchema), responses: { '200': jsonResponse('A page', page()), '400': error, '401': error } },
  },
  '/api/v1/kudos/mine': {
    get: { operationId: 'myKudos', summary: 'Kudos I received or gave, with my badge counts', parameters: queryParameters(MineQuerySchema), responses: { '200': jsonResponse('A page', page({ stats: { type: 'object' } })), '400': error, '401': error } },
  },
  '/api/v1/kudos/leaderboard': {
    get: {
      operationId: 'kudosLeaderboard',
      summary: 'Who was recognised by the most DISTINCT people in a week, month or quarter; all badges or one; optionally one department',
      parameters: queryParameters(LeaderboardQuerySchema),
      responses: { '200': jsonResponse('The ranking', { type: 'object', properties: { period: { type: 'string' }, key: { type: 'string' }, entries: { type: 'array', items: { type: 'object', properties: { rank: { type: 'integer' }, userId: { type: 'string' }, displayName: { type: 'string' }, department: { type: 'string' }, senders: { type: 'integer' }, kudos: { type: 'integer' } } } } } }), '400': error, '401': error },
    },
  },
  '/api/v1/kudos/people/{userId}': {
    get: { operationId: 'personBadges', summary: 'A person\'s badges: kudos received per badge, and given', parameters: [pathParameter('userId', PersonParams.shape.userId)], responses: { '200': jsonResponse('Their badges', { type: 'object', properties: { userId: { type: 'string' }, receivedTotal: { type: 'integer' }, given: { type: 'integer' }, badges: { type: 'array', items: badge } } }), '401': error, '404': error } },
  },
  '/api/v1/kudos/notices': {
    get: { operationId: 'kudosNotices', summary: 'What became of kudos notices (admins): sent, not reachable (no personal installation), failed', responses: { '200': jsonResponse('The tally', schemaOf(KudosNoticeTallySchema)), '401': error, '403': error } },
  },
  '/api/v1/kudos/settings': {
    get: { operationId: 'kudosSettings', summary: 'The tenant\'s badges and sending policy', responses: { '200': jsonResponse('The settings', settings), '401': error } },
    put: { operationId: 'setKudosSettings', summary: 'Change the badges and sending policy (admins)', requestBody: jsonRequest(KudosSettingsSchema), responses: { '200': jsonResponse('The settings saved', settings), '400': error, '401': error, '403': error } },
  },
};
