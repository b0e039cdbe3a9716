import { AUDIT_ACTIONS } from '../domain/audit';
import { AuditFilterSchema, AuditQuerySchema } from './audit';
import { jsonResponse, queryParameters } from './openapi-zod';

/** The audit part of GET /api/v1/openapi.json; parameters from the zod schemas that validate them. */
const error = { $ref: '#/components/responses/Error' };
const entry = {
  type: 'object',
  properties: {
    entryId: { type: 'string' },
    at: { type: 'string', format: 'date-time' },
    actorId: { type: 'string' },
    actorRoles: { type: 'array', items: { type: 'string' } },
    action: { type: 'string', enum: [...AUDIT_ACTIONS] },
    target: { type: 'object', properties: { kind: { type: 'string' }, id: { type: 'string' } } },
    details: { type: 'object', additionalProperties: true },
    source: { type: 'object', properties: { channel: { type: 'string', enum: ['api', 'teams', 'system'] }, address: { type: 'string' }, forwardedFor: { type: 'string' }, userAgent: { type: 'string' }, conversationId: { type: 'string' } } },
  },
};

export const AUDIT_OPENAPI_PATHS = {
  '/api/v1/audit': {
    get: {
      operationId: 'listAudit',
      summary: 'The audit log, newest first, filtered and paged (admins). Append-only: no route changes or deletes an entry.',
      parameters: queryParameters(AuditQuerySchema),
      responses: { '200': jsonResponse('A page of entries', { type: 'object', required: ['entries'], properties: { entries: { type: 'array', items: entry }, continuationToken: { type: 'string', description: 'Absent on the last page' } } }), '400': error, '401': error, '403': error },
    },
  },
  '/api/v1/audit.csv': {
    get: {
      operationId: 'exportAudit',
      summary: 'The audit log as CSV with the same filters (admins; at most 10,000 rows). The export is itself audited.',
      parameters: queryParameters(AuditFilterSchema),
      responses: { '200': { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } }, '400': error, '401': error, '403': error },
    },
  },
};
