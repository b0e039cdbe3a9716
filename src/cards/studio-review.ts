import { t } from '../i18n';
import type { PostExtras } from '../domain/studio';
import { REVIEW_COMMENT_MAX } from '../domain/studio';
import { announcementCard } from './announcement';
import { adaptiveCard, AdaptiveCard, CardElement, inertText, plainText } from './types';
import { VERBS } from './verbs';

/**
 * The approvers' personal-chat card for a post submitted for approval, in its states:
 * waiting (Approve, and Reject with a comment), then decided or withdrawn on every
 * approver's copy; and the author's message with the result. The post itself shows
 * as the announcement card its recipients will get (the same builder).
 */
export interface ReviewCardView {
  locale?: string;
  draftId: string;
  title: string;
  body: string;
  extras?: PostExtras;
  authorName: string;
  /** Described for people: "Everyone", "Channels: General, Sales", "3 people". */
  audience: string;
  /** When it goes once approved, described; undefined: as soon as it is approved. */
  schedule?: string;
  /** Shown above the buttons after a refused click (a rejection without a comment). */
  problem?: string;
  /** The approver's comment typed before the refused click, kept in the box. */
  comment?: string;
  /** Studio in the tab: the queue, for a client where Action.Execute falls short (Teams mobile). */
  tabUrl?: string;
}

export interface ReviewOutcome {
  outcome: 'approved' | 'rejected' | 'withdrawn';
  byName?: string;
  /** ISO time of the decision. */
  at?: string;
  comment?: string;
}

/** Adaptive Cards format a time in the viewer's locale and zone; they take RFC 3339 without fractions. */
export function cardTime(iso: string): string {
  const plain = iso.replace(/\.\d+Z$/, 'Z');
  return `{{DATE(${plain}, SHORT)}} {{TIME(${plain})}}`;
}

function facts(view: ReviewCardView): CardElement {
  const { locale } = view;
  return {
    type: 'FactSet',
    facts: [
      { title: t(locale, 'card.review.author'), value: inertText(view.authorName || '—') },
      { title: t(locale, 'card.review.audience'), value: inertText(view.audience) },
      { title: t(locale, 'card.review.schedule'), value: view.schedule ?? t(locale, 'card.review.whenApproved') },
    ],
  };
}

function preview(view: ReviewCardView): CardElement {
  const post = announcementCard({ ...view.extras, title: view.title, body: view.body, locale: view.locale });
  return { type: 'Container', style: 'emphasis', spacing: 'Medium', items: [{ type: 'TextBlock', text: t(view.locale, 'card.review.preview'), size: 'Small', isSubtle: true, wrap: true }, ...post.body] };
}

function heading(view: ReviewCardView, key: 'card.review.title' | 'card.review.titleDecided'): CardElement {
  return { type: 'TextBlock', text: t(view.locale, key, { title: inertText(view.title) }), size: 'Large', weight: 'Bolder', wrap: true, style: 'heading' };
}

/** Waiting for a decision: what is asked, the post, Approve and Reject (a comment, required to reject). */
export function reviewRequestCard(view: ReviewCardView): AdaptiveCard {
  const { locale, draftId } = view;
  const title = t(locale, 'card.review.title', { title: plainText(view.title) });
  return adaptiveCard({
    speak: `${title}. ${t(locale, 'card.review.author')}: ${plainText(view.authorName)}`,
    fallbackText: title,
    body: [
      heading(view, 'card.review.title'),
      facts(view),
      preview(view),
      {
        type: 'Input.Text',
        id: 'comment',
        label: t(locale, 'card.review.comment'),
        placeholder: t(locale, 'card.review.commentHint'),
        isMultiline: true,
        maxLength: REVIEW_COMMENT_MAX,
        ...(view.comment && { value: view.comment }),
      },
      ...(view.problem ? [{ type: 'TextBlock', text: view.problem, color: 'Attention', wrap: true, weight: 'Bolder' }] : []),
    ],
    actions: [
      { type: 'Action.Execute', verb: VERBS.studioApprove, title: t(locale, 'card.review.approve'), style: 'positive', data: { draftId } },
      { type: 'Action.Execute', verb: VERBS.studioReject, title: t(locale, 'card.review.reject'), style: 'destructive', data: { draftId } },
      ...(view.tabUrl ? [{ type: 'Action.OpenUrl' as const, title: t(locale, 'card.review.open'), url: view.tabUrl }] : []),
    ],
  });
}

export function outcomeText(locale: string | undefined, outcome: ReviewOutcome): string {
  if (outcome.outcome === 'withdrawn') return t(locale, 'card.review.withdrawn');
  const when = outcome.at ? cardTime(outcome.at) : '';
  return t(locale, outcome.outcome === 'approved' ? 'card.review.approvedBy' : 'card.review.rejectedBy', { name: inertText(outcome.byName || '—'), when });
}

/** Every approver's copy once decided (or withdrawn by the author): who decided, when, and no buttons. */
export function reviewOutcomeCard(view: ReviewCardView, outcome: ReviewOutcome): AdaptiveCard {
  const { locale } = view;
  const text = outcomeText(locale, outcome);
  const color = outcome.outcome === 'approved' ? 'Good' : outcome.outcome === 'rejected' ? 'Attention' : 'Warning';
  return adaptiveCard({
    speak: `${t(locale, 'card.review.titleDecided', { title: plainText(view.title) })}. ${plainText(text)}`,
    fallbackText: plainText(text),
    body: [
      heading(view, 'card.review.titleDecided'),
      { type: 'TextBlock', text, color, weight: 'Bolder', wrap: true },
      ...(outcome.comment ? [{ type: 'TextBlock', text: t(locale, 'card.review.commentWas', { comment: inertText(outcome.comment) }), wrap: true }] : []),
      facts(view),
      preview(view),
    ],
  });
}

/** The author's message: approved (and when it goes) or rejected with the approver's comment. */
export function reviewResultCard(view: ReviewCardView, outcome: ReviewOutcome): AdaptiveCard {
  const { locale } = view;
  const key = outcome.outcome === 'approved' ? 'card.review.result.approved' : 'card.review.result.rejected';
  const text = t(locale, key, { name: inertText(outcome.byName || '—'), title: inertText(view.title) });
  const next = outcome.outcome === 'approved' ? t(locale, 'card.review.result.goes', { when: view.schedule ?? t(locale, 'card.review.result.now') }) : t(locale, 'card.review.result.edit');
  return adaptiveCard({
    speak: `${plainText(text)}. ${next}`,
    fallbackText: plainText(text),
    body: [
      { type: 'TextBlock', text, size: 'Large', weight: 'Bolder', wrap: true, style: 'heading' },
      ...(outcome.comment ? [{ type: 'TextBlock', text: t(locale, 'card.review.commentWas', { comment: inertText(outcome.comment) }), wrap: true }] : []),
      { type: 'TextBlock', text: next, wrap: true, isSubtle: true },
    ],
    ...(view.tabUrl && { actions: [{ type: 'Action.OpenUrl', title: t(locale, 'card.review.open'), url: view.tabUrl }] }),
  });
}
