import type { Server } from 'restify';
import { z } from 'zod';
import { notYetAcknowledged } from '../domain/acknowledgements';
import { assertControlsAnnouncement } from '../domain/authority';
import { DomainError } from '../domain/errors';
import { ApiDependencies, callerOf } from './context';
import { handler, parse } from './http';
import { jsonResponse, pathParameter } from './openapi-zod';

const AnnouncementIdParam = z.string().uuid('must be an announcement id');

/** Who acknowledged an announcement that asked for it, and which named recipients have not yet: its author and admins. */
export function registerAcknowledgementRoutes(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;
  server.get('/api/v1/announcements/:id/acknowledgements', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    const id = parse(AnnouncementIdParam, req.params.id).toLowerCase();
    const announcement = await repositories.announcements.get(identity.tenantId, id);
    if (!announcement) throw new DomainError('not_found');
    assertControlsAnnouncement(identity, announcement);
    const acknowledged = await repositories.acknowledgements.list(identity.tenantId, id);
    const notYet = notYetAcknowledged(announcement, acknowledged);
    const names = await repositories.people.getMany(identity.tenantId, [...acknowledged.map((a) => a.userId), ...notYet]);
    const name = (userId: string) => names.get(userId)?.displayName ?? '';
    return {
      required: !!announcement.extras?.acknowledge,
      count: acknowledged.length,
      acknowledged: acknowledged.map((a) => ({ ...a, displayName: name(a.userId) })),
      notYet: notYet.map((userId) => ({ userId, displayName: name(userId) })),
    };
  }));
}

const person = { type: 'object', properties: { userId: { type: 'string' }, displayName: { type: 'string' } } };
const error = { $ref: '#/components/responses/Error' };

export const ACKNOWLEDGEMENT_OPENAPI_PATHS = {
  '/api/v1/announcements/{id}/acknowledgements': {
    get: {
      operationId: 'announcementAcknowledgements',
      summary: "Who clicked \"I've read this\" (each person once, earliest first) and which named recipients have not yet (its author and admins)",
      parameters: [pathParameter('id', AnnouncementIdParam)],
      responses: {
        '200': jsonResponse('Acknowledgements', {
          type: 'object',
          properties: {
            required: { type: 'boolean' },
            count: { type: 'integer' },
            acknowledged: { type: 'array', items: { ...person, properties: { ...person.properties, at: { type: 'string', format: 'date-time' } } } },
            notYet: { type: 'array', items: person },
          },
        }),
        '400': error,
        '401': error,
        '403': error,
        '404': error,
      },
    },
  },
};
