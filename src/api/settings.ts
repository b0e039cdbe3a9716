import type { Server } from 'restify';
import { z } from 'zod';
import { requireRole } from '../domain/identity';
import { validateReactionSet } from '../domain/reactions';
import { ApiDependencies, audit, callerOf } from './context';
import { handler, jsonBody, parse } from './http';

export const ReactionSetBody = z
  .object({
    reactions: z
      .array(z.object({ type: z.string().max(40), emoji: z.string().max(32), label: z.string().max(40) }).strict())
      .max(20),
  })
  .strict();

/** Tenant settings the tab's Admin page edits. Reading is for everyone; changing is for admins. */
export function registerSettingsRoutes(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;

  server.get('/api/v1/settings/reactions', handler(logger, async (req, res) => {
    const { identity } = await callerOf(deps, req);
    return { reactions: await repositories.tenants.reactionSet(identity.tenantId) };
  }));

  server.put('/api/v1/settings/reactions', jsonBody(), handler(logger, async (req, res) => {
    const { identity } = await callerOf(deps, req);
    requireRole(identity, 'admin');
    const reactions = validateReactionSet(parse(ReactionSetBody, req.body).reactions);
    await repositories.tenants.setReactionSet(identity.tenantId, reactions, identity.userId, new Date().toISOString());
    await audit(deps, req, identity, 'settings.reactions', { kind: 'settings', id: 'reactions' }, { reactions: reactions.map((r) => r.type) });
    logger.info({ tenantId: identity.tenantId, by: identity.userId }, 'reaction set changed');
    return { reactions };
  }));
}
