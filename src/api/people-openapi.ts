import { jsonRequest, jsonResponse, pathParameter, queryParameters } from './openapi-zod';
import { PeopleQuerySchema, RolesBodySchema, UserIdParam } from './people';

/** The directory part of GET /api/v1/openapi.json; requests described from their zod schemas. */
const error = { $ref: '#/components/responses/Error' };
const person = {
  type: 'object',
  required: ['userId', 'displayName'],
  description: 'Everyone sees userId, displayName, jobTitle and department; admins also email, manager, roles, office and account state.',
  properties: {
    userId: { type: 'string' },
    displayName: { type: 'string' },
    jobTitle: { type: 'string' },
    department: { type: 'string' },
    email: { type: 'string' },
    managerId: { type: 'string' },
    managerName: { type: 'string' },
    officeLocation: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
    accountEnabled: { type: 'boolean' },
    source: { type: 'string', enum: ['graph', 'seed', 'seen'] },
    skills: { type: 'array', items: { type: 'string' }, description: '"Ask me about", when the person listed any' },
  },
};
const roleChange = {
  type: 'object',
  properties: { userId: { type: 'string' }, roles: { type: 'array', items: { type: 'string' } }, previousRoles: { type: 'array', items: { type: 'string' } }, changedBy: { type: 'string' }, changedAt: { type: 'string', format: 'date-time' } },
};
const userId = pathParameter('userId', UserIdParam);

const syncState = {
  type: 'object',
  required: ['configured', 'status'],
  properties: {
    configured: { type: 'boolean', description: 'Whether this deployment can reach Microsoft Graph' },
    syncId: { type: 'string', format: 'uuid' },
    status: { type: 'string', enum: ['never', 'running', 'completed', 'failed'] },
    mode: { type: 'string', enum: ['full', 'delta'] },
    requestedBy: { type: 'string' },
    startedAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    finishedAt: { type: 'string', format: 'date-time' },
    pages: { type: 'integer' },
    counts: { type: 'object', properties: Object.fromEntries(['received', 'created', 'updated', 'unchanged', 'removed'].map((k) => [k, { type: 'integer' }])) },
    error: { type: 'object', properties: { code: { type: 'string', enum: ['graph_permission', 'graph_malformed', 'graph_throttled', 'graph_failed', 'sync_failed'] }, message: { type: 'string', description: 'For the admin: names the missing permission on 401/403' }, at: { type: 'string', format: 'date-time' } } },
  },
};

export const PEOPLE_OPENAPI_PATHS = {
  '/api/v1/directory/sync': {
    post: {
      operationId: 'startDirectorySync',
      summary: 'Sync the directory from Microsoft Graph now (admins): incremental from the stored delta link, else full. No body.',
      responses: { '202': jsonResponse('Started, or the sync already under way', syncState), '401': error, '403': error, '409': { ...error, description: 'No Graph configured (local mode without GRAPH_BASE_URL)' } },
    },
    get: {
      operationId: 'getDirectorySync',
      summary: 'The last or current directory sync: state, pages, counts, error (admins)',
      responses: { '200': jsonResponse('The state', syncState), '401': error, '403': error },
    },
  },
  '/api/v1/directory/reach': {
    get: {
      operationId: 'getDirectoryReach',
      summary: 'Who an announcement to everyone reaches (admins and authors): the directory\'s active people, reachable (a personal chat with Commons) and unreachable by reason',
      responses: {
        '200': jsonResponse('The counts', {
          type: 'object',
          properties: {
            people: { type: 'integer' },
            reachable: { type: 'integer' },
            unreachable: { type: 'object', properties: { not_installed: { type: 'integer', description: 'No personal chat, and proactive install off' }, uninstalled: { type: 'integer', description: 'Removed Commons from their personal chat' } } },
            outsideDirectory: { type: 'integer', description: 'Personal chats of people the directory does not list' },
            weeklyDigest: {
              type: 'object',
              description: 'The latest weekly digest reach run (absent before the first): everyone of the directory counted, the unreachable by reason',
              properties: {
                at: { type: 'string', format: 'date-time' },
                people: { type: 'integer' },
                off: { type: 'integer', description: 'Turned the weekly digest off' },
                scheduled: { type: 'integer', description: 'Have their weekly digest scheduled (a quiet week sends nothing)' },
                newlyScheduled: { type: 'integer' },
                installed: { type: 'integer', description: 'Reached by proactive installation or through a team during the run' },
                unreachable: { type: 'object', additionalProperties: { type: 'integer' }, description: 'By reason: not_installed, blocked, install_failed, uninstalled, …' },
              },
            },
          },
        }),
        '401': error,
        '403': error,
      },
    },
  },
  '/api/v1/people': {
    get: {
      operationId: 'listPeople',
      summary: 'People of the caller\'s tenant: a search by word prefix (pickers), or the directory page by page. At most 25 a page.',
      parameters: queryParameters(PeopleQuerySchema),
      responses: {
        '200': jsonResponse('A page; continuation is absent on the last', { type: 'object', required: ['people'], properties: { people: { type: 'array', items: person }, continuation: { type: 'string' } } }),
        '400': { ...error, description: 'A search shorter than 2 letters, a continuation from elsewhere' },
        '401': error,
      },
    },
  },
  '/api/v1/people/{userId}/roles': {
    put: {
      operationId: 'assignRoles',
      summary: 'Set a person\'s roles (admins). Every change is recorded with who and when.',
      parameters: [userId],
      requestBody: jsonRequest(RolesBodySchema),
      responses: {
        '200': jsonResponse('The person and the recorded change', { type: 'object', properties: { person, change: roleChange } }),
        '400': error,
        '401': error,
        '403': error,
        '404': error,
        '409': { ...error, description: 'Removing your own admin role' },
      },
    },
  },
  '/api/v1/people/{userId}/roles/history': {
    get: {
      operationId: 'roleHistory',
      summary: 'A person\'s role changes, newest first (admins)',
      parameters: [userId],
      responses: { '200': jsonResponse('The changes', { type: 'object', properties: { changes: { type: 'array', items: roleChange } } }), '401': error, '403': error },
    },
  },
};
