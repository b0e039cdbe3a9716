import type { Server } from 'restify';
import { z } from 'zod';
import { acceptGuidelines, checkGuidelinesText, GUIDELINES_MAX_LENGTH, guidelinesFor } from '../domain/guidelines';
import { DomainError } from '../domain/errors';
import { requireRole } from '../domain/identity';
import { ApiDependencies, audit, callerOf } from './context';
import { handler, jsonBody, parse } from './http';
import { jsonRequest, jsonResponse, schemaOf } from './openapi-zod';

const Version = z.object({ version: z.number().int().positive(), markdown: z.string(), publishedAt: z.string(), publishedBy: z.string() });
const Acceptance = z.object({ userId: z.string(), version: z.number().int().positive(), acceptedAt: z.string() });

const GuidelinesResponse = z.object({
  /** Absent when the tenant has not published guidelines: nothing is asked. */
  current: Version.optional(),
  /** The caller's acceptance of the current version, if they accepted it. */
  accepted: Acceptance.optional(),
});
const AcceptBody = z.object({ version: z.number().int().positive() }).strict();
const AcceptResponse = z.object({ acceptance: Acceptance, created: z.boolean() });
const GuidelinesSettingsBody = z
  .object({
    markdown: z.string().max(GUIDELINES_MAX_LENGTH * 2),
    /** false: save as the draft; true: publish as a new version (everyone accepts it again). */
    publish: z.boolean(),
    /** For publish: the version the admin edited from (0 when none was published); another admin's newer version is a 409. */
    basedOn: z.number().int().min(0).optional(),
  })
  .strict();
const GuidelinesSettingsResponse = z.object({
  current: Version.optional(),
  draft: z.object({ markdown: z.string(), savedAt: z.string(), savedBy: z.string() }).optional(),
});

/**
 * The community guidelines (issue 17, item 1): everyone reads the current version and
 * accepts it; admins save a draft and publish numbered versions, each audited.
 */
export function registerGuidelinesRoutes(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;

  server.get('/api/v1/guidelines', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    return guidelinesFor(repositories.guidelines, identity);
  }));

  // Accepting an older version than the current one is 403 guidelines_required (with the current version's number).
  server.post('/api/v1/guidelines/accept', jsonBody(), handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    const { version } = parse(AcceptBody, req.body);
    const result = await acceptGuidelines(repositories.guidelines, identity, version, new Date());
    if (result.created) logger.info({ tenantId: identity.tenantId, userId: identity.userId, version }, 'guidelines accepted');
    return result;
  }));

  server.get('/api/v1/settings/guidelines', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    requireRole(identity, 'admin');
    return repositories.guidelines.state(identity.tenantId);
  }));

  server.put('/api/v1/settings/guidelines', jsonBody(), handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    requireRole(identity, 'admin');
    const body = parse(GuidelinesSettingsBody, req.body);
    const markdown = checkGuidelinesText(body.markdown);
    const now = new Date().toISOString();
    if (!body.publish) {
      const saved = await repositories.guidelines.saveDraft(identity.tenantId, markdown, identity.userId, now);
      await audit(deps, req, identity, 'guidelines.draft', { kind: 'settings', id: 'guidelines' }, { length: markdown.length });
      return saved;
    }
    const published = (await repositories.guidelines.state(identity.tenantId)).current?.version ?? 0;
    if (body.basedOn !== undefined && body.basedOn !== published) throw new DomainError('conflict', `guidelines version ${published} was published since version ${body.basedOn}`);
    const saved = await repositories.guidelines.publish(identity.tenantId, markdown, published, identity.userId, now);
    await audit(deps, req, identity, 'guidelines.publish', { kind: 'settings', id: 'guidelines' }, { version: saved.current?.version ?? 0, length: markdown.length });
    logger.info({ tenantId: identity.tenantId, by: identity.userId, version: saved.current?.version }, 'guidelines published');
    return saved;
  }));
}

const error = { $ref: '#/components/responses/Error' };
const settings = jsonResponse('The published guidelines and the draft', schemaOf(GuidelinesSettingsResponse, 'output'));

export const GUIDELINES_OPENAPI_PATHS = {
  '/api/v1/guidelines': {
    get: { operationId: 'getGuidelines', summary: "The tenant's current community guidelines and whether the caller accepted them (no `current`: none published, nothing asked)", responses: { '200': jsonResponse('Guidelines', schemaOf(GuidelinesResponse, 'output')), '401': error } },
  },
  '/api/v1/guidelines/accept': {
    post: { operationId: 'acceptGuidelines', summary: 'Accept the current version (idempotent; an older version is 403 guidelines_required)', requestBody: jsonRequest(AcceptBody), responses: { '200': jsonResponse('The acceptance', schemaOf(AcceptResponse, 'output')), '400': error, '401': error, '403': error, '404': error } },
  },
  '/api/v1/settings/guidelines': {
    get: { operationId: 'getGuidelinesSettings', summary: 'The published guidelines and the draft (admins)', responses: { '200': settings, '401': error, '403': error } },
    put: { operationId: 'setGuidelines', summary: 'Save the guidelines as a draft, or publish them as a new version everyone accepts again (admins; audited)', requestBody: jsonRequest(GuidelinesSettingsBody), responses: { '200': settings, '400': error, '401': error, '403': error, '409': error, '413': error } },
  },
};
