import { t } from '../i18n';
import { BADGE_COLOURS } from '../domain/badges';
import { JOINERS_SHOWN, KudosDetails } from '../domain/kudos';
import type { Post } from '../domain/posts';
import { dialogButton, engagementSummary, PostCardView, reactionActions } from './post';
import { VERBS } from './verbs';
import { adaptiveCard, AdaptiveCard, CardAction, CardElement, inertText, plainText } from './types';


/** Teams formats the time in the reader's own locale and time zone. */
const cardTime = (iso: string) => `{{DATE(${iso.replace(/\.\d+Z$/, 'Z')}, SHORT)}} {{TIME(${iso.replace(/\.\d+Z$/, 'Z')})}}`;

export function listNames(names: string[], locale?: string): string {
  if (names.length <= 1) return names[0] ?? '';
  return t(locale, 'card.kudos.nameList', { names: names.slice(0, -1).join(', '), last: names[names.length - 1] });
}

/** The badge art: a colour band, the emoji and the badge's name. */
export function badgeHeader(kudos: Pick<KudosDetails, 'badge'>, locale?: string): CardElement[] {
  const colour = BADGE_COLOURS[kudos.badge.colour] ?? BADGE_COLOURS.blue;
  return [
    { type: 'Container', bleed: true, minHeight: '8px', backgroundImage: { url: colour.band, fillMode: 'Repeat' }, items: [] },
    {
      type: 'ColumnSet',
      spacing: 'Small',
      columns: [
        { type: 'Column', width: 'auto', verticalContentAlignment: 'Center', items: [{ type: 'TextBlock', text: kudos.badge.emoji, size: 'ExtraLarge' }] },
        {
          type: 'Column',
          width: 'stretch',
          verticalContentAlignment: 'Center',
          items: [
            { type: 'TextBlock', text: t(locale, 'card.kudos.label'), isSubtle: true, size: 'Small', weight: 'Bolder', wrap: true },
            { type: 'TextBlock', text: inertText(kudos.badge.name), size: 'Large', weight: 'Bolder', wrap: true, style: 'heading', spacing: 'None' },
          ],
        },
      ],
    },
  ];
}

function joinersLine(kudos: KudosDetails, locale?: string): CardElement[] {
  const count = kudos.joiners.length;
  if (!count) return [];
  const names = kudos.joiners.slice(0, JOINERS_SHOWN).map((j) => inertText(j.displayName));
  const text = count > JOINERS_SHOWN ? t(locale, 'card.kudos.joinedMore', { names: names.join(', '), count: count - JOINERS_SHOWN }) : t(locale, 'card.kudos.joined', { names: listNames(names, locale) });
  return [{ type: 'TextBlock', text, isSubtle: true, size: 'Small', wrap: true, spacing: 'Small' }];
}

/** The kudos card, for Teams and the tab alike; `view` personalises it for one reader. */
export function kudosCard(post: Post, view: PostCardView = {}): AdaptiveCard {
  const { locale } = view;
  const kudos = post.kudos!;
  const recipients = listNames(kudos.recipients.map((r) => inertText(r.displayName)), locale);
  const message = inertText(post.body);
  const actions: CardAction[] = [
    { type: 'Action.Execute', verb: VERBS.kudosJoin, title: t(locale, 'card.kudos.join'), data: { postId: post.postId } },
    dialogButton(t(locale, 'card.post.comment'), VERBS.postComments, post.postId),
    dialogButton(t(locale, 'card.post.report'), VERBS.postReport, post.postId, true),
    ...(view.canEdit ? [{ type: 'Action.Execute' as const, verb: VERBS.postDelete, title: t(locale, 'card.post.delete'), data: { postId: post.postId }, mode: 'secondary', style: 'destructive' }] : []),
  ];
  const spoken = t(locale, 'card.kudos.spoken', { sender: plainText(inertText(post.authorName)), badge: plainText(inertText(kudos.badge.name)), recipients: plainText(recipients) });
  return adaptiveCard({
    speak: `${spoken}. ${plainText(message).slice(0, 500)}`,
    fallbackText: `${spoken}: ${plainText(message).slice(0, 200)}`,
    refresh: { action: { type: 'Action.Execute', verb: VERBS.postRefresh, data: { postId: post.postId } }, userIds: post.personalViewers },
    body: [
      ...badgeHeader(kudos, locale),
      { type: 'TextBlock', text: t(locale, 'card.kudos.to', { names: recipients }), weight: 'Bolder', wrap: true, spacing: 'Medium' },
      ...(kudos.quote
        ? [{ type: 'Container', style: 'emphasis', spacing: 'Small', items: [{ type: 'TextBlock', text: `“${plainText(inertText(kudos.quote.text))}”${kudos.quote.authorName ? ` — ${inertText(kudos.quote.authorName)}` : ''}`, wrap: true, isSubtle: true, size: 'Small', maxLines: 4 }] }]
        : []),
      { type: 'TextBlock', text: message, wrap: true, spacing: 'Small' },
      { type: 'TextBlock', text: `${t(locale, 'card.kudos.from', { name: inertText(post.authorName) })} · ${cardTime(post.createdAt)}`, isSubtle: true, size: 'Small', wrap: true, spacing: 'Small' },
      ...(kudos.private ? [{ type: 'TextBlock', text: t(locale, 'card.kudos.private'), isSubtle: true, size: 'Small', wrap: true, spacing: 'None' }] : []),
      ...joinersLine(kudos, locale),
      { type: 'ActionSet', spacing: 'Medium', actions: reactionActions(post, view) },
      ...engagementSummary(post, locale),
    ],
    actions,
  });
}
