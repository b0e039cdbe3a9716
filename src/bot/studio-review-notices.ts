import { backoffMs, DEFAULT_TIMINGS } from '../delivery/limits';
import { classifyError } from '../delivery/sender';
import { reviewOutcomeCard, reviewRequestCard, reviewResultCard } from '../cards/studio-review';
import type { Draft } from '../domain/studio';
import { approversOf, personalChat } from '../delivery/studio-approvers';
import type { ReviewCards } from '../store/studio';
import type { FeatureContext } from './features';
import { outcomeOf, reviewViewOf } from './studio-review-view';

/**
 * The held notice of a Studio review (kind "studioReview", subject the draft), sent by
 * whichever instance sweeps: while a draft waits for approval, every approver (the
 * approver role, and admins) gets a card in their personal chat; once it is decided,
 * or withdrawn by the author, every copy is updated to say so and the author hears the
 * result. What went to whom is kept per round of approval, so a sweep that runs again
 * (a crash, a second hold) sends each card once. All sends spend from the Outbound budgets.
 */
/**
 * A card to each approver not asked yet this round. A chat that refuses it for good is
 * not tried again; a passing failure (throttled, an outage) makes the notice wait and
 * try the rest later, with the backoff of every other proactive send.
 */
async function askApprovers(features: FeatureContext, draft: Draft, cards: ReviewCards, tabUrl?: string): Promise<{ retryAt?: number }> {
  const { repositories, messenger, logger } = features;
  const done = new Set([...cards.copies.map((c) => c.userId), ...(cards.refused ?? [])]);
  let retryAt: number | undefined;
  for (const approver of await approversOf(features.repositories, features.config.admins, draft)) {
    if (done.has(approver.userId)) continue;
    const chat = await personalChat(features.repositories, draft.tenantId, approver.userId);
    if (!chat) {
      logger.info({ tenantId: draft.tenantId, draftId: draft.draftId }, 'studio review: an approver is not reachable (no personal installation)');
      continue;
    }
    try {
      const activityId = await messenger.sendCard(chat, reviewRequestCard({ ...(await reviewViewOf(repositories, draft, approver.locale)), tabUrl }));
      cards.copies.push({ userId: approver.userId, conversationId: chat.conversationId, activityId });
    } catch (error) {
      const failure = classifyError(error);
      logger.warn({ err: failure, tenantId: draft.tenantId, draftId: draft.draftId }, 'studio review: an approver card was not sent');
      if (failure.kind === 'permanent') cards.refused = [...(cards.refused ?? []), approver.userId];
      else {
        cards.attempts = (cards.attempts ?? 0) + 1;
        retryAt ??= features.now().getTime() + Math.max(failure.retryAfterMs ?? 0, backoffMs(cards.attempts, DEFAULT_TIMINGS));
      }
    }
    await repositories.studio.saveReviewCards(cards);
  }
  return retryAt === undefined ? {} : { retryAt };
}

async function settle(features: FeatureContext, draft: Draft, cards: ReviewCards, tabUrl?: string): Promise<void> {
  const { repositories, messenger, logger } = features;
  const outcome = await outcomeOf(repositories, draft);
  if (!outcome) return;
  const view = await reviewViewOf(repositories, draft);
  const card = reviewOutcomeCard(view, outcome);
  for (const copy of cards.copies) {
    const chat = await repositories.conversations.get(draft.tenantId, copy.conversationId);
    if (!chat?.active) continue;
    await messenger.updateCard(chat, copy.activityId, card).catch((error) => logger.warn({ err: error, draftId: draft.draftId }, 'studio review: an approver card was not updated'));
  }
  if (outcome.outcome !== 'withdrawn') {
    const author = await personalChat(features.repositories, draft.tenantId, draft.authorId);
    if (author) await messenger.sendCard(author, reviewResultCard({ ...view, tabUrl }, outcome)).catch((error) => logger.warn({ err: error, draftId: draft.draftId }, 'studio review: the author was not told'));
    else logger.info({ tenantId: draft.tenantId, draftId: draft.draftId }, 'studio review: the author is not reachable (no personal installation)');
  }
  await repositories.studio.saveReviewCards({ ...cards, settled: true });
}

export async function sendStudioReviewNotice(features: FeatureContext, tenantId: string, draftId: string, tabUrl?: string): Promise<{ retryAt?: number }> {
  const { studio } = features.repositories;
  const draft = await studio.getDraft(tenantId, draftId);
  if (!draft?.submittedAt) return {};
  const stored = await studio.reviewCards(tenantId, draftId);
  const cards: ReviewCards = stored?.round === draft.submittedAt ? stored : { tenantId, draftId, round: draft.submittedAt, copies: [] };
  if (draft.state === 'submitted') {
    // A review on a submitted draft is an approval being sent: its outcome comes with the next hold.
    return draft.review ? {} : askApprovers(features, draft, cards, tabUrl);
  }
  if (stored?.round === draft.submittedAt && !stored.settled) await settle(features, draft, cards, tabUrl);
  return {};
}
