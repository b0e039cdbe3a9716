import type { Role } from './identity';

export interface Person {
  tenantId: string;
  userId: string;
  displayName: string;
  email?: string;
  department?: string;
  jobTitle?: string;
  managerId?: string;
  locale?: string;
  roles: Role[];
}

export function initials(displayName: string): string {
  const letters = displayName
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word.match(/[\p{L}\p{N}]/u)?.[0]?.toUpperCase() ?? '')
    .filter(Boolean);
  return (letters.length > 1 ? letters[0] + letters[letters.length - 1] : letters[0] ?? '?') || '?';
}
