import { DomainError } from './errors';
import { Identity, requireRole, Role, ROLES } from './identity';

/**
 * Who may give whom which roles. Admins assign every role; nobody removes their own
 * admin role (the tenant would be left without the person who just acted, and only
 * COMMONS_ADMINS could repair it).
 */
export function assertCanAssignRoles(actor: Identity, targetUserId: string, roles: readonly Role[]): Role[] {
  requireRole(actor, 'admin');
  const next = ROLES.filter((role) => roles.includes(role));
  if (targetUserId === actor.userId && actor.roles.includes('admin') && !next.includes('admin')) {
    throw new DomainError('conflict', 'you cannot remove your own admin role; ask another admin', 'error.roles.ownAdmin');
  }
  return next;
}
