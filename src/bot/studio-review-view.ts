import { t } from '../i18n';
import type { Draft } from '../domain/studio';
import { decidedReview } from '../domain/studio';
import type { ReviewCardView, ReviewOutcome } from '../cards/studio-review';
import type { Repositories } from '../store';

type Lookups = Pick<Repositories, 'people' | 'conversations'>;

/** The audience in words: everyone, the channels by name, how many people by name. */
async function describeAudience(repositories: Lookups, draft: Draft, locale?: string): Promise<string> {
  const { audience } = draft;
  const parts: string[] = [];
  if (audience.everyone) parts.push(t(locale, 'card.review.audience.everyone'));
  if (audience.channels?.length) {
    const names = await Promise.all(audience.channels.map(async (id) => (await repositories.conversations.get(draft.tenantId, id))?.channelName ?? id));
    parts.push(t(locale, 'card.review.audience.channels', { names: names.join(', ') }));
  }
  if (audience.people?.length) parts.push(t(locale, 'card.review.audience.people', { count: audience.people.length }));
  return parts.join('; ') || t(locale, 'card.review.audience.none');
}

/** What an approver's card shows of a draft: the post, its author, audience and schedule. */
export async function reviewViewOf(repositories: Lookups, draft: Draft, locale?: string): Promise<ReviewCardView> {
  const { title = '', body = '', ...extras } = draft.content;
  const author = await repositories.people.get(draft.tenantId, draft.authorId);
  return {
    locale,
    draftId: draft.draftId,
    title,
    body,
    extras,
    authorName: author?.displayName ?? '',
    audience: await describeAudience(repositories, draft, locale),
    ...(draft.scheduledAt && { schedule: t(locale, 'card.review.scheduleAt', { when: draft.scheduledAt.replace('T', ' ').slice(0, 16), zone: draft.timeZone ?? 'UTC' }) }),
  };
}

/** The decision as the cards show it, or a withdrawal when the author took it back to edit. */
export async function outcomeOf(repositories: Lookups, draft: Draft): Promise<ReviewOutcome | undefined> {
  const review = decidedReview(draft);
  if (review) {
    const by = await repositories.people.get(draft.tenantId, review.by);
    return { outcome: review.decision, byName: by?.displayName ?? '', at: review.at, ...(review.comment && { comment: review.comment }) };
  }
  return draft.state === 'draft' ? { outcome: 'withdrawn' } : undefined;
}
