import type { DigestFanout } from '../delivery/digests';
import type { PersonReacher } from '../delivery/proactive-install';
import { runWeeklyReach, WEEKLY_REACH_SUBJECT, WeeklyReachPorts } from '../delivery/weekly-reach';
import type { FeatureContext } from './features';

/** The weekly reach run over the bot's stores (HeldNoticeSweeper, kind "weeklyReach"): again a week later. */
export function weeklyReachSender(features: FeatureContext, digests: DigestFanout, reacher: () => PersonReacher | undefined) {
  const { repositories, logger } = features;
  const ports: WeeklyReachPorts = {
    activePeople: (tenantId) => repositories.people.activeIds(tenantId),
    weeklyOn: async (tenantId, userId) => (await repositories.follows.digestSettings(tenantId, userId)).weekly,
    isScheduled: async (tenantId, userId) => (await repositories.heldNotices.get(tenantId, userId, 'weeklyDigest')) !== undefined,
    personalChat: async (tenantId, userId) => {
      const chatId = await repositories.rosters.personalChatOf(tenantId, userId);
      if (!chatId) return 'none';
      return (await repositories.conversations.get(tenantId, chatId))?.active ? 'active' : 'uninstalled';
    },
    get reacher() {
      return reacher();
    },
    schedule: async (tenantId, userId) => digests.scheduleWeekly(tenantId, userId, await repositories.follows.digestSettings(tenantId, userId)),
    saveReport: (tenantId, report) => repositories.follows.saveWeeklyReach(tenantId, report),
  };
  return async (tenantId: string): Promise<{ retryAt: number }> => {
    const report = await runWeeklyReach(ports, tenantId, features.now());
    logger.info({ tenantId, ...report }, 'weekly digest reach');
    return { retryAt: features.now().getTime() + digests.timings.weeklyMs };
  };
}

/** Makes sure the tenant's weekly reach run is held (the first soon after Commons arrives in the tenant). */
export async function ensureWeeklyReach(features: FeatureContext, tenantId: string, dueAt: number): Promise<void> {
  if (!(await features.repositories.heldNotices.get(tenantId, WEEKLY_REACH_SUBJECT, 'weeklyReach'))) await features.repositories.heldNotices.hold(tenantId, WEEKLY_REACH_SUBJECT, dueAt, 'weeklyReach');
}
