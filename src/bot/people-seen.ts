import type { Activity, ChannelAccount } from 'botbuilder';
import type { PeopleRepository, ProfileUpdate } from '../store/people';
import { GUID } from '../auth/authenticator';
import { tenantOf } from './activity';

/** Accounts a single activity may introduce at once (a member event lists at most this many). */
const SEEN_PER_ACTIVITY_MAX = 1000;
const NAME_MAX = 256;

/**
 * Day one, before any directory sync: a person who speaks to Commons, or whom Teams
 * names in a member event, is recorded with the name and Entra id Teams gave. Never
 * over what the directory (or an earlier activity) said: a known person costs one
 * cached point read and no write. Bots and accounts without an Entra id are not people.
 */
export async function recordPeopleSeen(people: PeopleRepository, activity: Partial<Activity>, now: string): Promise<void> {
  const tenantId = tenantOf(activity);
  if (!tenantId) return;
  const accounts: ChannelAccount[] = [activity.from, ...(activity.membersAdded ?? [])].filter((a): a is ChannelAccount => !!a).slice(0, SEEN_PER_ACTIVITY_MAX);
  const candidates = new Map<string, string>();
  for (const account of accounts) {
    const userId = account.aadObjectId?.toLowerCase();
    const name = typeof account.name === 'string' ? account.name.trim().slice(0, NAME_MAX) : '';
    if (!userId || !GUID.test(userId) || !name || account.id === activity.recipient?.id) continue;
    candidates.set(userId, name);
  }
  if (candidates.size === 0) return;
  const known = await people.getMany(tenantId, candidates.keys());
  const updates: ProfileUpdate[] = [...candidates]
    .filter(([userId]) => !known.has(userId))
    .map(([userId, displayName]) => ({ userId, profile: { displayName }, source: 'seen', onlyIfMissing: true }));
  if (updates.length) await people.save(tenantId, updates, now);
}
