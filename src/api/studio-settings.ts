import type { Server } from 'restify';
import { z } from 'zod';
import { GUID } from '../auth/authenticator';
import { AUDIENCE_LIST_MAX } from '../domain/audience';
import { requireRole } from '../domain/identity';
import { assertStudioAccess, canApprove, canAuthor, ruleFor } from '../domain/studio';
import { POST_TEMPLATES } from '../domain/studio-templates';
import { resolveRecipients, UNREACHABLE_PREFIX } from '../delivery/audience';
import { ApiDependencies, audit, callerOf } from './context';
import { handler, jsonBody, parse } from './http';
import { GuardrailsSchema } from './studio-schemas';

const idList = (pattern?: RegExp) =>
  z
    .string()
    .max(40_000)
    .optional()
    .transform((value) => (value ? value.split(',').map((id) => id.trim()).filter(Boolean) : []))
    .refine((ids) => ids.length <= AUDIENCE_LIST_MAX, `at most ${AUDIENCE_LIST_MAX}`)
    .refine((ids) => !pattern || ids.every((id) => pattern.test(id)), 'must be Entra object ids (GUIDs)');

/** An audience in the query string (a GET, so estimating reach as the author picks costs no write budget). */
export const ReachQuerySchema = z
  .object({
    channels: idList().describe('Comma-separated conversation ids'),
    people: idList(GUID).describe('Comma-separated Entra object ids'),
    everyone: z.enum(['true', 'false']).optional(),
  })
  .strict();

/** Studio's settings and lookups: who may use it, what an author may target, templates, the approval queue, reach. */
export function registerStudioSettingsRoutes(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;
  const { studio } = repositories;

  // For everyone signed in: the tab shows Studio, or a polite page naming who grants access.
  server.get('/api/v1/studio/access', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    const author = canAuthor(identity);
    const approver = canApprove(identity);
    const rule = author ? ruleFor(await studio.guardrails(identity.tenantId), identity) : undefined;
    const admins = await repositories.people.getMany(identity.tenantId, deps.config.admins);
    return {
      canAuthor: author,
      canApprove: approver,
      ...(rule && { rule }),
      grantors: [...admins.values()].map(({ userId, displayName }) => ({ userId, displayName })),
    };
  }));

  server.get('/api/v1/studio/templates', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    assertStudioAccess(identity);
    return { templates: POST_TEMPLATES };
  }));

  server.get('/api/v1/studio/queue', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    requireRole(identity, 'approver');
    const entries = await studio.queue(identity.tenantId);
    const authors = await repositories.people.getMany(identity.tenantId, entries.map((e) => e.authorId));
    return { drafts: entries.map((entry) => ({ ...entry, authorName: authors.get(entry.authorId)?.displayName ?? '' })) };
  }));

  server.get('/api/v1/studio/guardrails', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    requireRole(identity, 'admin');
    return studio.guardrails(identity.tenantId);
  }));

  server.put('/api/v1/studio/guardrails', jsonBody(), handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    requireRole(identity, 'admin');
    const input = parse(GuardrailsSchema, req.body);
    const authors = Object.fromEntries(Object.entries(input.authors).map(([userId, rule]) => [userId.toLowerCase(), rule]));
    const guardrails = { ...input, authors, updatedAt: new Date().toISOString(), updatedBy: identity.userId };
    await studio.setGuardrails(identity.tenantId, guardrails);
    await audit(deps, req, identity, 'settings.guardrails', { kind: 'settings', id: 'guardrails' }, { authors: Object.keys(authors) });
    logger.info({ tenantId: identity.tenantId, by: identity.userId }, 'studio guardrails changed');
    return guardrails;
  }));

  // An estimate from the same resolution the send uses: point reads of the roster and of each named person.
  server.get('/api/v1/studio/reach', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    assertStudioAccess(identity);
    const query = parse(ReachQuerySchema, req.query ?? {});
    const audience = { channels: query.channels, people: query.people, everyone: query.everyone === 'true' };
    const recipients = await resolveRecipients({ conversations: repositories.conversations, people: repositories.people, rosters: repositories.rosters }, identity.tenantId, audience);
    const unreachable = recipients.filter((id) => id.startsWith(UNREACHABLE_PREFIX)).length;
    return { recipients: recipients.length, channels: new Set(query.channels).size, unreachable };
  }));
}
