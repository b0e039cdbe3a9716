import { effectiveRoles, Identity } from '../domain/identity';
import type { Person } from '../domain/people';
import type { Caller } from './authenticator';

export interface PersonLookup {
  get(tenantId: string, userId: string): Promise<Person | undefined>;
}

/** A proven caller plus what the tenant says about them: their roles and locale. */
export async function identityOf(caller: Caller, people: PersonLookup, bootstrapAdmins: readonly string[], locale?: string): Promise<{ identity: Identity; person?: Person }> {
  const person = await people.get(caller.tenantId, caller.userId);
  const roles = effectiveRoles(person?.roles ?? [], caller.userId, bootstrapAdmins);
  return { identity: { ...caller, roles, locale: locale ?? person?.locale }, person };
}
