import { mapBounded } from '../bounded';
import { Audience, AUDIENCE_LIST_MAX, isEmptyAudience } from '../domain/audience';
import type { InstalledConversation } from '../domain/conversations';
import { DomainError } from '../domain/errors';
import type { Person } from '../domain/people';

/** The lookups audience rules need; the store's repositories provide them. */
export interface AudienceLookups {
  conversations: {
    get(tenantId: string, conversationId: string): Promise<InstalledConversation | undefined>;
    /** Optional batch read; the engine falls back to get() per id. */
    getMany?(tenantId: string, conversationIds: string[]): Promise<Array<InstalledConversation | undefined>>;
    /** A send found the conversation gone: later sends fail it as not installed without a request. */
    markInactive?(tenantId: string, conversationId: string, at: string, unlessUpdatedAfter?: string): Promise<unknown>;
  };
  people: {
    get(tenantId: string, userId: string): Promise<Person | undefined>;
    /** Every active person of the directory; without it "everyone" is the personal chats alone. */
    activeIds?(tenantId: string): Promise<string[]>;
  };
  /** Every personal chat ever installed, active or not (see store/rosters.ts). */
  rosters: {
    personalChats(tenantId: string): Promise<string[]>;
    personalChatOf(tenantId: string, userId: string): Promise<string | undefined>;
    personalChatsByPerson?(tenantId: string): Promise<Map<string, string>>;
  };
}

/** A recipient with no conversation yet (a person who never opened Commons): fails "not installed". */
export const UNREACHABLE_PREFIX = 'person:';

const LOOKUP_CONCURRENCY = 32;


function unknown(kind: string, ids: string[]): DomainError {
  const shown = ids.slice(0, 3).join(', ') + (ids.length > 3 ? ` and ${ids.length - 3} more` : '');
  return new DomainError('bad_request', `${kind} ${shown}`, 'error.announcement.unknownTarget', { detail: `${kind} ${shown}` });
}

/**
 * Checks an audience when an announcement is created or edited: 400 for nothing to
 * send to, for communities (which do not exist yet), and for channels or people this
 * tenant does not have. A known person without a personal chat is accepted and
 * fails later as "not installed", visibly.
 */
export async function validateAudience(lookups: AudienceLookups, tenantId: string, audience: Audience): Promise<void> {
  if (isEmptyAudience(audience)) throw new DomainError('bad_request', 'no recipients', 'error.announcement.noTarget');
  if (audience.communities?.length) throw new DomainError('bad_request', 'communities are not available yet', 'error.announcement.communities');
  for (const list of [audience.channels, audience.people]) {
    if ((list?.length ?? 0) > AUDIENCE_LIST_MAX) throw new DomainError('bad_request', `at most ${AUDIENCE_LIST_MAX} channels or people; use everyone for more`);
  }
  const channels = [...new Set(audience.channels ?? [])];
  const found = await mapBounded(channels, LOOKUP_CONCURRENCY, (id) => lookups.conversations.get(tenantId, id));
  const badChannels = channels.filter((_, i) => !found[i]?.active || found[i]?.kind !== 'channel');
  if (badChannels.length) throw unknown('channels', badChannels);

  const people = [...new Set((audience.people ?? []).map((id) => id.toLowerCase()))];
  const known = await mapBounded(people, LOOKUP_CONCURRENCY, async (id) =>
    (await lookups.people.get(tenantId, id)) !== undefined || (await lookups.rosters.personalChatOf(tenantId, id)) !== undefined,
  );
  const badPeople = people.filter((_, i) => !known[i]);
  if (badPeople.length) throw unknown('people', badPeople);

  if (audience.everyone && !channels.length && !people.length && (await everyone(lookups, tenantId)).length === 0) {
    throw new DomainError('bad_request', 'nobody has installed Commons yet', 'error.announcement.noTarget');
  }
}

/**
 * "Everyone" is the directory: every personal chat of the tenant, from the roster
 * (point reads), active or not (the send counts an uninstalled one as "not installed"
 * rather than leaving it out), and every active person of the directory without a
 * personal chat, as an unreachable recipient the send fails "not installed" with
 * their id. So the total accounts for every person, reached or not.
 */
async function everyone(lookups: AudienceLookups, tenantId: string): Promise<string[]> {
  const chats = await lookups.rosters.personalChats(tenantId);
  if (!lookups.people.activeIds || !lookups.rosters.personalChatsByPerson) return chats;
  const [people, byPerson] = await Promise.all([lookups.people.activeIds(tenantId), lookups.rosters.personalChatsByPerson(tenantId)]);
  return [...chats, ...people.filter((id) => !byPerson.has(id)).map((id) => `${UNREACHABLE_PREFIX}${id}`)];
}

/**
 * The audience as a recipient list at send time: conversation ids, each once, in a
 * stable order (channels, then named people, then everyone else).
 */
export async function resolveRecipients(lookups: AudienceLookups, tenantId: string, audience: Audience): Promise<string[]> {
  const recipients = new Set<string>(audience.channels ?? []);
  const people = [...new Set((audience.people ?? []).map((id) => id.toLowerCase()))];
  const chats = await mapBounded(people, LOOKUP_CONCURRENCY, (id) => lookups.rosters.personalChatOf(tenantId, id));
  people.forEach((id, i) => recipients.add(chats[i] ?? `${UNREACHABLE_PREFIX}${id}`));
  if (audience.everyone) for (const id of await everyone(lookups, tenantId)) recipients.add(id);
  return [...recipients];
}
