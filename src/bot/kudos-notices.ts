import { kudosNoticeCard } from '../cards/kudos-notice';
import { backoffMs, DEFAULT_TIMINGS } from '../delivery/limits';
import { classifyError } from '../delivery/sender';
import type { FeatureContext } from './features';

/** Tries of one gathered message before it counts as failed. */
export const KUDOS_NOTICE_MAX_ATTEMPTS = 5;

/**
 * Sends the kudos a person gathered since their last message, as one card in their
 * personal chat (for HeldNoticeSweeper, kind "kudos"), through the outbound budgets
 * like every proactive send. Someone Commons cannot reach gets nothing and is counted.
 */
export async function sendHeldKudosNotice(features: FeatureContext, tenantId: string, userId: string, tabUrl?: string): Promise<{ retryAt?: number }> {
  const { repositories, logger } = features;
  const notices = repositories.kudosNotices;
  const pending = await notices.pending(tenantId, userId);
  if (!pending?.entries.length) return {};
  const now = () => features.now().getTime();
  const displayName = pending.displayName ?? (await repositories.people.get(tenantId, userId))?.displayName;
  const notice = { ...pending, displayName };
  const chatId = await repositories.rosters.personalChatOf(tenantId, userId);
  const chat = chatId ? await repositories.conversations.get(tenantId, chatId) : undefined;
  if (!chat?.active) {
    logger.info({ tenantId, kudos: pending.entries.length }, 'kudos notice: person not reachable (no personal installation)');
    return notices.settle(tenantId, notice, 'unreachable', now());
  }
  try {
    await features.messenger.sendCard(chat, kudosNoticeCard({ entries: pending.entries, overflow: pending.overflow, tabUrl }));
  } catch (error) {
    const failure = classifyError(error);
    const attempts = failure.kind === 'permanent' ? KUDOS_NOTICE_MAX_ATTEMPTS : await notices.failedTry(tenantId, userId);
    logger.warn({ err: failure, tenantId, attempts }, 'kudos notice not sent');
    if (attempts < KUDOS_NOTICE_MAX_ATTEMPTS) return { retryAt: now() + Math.max(failure.retryAfterMs ?? 0, backoffMs(attempts, DEFAULT_TIMINGS)) };
    return notices.settle(tenantId, notice, 'failed', now());
  }
  return notices.settle(tenantId, notice, 'sent', now());
}
