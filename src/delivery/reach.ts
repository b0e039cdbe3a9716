import { mapBounded } from '../bounded';

/**
 * "Everyone" is the directory. A person is reachable when Commons has a personal chat
 * with them (they, or an admin for them, installed it); everyone else is counted, with
 * the reason, instead of silently left out. Proactive installation
 * (TeamsAppInstallation.ReadWriteForUser.All) is not offered yet, so "not installed"
 * means: not installed, and proactive install off.
 */
export type UnreachableReason = 'not_installed' | 'uninstalled';

export interface DirectoryReach {
  /** Active people in the directory. */
  people: number;
  reachable: number;
  unreachable: Record<UnreachableReason, number>;
  /** Personal chats of people the directory does not list (seen before a sync, or since removed). */
  outsideDirectory: number;
}

export interface ReachLookups {
  /** Every active person's id. */
  activePeople(tenantId: string): Promise<string[]>;
  /** person id → personal chat id, for every personal chat ever installed. */
  personalChatsByPerson(tenantId: string): Promise<Map<string, string>>;
  /** Whether a personal chat is still installed. */
  isActiveChat(tenantId: string, conversationId: string): Promise<boolean>;
}

const CHECK_CONCURRENCY = 32;

export async function directoryReach(lookups: ReachLookups, tenantId: string): Promise<DirectoryReach> {
  const [people, chats] = await Promise.all([lookups.activePeople(tenantId), lookups.personalChatsByPerson(tenantId)]);
  const reach: DirectoryReach = { people: people.length, reachable: 0, unreachable: { not_installed: 0, uninstalled: 0 }, outsideDirectory: 0 };
  const inDirectory = new Set(people);
  for (const userId of chats.keys()) if (!inDirectory.has(userId)) reach.outsideDirectory += 1;
  await mapBounded(people, CHECK_CONCURRENCY, async (userId) => {
    const chat = chats.get(userId);
    if (!chat) reach.unreachable.not_installed += 1;
    else if (await lookups.isActiveChat(tenantId, chat)) reach.reachable += 1;
    else reach.unreachable.uninstalled += 1;
  });
  return reach;
}

