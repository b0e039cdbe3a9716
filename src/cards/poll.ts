import { t } from '../i18n';
import { isClosed, PollPost, PollTally, shares } from '../domain/polls';
import { dialogButton, engagementSummary, hiddenPostCard, kindLabel, removedPostCard } from './post';
import { adaptiveCard, AdaptiveCard, CardAction, CardElement, inertText, plainText } from './types';
import { VERBS } from './verbs';

export interface PollCardView {
  locale?: string;
  /** The viewer's own choices, checked in their view (the invoke response). */
  mine?: string[] | null;
  canClose?: boolean;
  now?: Date;
}

/** One result bar: a filled column as wide as the option's share, the rest empty. */
function bar(percent: number): CardElement {
  const filled = Math.max(0, Math.min(100, percent));
  return {
    type: 'ColumnSet',
    spacing: 'None',
    columns: [
      ...(filled > 0 ? [{ type: 'Column', width: `${filled}`, style: 'accent', minHeight: '8px', items: [] }] : []),
      ...(filled < 100 ? [{ type: 'Column', width: `${100 - filled}`, style: 'emphasis', minHeight: '8px', items: [] }] : []),
    ],
  };
}

/**
 * The poll card: the question, each option with its votes, share and a bar, the total;
 * while open, a choice set (radio buttons, or check boxes for multiple choice) and Vote.
 * Everyone gets the same card (updated on every copy as votes come in); the voter's own
 * answer comes back checked in the invoke response.
 */
export function pollCard(post: PollPost, tally: PollTally, view: PollCardView = {}): AdaptiveCard {
  const { locale } = view;
  if (post.state === 'hidden') return hiddenPostCard(locale);
  if (post.state !== 'published') return removedPostCard(locale, post.removedByModerator);
  const closed = isClosed(post.poll, view.now ?? new Date());
  const results = shares(post.poll, tally);
  const question = inertText(post.body);
  const settings = [
    t(locale, post.poll.multiple ? 'card.poll.multiple' : 'card.poll.single'),
    t(locale, post.poll.anonymous ? 'card.poll.anonymous' : 'card.poll.named'),
    closed ? t(locale, 'card.poll.closed') : post.poll.closesAt ? t(locale, 'card.poll.closes', { when: `{{DATE(${post.poll.closesAt.replace(/\.\d+Z$/, 'Z')}, SHORT)}} {{TIME(${post.poll.closesAt.replace(/\.\d+Z$/, 'Z')})}}` }) : '',
  ].filter(Boolean);
  // A hidden-results poll shows its bars to a voter (their own card) and to everyone once closed.
  const showResults = !post.poll.hideResults || closed || Boolean(view.mine?.length);
  const resultRows: CardElement[] = !showResults
    ? [{ type: 'TextBlock', text: t(locale, 'card.poll.hidden'), isSubtle: true, wrap: true, spacing: 'Small' }]
    : results.flatMap((option) => [
    {
      type: 'ColumnSet',
      spacing: 'Small',
      columns: [
        { type: 'Column', width: 'stretch', items: [{ type: 'TextBlock', text: inertText(option.label), wrap: true, weight: view.mine?.includes(option.id) ? 'Bolder' : 'Default' }] },
        { type: 'Column', width: 'auto', items: [{ type: 'TextBlock', text: t(locale, 'card.poll.votes', { votes: option.votes, percent: option.percent }), isSubtle: true }] },
      ],
    },
    bar(option.percent),
  ]);
  const choose: CardElement[] = closed
    ? []
    : [
        {
          type: 'Input.ChoiceSet',
          id: 'choices',
          label: t(locale, post.poll.multiple ? 'card.poll.chooseMany' : 'card.poll.chooseOne'),
          style: 'expanded',
          isMultiSelect: post.poll.multiple,
          ...(view.mine?.length && { value: view.mine.join(',') }),
          choices: post.poll.options.map((o) => ({ title: plainText(inertText(o.label)), value: o.id })),
        },
      ];
  const actions: CardAction[] = [
    ...(closed ? [] : [{ type: 'Action.Execute' as const, verb: VERBS.pollVote, title: t(locale, view.mine?.length ? 'card.poll.change' : 'card.poll.vote'), data: { postId: post.postId }, style: 'positive' }]),
    dialogButton(t(locale, 'card.post.comment'), VERBS.postComments, post.postId),
    dialogButton(t(locale, 'card.post.report'), VERBS.postReport, post.postId, true),
    ...(view.canClose && !closed ? [{ type: 'Action.Execute' as const, verb: VERBS.pollClose, title: t(locale, 'card.poll.close'), data: { postId: post.postId }, mode: 'secondary' }] : []),
  ];
  return adaptiveCard({
    speak: `${plainText(inertText(post.authorName))}: ${plainText(question)}`,
    fallbackText: `${t(locale, 'card.poll.label')}: ${plainText(question).slice(0, 200)}`,
    body: [
      ...kindLabel(post, locale),
      { type: 'TextBlock', text: question, size: 'Large', weight: 'Bolder', wrap: true, style: 'heading', spacing: 'Small' },
      { type: 'TextBlock', text: `${inertText(post.authorName)} · ${settings.join(' · ')}`, isSubtle: true, size: 'Small', wrap: true, spacing: 'Small' },
      ...resultRows,
      { type: 'TextBlock', text: tally.voters === 1 ? t(locale, 'card.poll.total.one') : t(locale, 'card.poll.total', { count: tally.voters }), isSubtle: true, size: 'Small', spacing: 'Small' },
      ...choose,
      ...engagementSummary(post, locale),
    ],
    actions,
  });
}
