import type { Role } from './identity';

/**
 * Where a person's profile came from: the directory sync (Microsoft Graph), the demo
 * seed, or only having been seen in an activity (name and id, before any sync).
 */
export type PersonSource = 'graph' | 'seed' | 'seen';

/** What the organisation says about a person (Graph's fields, or what an activity told us). */
export interface Profile {
  displayName: string;
  email?: string;
  department?: string;
  jobTitle?: string;
  officeLocation?: string;
  managerId?: string;
  /** False for a disabled account; `deleted` for a user removed from the directory. */
  accountEnabled?: boolean;
  deleted?: boolean;
  /** The directory sync that last saw this person: a full sync marks the people it did not see as deleted. */
  syncId?: string;
}

export interface Person extends Profile {
  tenantId: string;
  userId: string;
  locale?: string;
  roles: Role[];
  source?: PersonSource;
  updatedAt?: string;
  /** What the person says they can be asked about (src/domain/profiles.ts); searchable. The directory never writes these. */
  skills?: string[];
  interests?: string[];
}

/** Disabled and deleted people keep their documents (history, posts) but leave audiences, pickers and search. */
export function isActivePerson(person: Pick<Person, 'accountEnabled' | 'deleted'>): boolean {
  return person.deleted !== true && person.accountEnabled !== false;
}

export function initials(displayName: string): string {
  const letters = displayName
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word.match(/[\p{L}\p{N}]/u)?.[0]?.toUpperCase() ?? '')
    .filter(Boolean);
  return (letters.length > 1 ? letters[0] + letters[letters.length - 1] : letters[0] ?? '?') || '?';
}

/** How far up a management chain we walk: deeper than any real organisation, bounded against cycles. */
export const MANAGER_CHAIN_MAX = 32;

/**
 * The managers above a person, nearest first. Graph does not prevent a manager cycle
 * (A reports to B, B to A); the walk stops at the first person already seen, so a
 * cycle yields each manager once and never loops.
 */
export async function managementChain(
  userId: string,
  lookup: (userId: string) => Promise<Pick<Person, 'userId' | 'managerId'> | undefined>,
): Promise<string[]> {
  const chain: string[] = [];
  const seen = new Set([userId]);
  let current = await lookup(userId);
  while (current?.managerId && !seen.has(current.managerId) && chain.length < MANAGER_CHAIN_MAX) {
    chain.push(current.managerId);
    seen.add(current.managerId);
    current = await lookup(current.managerId);
  }
  return chain;
}
