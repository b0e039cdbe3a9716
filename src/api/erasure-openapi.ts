import { ErasureJobId, ErasureStatusResponse, PrivacySettingsBody } from './erasure';
import { jsonRequest, jsonResponse, pathParameter, schemaOf } from './openapi-zod';
import { UserIdParam } from './people';

/** The privacy administration part of GET /api/v1/openapi.json, from the zod schemas that validate it. */
const error = { $ref: '#/components/responses/Error' };
const settingsSchema = schemaOf(PrivacySettingsBody);
const settings = jsonResponse('Privacy settings', { ...settingsSchema, additionalProperties: undefined, properties: { ...settingsSchema.properties, updatedAt: { type: 'string', format: 'date-time' }, updatedBy: { type: 'string' } } });

export const ERASURE_OPENAPI_PATHS = {
  '/api/v1/people/{userId}/erasure': {
    post: {
      operationId: 'erasePerson',
      summary:
        'Erase a person (admins), as a background job: posts and comments anonymised or deleted per the tenant setting, announcements kept under the pseudonym, reactions, poll votes, AMA upvotes, acknowledgements and reports removed with counts recounted, kudos handled with leaderboards exact, Teams ids taken off cards, profile and memberships deleted, delivery records pseudonymised. Answers 202 with the job and its Location at once; follow it with GET /api/v1/erasures/{jobId}. Safe to call again: a stopped erasure continues, a finished one answers 200 with its report. Audited when done',
      parameters: [pathParameter('userId', UserIdParam)],
      responses: {
        '202': jsonResponse('The erasure job, queued or under way (Location header: where to follow it)', schemaOf(ErasureStatusResponse, 'output')),
        '200': jsonResponse('The person was erased already: the finished job with its report', schemaOf(ErasureStatusResponse, 'output')),
        '400': error, '401': error, '403': error, '404': { ...error, description: 'No such person in the caller\'s tenant' }, '429': error,
      },
    },
  },
  '/api/v1/erasures/{jobId}': {
    get: {
      operationId: 'getErasure',
      summary: 'An erasure job\'s progress, and once done its report per kind (admins; jobs of the caller\'s tenant only)',
      parameters: [pathParameter('jobId', ErasureJobId)],
      responses: { '200': jsonResponse('The job', schemaOf(ErasureStatusResponse, 'output')), '400': error, '401': error, '403': error, '404': { ...error, description: 'No such erasure job in the caller\'s tenant' } },
    },
  },
  '/api/v1/settings/privacy': {
    get: { operationId: 'getPrivacySettings', summary: 'Erasure mode, removed-post grace period and retention (admins)', responses: { '200': settings, '401': error, '403': error } },
    put: { operationId: 'setPrivacySettings', summary: 'Change the erasure mode, the removed-post grace period and retention (admins; audited)', requestBody: jsonRequest(PrivacySettingsBody), responses: { '200': settings, '400': error, '401': error, '403': error } },
  },
};
