import type { Server } from 'restify';
import { z } from 'zod';
import { requireRole } from '../domain/identity';
import { ApiDependencies, audit, callerOf } from './context';
import { handler, jsonBody, parse } from './http';
import { jsonRequest, jsonResponse, schemaOf } from './openapi-zod';

const DeliverySettingsBody = z.object({ proactiveInstall: z.boolean() }).strict();
const DeliverySettingsResponse = z.object({
  proactiveInstall: z.boolean(),
  /** Whether this deployment can install at all: a Graph and the app's manifest id (TEAMS_APP_ID). */
  proactiveInstallAvailable: z.boolean(),
  updatedAt: z.string().optional(),
  updatedBy: z.string().optional(),
});

/**
 * How announcements reach people (admins). Proactive installation needs the Graph
 * application permission TeamsAppInstallation.ReadWriteForUser.All; it is off until
 * an admin turns it on, as installing an app for everyone is an organisation's choice.
 */
export function registerDeliverySettingsRoutes(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;
  const available = Boolean(deps.config.directory.graphBaseUrl && deps.config.teamsAppId);

  server.get('/api/v1/settings/delivery', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    requireRole(identity, 'admin');
    return { ...(await repositories.tenants.deliverySettings(identity.tenantId)), proactiveInstallAvailable: available };
  }));

  server.put('/api/v1/settings/delivery', jsonBody(), handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    requireRole(identity, 'admin');
    const body = parse(DeliverySettingsBody, req.body);
    const saved = await repositories.tenants.setDeliverySettings(identity.tenantId, body, identity.userId, new Date().toISOString());
    await audit(deps, req, identity, 'settings.delivery', { kind: 'settings', id: 'delivery' }, { proactiveInstall: saved.proactiveInstall });
    logger.info({ tenantId: identity.tenantId, by: identity.userId, proactiveInstall: saved.proactiveInstall }, 'delivery settings changed');
    return { ...saved, proactiveInstallAvailable: available };
  }));
}

const error = { $ref: '#/components/responses/Error' };
const settings = jsonResponse('Delivery settings', schemaOf(DeliverySettingsResponse, 'output'));

export const DELIVERY_SETTINGS_OPENAPI_PATHS = {
  '/api/v1/settings/delivery': {
    get: { operationId: 'getDeliverySettings', summary: 'Whether Commons installs itself for people who never opened it, when an announcement targets them (admins)', responses: { '200': settings, '401': error, '403': error } },
    put: { operationId: 'setDeliverySettings', summary: 'Turn proactive installation on or off (admins; needs TeamsAppInstallation.ReadWriteForUser.All)', requestBody: jsonRequest(DeliverySettingsBody), responses: { '200': settings, '400': error, '401': error, '403': error } },
  },
};
