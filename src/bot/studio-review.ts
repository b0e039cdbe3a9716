import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { GUID } from '../auth/authenticator';
import { reviewOutcomeCard, reviewRequestCard } from '../cards/studio-review';
import { VERBS } from '../cards/verbs';
import type { AuditSource } from '../domain/audit';
import { DomainError, errorText } from '../domain/errors';
import type { Identity } from '../domain/identity';
import { assertApprover, Draft, REVIEW_COMMENT_MAX } from '../domain/studio';
import { t } from '../i18n';
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
 * The Studio's decisions, as the approval queue's API makes them (src/api/studio-review.ts):
 * given to the bot by the composition root, so a card and the queue decide the same way.
 */
export interface StudioReviewPort {
  review(identity: Identity, draftId: string, decision: { decision: 'approved'; comment?: string } | { decision: 'rejected'; comment: string }, source: AuditSource): Promise<{ draft: Draft }>;
  load(identity: Identity, draftId: string): Promise<Draft>;
}

/**
 * Approve and Reject on an approver's personal-chat card: the same decision as the
 * Studio queue (reviewDraft, with its authority checks and _etag), answered with the
 * outcome card for the clicker. Someone who comes second, or clicks a card already
 * decided, sees who decided and when instead of an error.
 */
export function registerStudioReviewRoutes(routes: BotRoutes, features: FeatureContext, options: { tabUrl?: string } = {}): void {
  const studio = (): StudioReviewPort => {
    if (!features.studio) throw new DomainError('unavailable', 'Studio decisions are not wired into this bot');
    return features.studio;
  };

  /**
   * The card as it stands now for this person: once decided (or withdrawn), who
   * decided and when; while it waits, the buttons again, with `problem` said above them.
   */
  const cardNow = async (identity: BotIdentity, draftId: string, problem: string, comment?: string): Promise<Reply> => {
    const draft = await studio().load(identity, draftId);
    const view = await reviewViewOf(features.repositories, draft, identity.locale);
    const outcome = await outcomeOf(features.repositories, draft);
    return reply.card(outcome ? reviewOutcomeCard(view, outcome) : reviewRequestCard({ ...view, problem, comment, tabUrl: options.tabUrl }));
  };

  const decide = async (identity: BotIdentity, input: ReviewCardInput, decision: 'approved' | 'rejected', context: TurnContext): Promise<Reply> => {
    assertApprover(identity);
    if (decision === 'rejected' && !input.comment) return cardNow(identity, input.draftId, t(identity.locale, 'card.review.needsComment'));
    try {
      const reviewed = await studio().review(identity, input.draftId, decision === 'approved' ? { decision, comment: input.comment } : { decision, comment: input.comment ?? '' }, { channel: 'teams', conversationId: context.activity.conversation?.id });
      return cardNow(identity, reviewed.draft.draftId, '');
    } catch (error) {
      // Decided by someone else first, or at the same moment: who and when. Refused by
      // the send (the audience or guardrails changed): the reason, next to the buttons.
      if (error instanceof DomainError && error.code !== 'forbidden' && error.code !== 'not_found') {
        return cardNow(identity, input.draftId, errorText(identity.locale, error), input.comment);
      }
      throw error;
    }
  };

  routes.cardVerb(VERBS.studioApprove, ReviewCardData, (identity, input, context) => decide(identity, input, 'approved', context), { writes: true });
  routes.cardVerb(VERBS.studioReject, ReviewCardData, (identity, input, context) => decide(identity, input, 'rejected', context), { writes: true });
}
