import type { Server } from 'restify';
import { DirectorySyncNotConfigured } from '../directory/sync';
import { DomainError } from '../domain/errors';
import { hasRole, requireRole } from '../domain/identity';
import { directoryReach } from '../delivery/reach';
import type { DirectorySyncState } from '../store/directory-sync';
import { ApiDependencies, audit, callerOf } from './context';
import { handler } from './http';

/** What an admin sees of a sync: never the links (they carry Graph's tokens). */
export function syncView(state: DirectorySyncState | undefined, configured: boolean) {
  if (!state) return { configured, status: 'never' as const };
  const { syncId, status, mode, requestedBy, startedAt, updatedAt, finishedAt, pages, counts, error } = state;
  return { configured, syncId, status, mode, requestedBy, startedAt, updatedAt, finishedAt, pages, counts, error };
}

/** Directory sync on demand and its state: admins only. */
export function registerDirectoryRoutes(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;
  const configured = (tenantId: string) => deps.directorySync?.isConfigured(tenantId) ?? false;

  server.post('/api/v1/directory/sync', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    requireRole(identity, 'admin');
    if (!deps.directorySync || !configured(identity.tenantId)) throw new DomainError('conflict', undefined, 'error.directory_not_configured');
    try {
      const state = await deps.directorySync.request(identity.tenantId, identity.userId);
      await audit(deps, req, identity, 'directory.sync', { kind: 'directory', id: state.syncId }, { mode: state.mode });
      logger.info({ tenantId: identity.tenantId, by: identity.userId, syncId: state.syncId, mode: state.mode }, 'directory sync requested');
      return syncView(state, true);
    } catch (error) {
      if (error instanceof DirectorySyncNotConfigured) throw new DomainError('conflict', undefined, 'error.directory_not_configured');
      throw error;
    }
  }, 202));

  server.get('/api/v1/directory/sync', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    requireRole(identity, 'admin');
    return syncView(await repositories.directorySync.get(identity.tenantId), configured(identity.tenantId));
  }));

  // Studio's audience count for "everyone": who Commons can reach, and why not the rest.
  server.get('/api/v1/directory/reach', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    if (!hasRole(identity, 'admin') && !hasRole(identity, 'author')) throw new DomainError('forbidden', 'requires the admin or author role');
    const [reach, weeklyDigest] = await Promise.all([directoryReach(
      {
        activePeople: (tenantId) => repositories.people.activeIds(tenantId),
        personalChatsByPerson: (tenantId) => repositories.rosters.personalChatsByPerson(tenantId),
        isActiveChat: async (tenantId, conversationId) => (await repositories.conversations.get(tenantId, conversationId))?.active === true,
      },
      identity.tenantId,
    ), repositories.follows.weeklyReach(identity.tenantId)]);
    return { ...reach, ...(weeklyDigest && { weeklyDigest }) };
  }));
}
