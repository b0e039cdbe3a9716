import { randomUUID } from 'crypto';
import { createBot } from '../../src/bot/app';
import { loadConfig } from '../../src/config';
import type { Announcement } from '../../src/domain/announcements';
import type { InstalledConversation } from '../../src/domain/conversations';
import { BotDeliverySender } from '../../src/delivery/bot-sender';
import { DeliveryEngine, DeliveryEngineOptions } from '../../src/delivery/engine';
import type { DeliveryTimings } from '../../src/delivery/limits';
import { createLogger } from '../../src/log';
import type { Repositories } from '../../src/store';

export const TENANT = '7d3e1c55-0000-4000-8000-00000000a001';
export const OTHER_TENANT = '7d3e1c55-0000-4000-8000-00000000b002';

/** Short timings so a suite runs in seconds; each test may override. */
export const FAST_TIMINGS: Partial<DeliveryTimings> = {
  tickMs: 100,
  leaseMs: 600,
  renewMs: 150,
  sendTimeoutMs: 1_000,
  retryBaseMs: 20,
  retryMaxMs: 200,
  maxAttempts: 6,
  maxInFlight: 16,
};

export const userIdOf = (index: number) => `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;

/** Installs Commons in `count` personal chats (through the repository, so the roster hook runs). */
export async function installPersonalChats(repositories: Repositories, serviceUrl: string, count: number, tenantId = TENANT, from = 0): Promise<string[]> {
  const ids: string[] = [];
  for (let i = from; i < from + count; i++) ids.push(await installPersonalChat(repositories, serviceUrl, userIdOf(i), tenantId, `a:personal-${i}`, `29:user-${i}`));
  return ids;
}

/** Installs Commons in one person's personal chat; its conversation id. */
export async function installPersonalChat(repositories: Repositories, serviceUrl: string, userId: string, tenantId = TENANT, conversationId = `a:personal-${userId}`, teamsId = `29:${userId}`): Promise<string> {
  const now = new Date().toISOString();
  const conversation: InstalledConversation = {
    tenantId,
    conversationId,
    kind: 'personal',
    serviceUrl,
    botId: '28:commons-test-bot',
    userId,
    active: true,
    installedAt: now,
    updatedAt: now,
    reference: {
      bot: { id: '28:commons-test-bot', name: 'Commons' },
      user: { id: teamsId, aadObjectId: userId },
      conversation: { id: conversationId, conversationType: 'personal', tenantId },
      channelId: 'msteams',
      serviceUrl,
    },
  };
  await repositories.conversations.save(conversation);
  return conversationId;
}

export async function installChannel(repositories: Repositories, serviceUrl: string, channelId: string, tenantId = TENANT): Promise<void> {
  const now = new Date().toISOString();
  await repositories.conversations.save({
    tenantId,
    conversationId: channelId,
    kind: 'channel',
    serviceUrl,
    botId: '28:commons-test-bot',
    teamId: '19:team@thread.tacv2',
    channelId,
    channelName: 'General',
    active: true,
    installedAt: now,
    updatedAt: now,
    reference: { bot: { id: '28:commons-test-bot' }, conversation: { id: channelId, conversationType: 'channel', isGroup: true, tenantId }, channelId: 'msteams', serviceUrl },
  });
}

/** The production sender over a real adapter (no bot id: unauthenticated calls to the mock connector). */
export function realSender(): BotDeliverySender {
  const config = loadConfig({ PORT: '0', SEED: 'false', LOG_LEVEL: 'silent' });
  const bot = createBot({ config, repositories: {} as Repositories, logger: createLogger('silent') });
  return new BotDeliverySender(bot.adapter, '');
}

export function createEngine(repositories: Repositories, options: Partial<DeliveryEngineOptions> & { timings?: Partial<DeliveryTimings> } = {}): DeliveryEngine {
  return new DeliveryEngine({
    announcements: repositories.announcements,
    deliveries: repositories.deliveries,
    senders: repositories.senders,
    budgets: repositories.outboundBudgets,
    lookups: { conversations: repositories.conversations, people: repositories.people, rosters: repositories.rosters },
    sender: options.sender ?? realSender(),
    logger: createLogger(process.env.LOG_LEVEL ?? 'silent'),
    maxRps: options.maxRps ?? 500,
    ...options,
    timings: { ...FAST_TIMINGS, ...options.timings },
  });
}

/** Stores an announcement due at `dueAt` (now by default), as the API would. */
export async function scheduleAnnouncement(repositories: Repositories, audience: Announcement['audience'], dueAt = new Date(), tenantId = TENANT): Promise<Announcement> {
  const at = new Date().toISOString();
  const announcement: Announcement = {
    tenantId,
    announcementId: randomUUID(),
    authorId: userIdOf(999),
    title: 'Quarterly all-hands',
    body: 'Join us **Thursday** at 10:00.',
    audience,
    scheduledAt: dueAt.toISOString(),
    status: 'scheduled',
    version: 1,
    work: { kind: 'deliver', jobId: 1, dueAt: dueAt.toISOString() },
    createdAt: at,
    updatedAt: at,
  };
  await repositories.announcements.create(announcement);
  return announcement;
}

/**
 * Polls until `check` returns a value (not undefined/false) or the time runs out. A check
 * that calls the API should poll slowly (`intervalMs` 500): the per-person read budget
 * answers a busy loop with 429 on a slow machine.
 */
export async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000, what = 'condition', intervalMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`eventually(): ${what} not reached in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Every delivery record of an announcement, by point reads. */
export async function recordsOf(repositories: Repositories, announcement: Announcement) {
  const current = await repositories.announcements.get(announcement.tenantId, announcement.announcementId);
  const count = current?.recipientCount ?? 0;
  return Promise.all(Array.from({ length: count }, (_, seq) => repositories.deliveries.read(announcement.tenantId, announcement.announcementId, seq)));
}
