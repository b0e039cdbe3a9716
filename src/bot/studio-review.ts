import { z } from 'zod';
import { GUID } from '../auth/authenticator';
import { reviewOutcomeCard, reviewRequestCard } from '../cards/studio-review';
import { VERBS } from '../cards/verbs';
import { DomainError, errorText } from '../domain/errors';
import { assertApprover, decidedReview, REVIEW_COMMENT_MAX } from '../domain/studio';
import { t } from '../i18n';
import { loadDraft, reviewDraft } from '../api/studio-review';
import type { FeatureContext } from './features';
import type { BotIdentity } from './identity';
import { reply, BotRoutes, Reply } from './routes';
import { outcomeOf, reviewViewOf } from './studio-review-view';

/** What an approver's card sends: the draft it is about, and the comment box. */
export const ReviewCardData = z.object({
  draftId: z.string().regex(GUID, 'must be a draft id'),
  comment: z.string().trim().max(REVIEW_COMMENT_MAX).optional(),
});
type ReviewCardInput = z.infer<typeof ReviewCardData>;

/**
 * Approve and Reject on an approver's personal-chat card: the same decision as the
 * Studio queue (reviewDraft, with its authority checks and _etag), answered with the
 * outcome card for the clicker. Someone who comes second, or clicks a card already
 * decided, sees who decided and when instead of an error.
 */
export function registerStudioReviewRoutes(routes: BotRoutes, features: FeatureContext): void {
  const deps = { config: features.config, repositories: features.repositories, logger: features.logger };

  /** The card as it stands now for this person: decided (who, when), or waiting with `problem` said. */
  const currentCard = async (identity: BotIdentity, draftId: string, problem?: string, comment?: string): Promise<Reply | undefined> => {
    const draft = await loadDraft(deps, identity, draftId);
    const view = await reviewViewOf(features.repositories, draft, identity.locale);
    const outcome = decidedReview(draft) || draft.state !== 'submitted' ? await outcomeOf(features.repositories, draft) : undefined;
    if (outcome) return reply.card(reviewOutcomeCard(view, outcome));
    return problem ? reply.card(reviewRequestCard({ ...view, problem, comment })) : undefined;
  };

  const decide = async (identity: BotIdentity, input: ReviewCardInput, decision: 'approved' | 'rejected'): Promise<Reply> => {
    assertApprover(identity);
    if (decision === 'rejected' && !input.comment) {
      return (await currentCard(identity, input.draftId, t(identity.locale, 'card.review.needsComment'))) as Reply;
    }
    try {
      const reviewed = await reviewDraft(deps, identity, input.draftId, decision === 'approved' ? { decision, comment: input.comment } : { decision, comment: input.comment ?? '' });
      const view = await reviewViewOf(features.repositories, reviewed.draft, identity.locale);
      return reply.card(reviewOutcomeCard(view, (await outcomeOf(features.repositories, reviewed.draft))!));
    } catch (error) {
      // Decided by someone else first (or at the same moment): say who and when.
      if (error instanceof DomainError && error.code === 'conflict') {
        const decided = await currentCard(identity, input.draftId);
        if (decided) return decided;
      }
      // Not sent (the audience or guardrails refused it): the reason next to the buttons.
      if (error instanceof DomainError && error.code !== 'forbidden' && error.code !== 'not_found') {
        const waiting = await currentCard(identity, input.draftId, errorText(identity.locale, error), input.comment);
        if (waiting) return waiting;
      }
      throw error;
    }
  };

  routes.cardVerb(VERBS.studioApprove, ReviewCardData, (identity, input) => decide(identity, input, 'approved'), { writes: true });
  routes.cardVerb(VERBS.studioReject, ReviewCardData, (identity, input) => decide(identity, input, 'rejected'), { writes: true });
}
