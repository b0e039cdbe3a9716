import { ErasureResponse, PrivacySettingsBody } from './erasure';
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
        'Erase a person (admins): posts and comments anonymised or deleted per the tenant setting, reactions, poll votes, AMA upvotes, acknowledgements and reports removed with counts recounted, kudos handled, profile and memberships deleted, delivery records pseudonymised. Safe to call again: a stopped erasure continues, a finished one answers its report. Audited',
      parameters: [pathParameter('userId', UserIdParam)],
      responses: { '200': jsonResponse('What was done, per kind', schemaOf(ErasureResponse, 'output')), '400': error, '401': error, '403': error, '404': { ...error, description: 'No such person in the caller\'s tenant' }, '429': error },
    },
  },
  '/api/v1/settings/privacy': {
    get: { operationId: 'getPrivacySettings', summary: 'Erasure mode, removed-post grace period and retention (admins)', responses: { '200': settings, '401': error, '403': error } },
    put: { operationId: 'setPrivacySettings', summary: 'Change the erasure mode, the removed-post grace period and retention (admins; audited)', requestBody: jsonRequest(PrivacySettingsBody), responses: { '200': settings, '400': error, '401': error, '403': error } },
  },
};
