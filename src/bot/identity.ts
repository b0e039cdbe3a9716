import type { TurnContext } from 'botbuilder';
import { identityOf, PersonLookup } from '../auth/identity';
import { DomainError } from '../domain/errors';
import type { Identity } from '../domain/identity';
import { tenantOf } from './activity';

export type BotIdentity = Identity & { displayName: string; teamsUserId: string };

/**
 * The person behind an activity: tenant from the (authenticated) activity, user
 * from its Entra object id. Ids inside card data are never trusted for this.
 */
export async function identityFromActivity(context: TurnContext, people: PersonLookup, admins: readonly string[]): Promise<BotIdentity> {
  const tenantId = tenantOf(context.activity)?.toLowerCase();
  const userId = context.activity.from?.aadObjectId?.toLowerCase();
  if (!tenantId || !userId) throw new DomainError('unauthenticated', 'activity without tenant or user');
  const { identity, person } = await identityOf({ tenantId, userId }, people, admins, context.activity.locale);
  return { ...identity, locale: context.activity.locale ?? identity.locale, displayName: person?.displayName ?? context.activity.from.name ?? '', teamsUserId: context.activity.from.id };
}
