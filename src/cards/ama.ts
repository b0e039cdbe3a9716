import { t } from '../i18n';
import { AMA_ANSWER_MAX, AMA_QUESTION_MAX, amaPhase, AmaPost, AmaQuestion, authorShown } from '../domain/ama';
import { kindLabel } from './post';
import { adaptiveCard, AdaptiveCard, CardAction, CardElement, inertText, plainText } from './types';
import { VERBS } from './verbs';

export type RankedQuestion = AmaQuestion & { votes: number };

/** What an AMA card shows: the ranking (src/domain/ama-actions.ts amaBoard) and who looks. */
export interface AmaCardView {
  locale?: string;
  now?: Date;
  asked: number;
  answered: number;
  top: RankedQuestion[];
  /** The host's own view (the invoke response to them): an answer form under each question. */
  host?: boolean;
  /** The viewer's upvotes among the top questions, in their own view. */
  mine?: Set<string>;
  /** In a personal view: who looks, and whether they see who asked anonymously. */
  viewer?: { userId: string; seesAuthors: boolean };
}

/** Teams formats a time in each reader's own zone and language. */
const when = (iso: string) => {
  const at = iso.replace(/\.\d+Z$/, 'Z');
  return `{{DATE(${at}, SHORT)}} {{TIME(${at})}}`;
};

function questionBlock(post: AmaPost, question: RankedQuestion, view: AmaCardView, open: boolean): CardElement {
  const { locale } = view;
  const author = authorShown(question, view.viewer ?? { seesAuthors: false }, t(locale, 'card.ama.anonymous'));
  const upvoted = view.mine?.has(question.questionId);
  const actions: CardAction[] = [
    ...(open && !upvoted ? [{ type: 'Action.Execute' as const, verb: VERBS.amaUpvote, title: t(locale, 'card.ama.upvote', { votes: question.votes }), data: { postId: post.postId, questionId: question.questionId }, associatedInputs: 'none' }] : []),
    ...(view.host && amaPhase(post.ama, view.now ?? new Date()) === 'live'
      ? [{
          type: 'Action.ShowCard' as const,
          title: t(locale, question.answer ? 'card.ama.editAnswer' : 'card.ama.answer'),
          card: {
            type: 'AdaptiveCard',
            body: [{ type: 'Input.Text', id: `answer_${question.questionId}`, label: t(locale, 'card.ama.answerLabel'), isMultiline: true, maxLength: AMA_ANSWER_MAX, ...(question.answer && { value: question.answer.text }) }],
            actions: [{ type: 'Action.Execute', verb: VERBS.amaAnswer, title: t(locale, 'card.ama.sendAnswer'), data: { postId: post.postId, questionId: question.questionId }, style: 'positive' }],
          },
        }]
      : []),
  ];
  return {
    type: 'Container',
    separator: true,
    spacing: 'Medium',
    items: [
      { type: 'TextBlock', text: inertText(question.text), weight: 'Bolder', wrap: true },
      { type: 'TextBlock', text: `${inertText(author)} · ${t(locale, upvoted ? 'card.ama.votesMine' : 'card.ama.votes', { votes: question.votes })}`, isSubtle: true, size: 'Small', spacing: 'None', wrap: true },
      ...(question.answer
        ? [{ type: 'Container', style: 'good', spacing: 'Small', items: [
            { type: 'TextBlock', text: t(locale, 'card.ama.answerBy', { name: inertText(question.answer.byName) }), weight: 'Bolder', size: 'Small', wrap: true },
            { type: 'TextBlock', text: inertText(question.answer.text).slice(0, 1000), wrap: true, spacing: 'Small' },
          ] }]
        : []),
      ...(actions.length ? [{ type: 'ActionSet', spacing: 'Small', actions }] : []),
    ],
  };
}

/**
 * The AMA card: title, host and times, how many questions and answers, the most
 * upvoted questions with their answers; while open an upvote button on each and a box
 * to ask (optionally anonymously). Everyone gets the same card on every copy; the host
 * gets answer forms in their own view ("Answer as host").
 */
export function amaCard(post: AmaPost, view: AmaCardView): AdaptiveCard {
  const { locale } = view;
  const phase = amaPhase(post.ama, view.now ?? new Date());
  const open = phase !== 'closed';
  const title = inertText(post.ama.title);
  const status = phase === 'closed' ? t(locale, 'card.ama.closed') : phase === 'live' ? t(locale, 'card.ama.live', { end: when(post.ama.endsAt) }) : t(locale, 'card.ama.upcoming', { start: when(post.ama.startsAt), end: when(post.ama.endsAt) });
  const ask: CardElement[] = open
    ? [
        { type: 'Input.Text', id: 'question', label: t(locale, 'card.ama.questionLabel'), placeholder: t(locale, 'card.ama.questionPlaceholder'), isMultiline: true, maxLength: AMA_QUESTION_MAX, spacing: 'Medium' },
        { type: 'Input.Toggle', id: 'anonymous', title: t(locale, 'card.ama.askAnonymously'), valueOn: 'true', valueOff: 'false', value: 'false' },
      ]
    : [];
  const actions: CardAction[] = open
    ? [
        { type: 'Action.Execute', verb: VERBS.amaAsk, title: t(locale, 'card.ama.ask'), data: { postId: post.postId }, style: 'positive' },
        ...(!view.host && phase === 'live' ? [{ type: 'Action.Execute' as const, verb: VERBS.amaHost, title: t(locale, 'card.ama.hostView'), data: { postId: post.postId }, associatedInputs: 'none', mode: 'secondary' }] : []),
      ]
    : [];
  return adaptiveCard({
    speak: `${t(locale, 'card.ama.label')}: ${plainText(title)}`,
    fallbackText: `${t(locale, 'card.ama.label')}: ${plainText(title).slice(0, 200)}`,
    body: [
      ...kindLabel(post, locale),
      { type: 'TextBlock', text: title, size: 'Large', weight: 'Bolder', wrap: true, style: 'heading', spacing: 'Small' },
      { type: 'TextBlock', text: `${t(locale, 'card.ama.host', { name: inertText(post.ama.hostName) })} · ${status}`, isSubtle: true, size: 'Small', wrap: true, spacing: 'Small' },
      { type: 'TextBlock', text: t(locale, 'card.ama.counts', { asked: view.asked, answered: view.answered }), size: 'Small', wrap: true, spacing: 'Small' },
      ...(view.top.length ? view.top.map((q) => questionBlock(post, q, view, open)) : [{ type: 'TextBlock', text: t(locale, open ? 'card.ama.none' : 'card.ama.noneAsked'), isSubtle: true, wrap: true }]),
      ...ask,
    ],
    actions,
  });
}

/** Posted when the event closes: what was asked and answered, the top questions with their answers. */
export function amaSummaryCard(post: AmaPost, view: Pick<AmaCardView, 'locale' | 'asked' | 'answered' | 'top'>): AdaptiveCard {
  const { locale } = view;
  const title = inertText(post.ama.title);
  const closedView: AmaCardView = { ...view, now: new Date(Date.parse(post.ama.endsAt) + 1) };
  const closedPost: AmaPost = { ...post, ama: { ...post.ama, closedAt: post.ama.closedAt ?? post.ama.endsAt } };
  return adaptiveCard({
    speak: t(locale, 'card.ama.summaryTitle', { title: plainText(title) }),
    fallbackText: t(locale, 'card.ama.summaryTitle', { title: plainText(title).slice(0, 200) }),
    body: [
      ...kindLabel(post, locale),
      { type: 'TextBlock', text: t(locale, 'card.ama.summaryTitle', { title }), size: 'Large', weight: 'Bolder', wrap: true, style: 'heading', spacing: 'Small' },
      { type: 'TextBlock', text: t(locale, 'card.ama.summaryCounts', { asked: view.asked, answered: view.answered, name: inertText(post.ama.hostName) }), wrap: true, spacing: 'Small' },
      ...(view.top.length ? [{ type: 'TextBlock', text: t(locale, 'card.ama.summaryTop'), weight: 'Bolder', spacing: 'Medium', wrap: true }, ...view.top.map((q) => questionBlock(closedPost, q, closedView, false))] : []),
    ],
  });
}
