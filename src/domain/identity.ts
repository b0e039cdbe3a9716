import { DomainError } from './errors';

/** Roles a person can hold within one tenant (ROADMAP: admin, author, approver, moderator, manager). */
export const ROLES = ['admin', 'author', 'approver', 'moderator', 'manager'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is acting. Always built from an authenticated source (a validated token, a
 * validated bot activity, or local mode's dev identity), never from a payload.
 */
export interface Identity {
  tenantId: string;
  userId: string;
  roles: readonly Role[];
  locale?: string;
}

export function hasRole(identity: Identity, role: Role): boolean {
  // Admins can do everything any other role can.
  return identity.roles.includes(role) || identity.roles.includes('admin');
}

export function requireRole(identity: Identity, role: Role): void {
  if (!hasRole(identity, role)) throw new DomainError('forbidden', `requires the ${role} role`);
}

/** Roles held: stored assignments plus configuration's bootstrap admins. */
export function effectiveRoles(stored: readonly Role[], userId: string, bootstrapAdmins: readonly string[]): Role[] {
  const roles = new Set<Role>(stored);
  if (bootstrapAdmins.includes(userId)) {
    roles.add('admin');
    roles.add('author');
  }
  return ROLES.filter((role) => roles.has(role));
}
