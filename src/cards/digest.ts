import { t, MessageKey } from '../i18n';
import { DigestEntry, DIGEST_SHOWN, groupEntries } from '../domain/digests';
import type { Post } from '../domain/posts';
import { adaptiveCard, AdaptiveCard, CardAction, CardElement, inertText, plainText } from './types';
import { VERBS } from './verbs';

/** Which digest a card is, and which one its "Turn off" button turns off. */
export type DigestScope = 'activity' | 'weekly';

const counted = (locale: string | undefined, key: 'card.digest.posts' | 'card.digest.comments', count: number) =>
  t(locale, (count === 1 ? `${key}.one` : key) as MessageKey, { count });

function actions(locale: string | undefined, scope: DigestScope, tabUrl?: string): CardAction[] {
  return [
    ...(tabUrl ? [{ type: 'Action.OpenUrl' as const, title: t(locale, 'card.digest.open'), url: tabUrl }] : []),
    { type: 'Action.Execute', verb: VERBS.digestOff, title: t(locale, scope === 'weekly' ? 'card.digest.weeklyOff' : 'card.digest.turnOff'), data: { digest: scope } },
  ];
}

const heading = (text: string): CardElement => ({ type: 'TextBlock', text, size: 'Large', weight: 'Bolder', wrap: true, style: 'heading' });
const subtle = (text: string): CardElement => ({ type: 'TextBlock', text, isSubtle: true, wrap: true });

/** "Megan posted in Trail runners", or just "Megan posted" when it is Megan who is followed. */
const lineKey = (entry: DigestEntry): MessageKey => (entry.kind === 'comment' ? 'card.digest.line.comment' : entry.via.kind === 'person' ? 'card.digest.line.personPost' : 'card.digest.line.post');

export interface ActivityDigestView {
  entries: DigestEntry[];
  /** Entries beyond the list (it holds DIGEST_PENDING_MAX). */
  overflow?: number;
  locale?: string;
  /** The tab (its settings page holds the digest settings). */
  tabUrl?: string;
}

/** One personal-chat card for everything new in what a person follows since their last digest. */
export function activityDigestCard({ entries, overflow = 0, locale, tabUrl }: ActivityDigestView): AdaptiveCard {
  const total = entries.length + overflow;
  const title = t(locale, total === 1 ? 'card.digest.title.one' : 'card.digest.title', { count: total });
  const groups = groupEntries(entries).map((group) => {
    const parts = [group.posts && counted(locale, 'card.digest.posts', group.posts), group.comments && counted(locale, 'card.digest.comments', group.comments)].filter(Boolean);
    return { type: 'TextBlock', text: t(locale, 'card.digest.group', { name: inertText(group.via.name), counts: parts.join(', ') }), wrap: true, spacing: 'Small' } as CardElement;
  });
  const shown = entries.slice(-DIGEST_SHOWN).reverse();
  const lines = shown.map<CardElement>((entry) => ({
    type: 'Container',
    spacing: 'Medium',
    items: [
      { type: 'TextBlock', text: t(locale, lineKey(entry), { actor: inertText(entry.actorName), name: inertText(entry.via.name) }), wrap: true, weight: 'Bolder' },
      { type: 'TextBlock', text: inertText(entry.excerpt), wrap: true, isSubtle: true, spacing: 'None' },
    ],
  }));
  const more = total - shown.length;
  return adaptiveCard({
    speak: `${title}. ${shown.map((e) => plainText(`${e.actorName}: ${e.excerpt}`)).join('; ')}`,
    fallbackText: title,
    body: [heading(title), ...groups, ...lines, ...(more > 0 ? [subtle(t(locale, 'card.digest.more', { count: more }))] : [])],
    actions: actions(locale, 'activity', tabUrl),
  });
}

export interface WeeklyDigestView {
  topPosts: Post[];
  kudos: Post[];
  locale?: string;
  tabUrl?: string;
}

function postLine(locale: string | undefined, post: Post): CardElement {
  const text = post.title || post.body;
  return {
    type: 'Container',
    spacing: 'Medium',
    items: [
      { type: 'TextBlock', text: inertText(`${post.authorName}${post.community ? ` · ${post.community.name}` : ''}`), wrap: true, weight: 'Bolder' },
      { type: 'TextBlock', text: inertText(text.length > 140 ? `${text.slice(0, 139)}…` : text), wrap: true, spacing: 'None' },
      { type: 'TextBlock', text: t(locale, 'card.digest.weekly.counts', { reactions: post.reactionCount, comments: post.commentCount }), isSubtle: true, wrap: true, spacing: 'None' },
    ],
  };
}

function kudosLine(locale: string | undefined, post: Post): CardElement {
  const kudos = post.kudos!;
  return {
    type: 'TextBlock',
    wrap: true,
    spacing: 'Small',
    text: t(locale, 'card.digest.weekly.kudosLine', { emoji: kudos.badge.emoji, sender: inertText(post.authorName), recipients: inertText(kudos.recipients.map((r) => r.displayName).join(', ')), badge: inertText(kudos.badge.name) }),
  };
}

/** The weekly card: the week's top posts and kudos of a person's communities and the people they follow. */
export function weeklyDigestCard({ topPosts, kudos, locale, tabUrl }: WeeklyDigestView): AdaptiveCard {
  const title = t(locale, 'card.digest.weekly.title');
  return adaptiveCard({
    speak: `${title}. ${topPosts.map((p) => plainText(`${p.authorName}: ${p.title || p.body}`)).join('; ')}`,
    fallbackText: title,
    body: [
      heading(title),
      ...(topPosts.length ? [{ type: 'TextBlock', text: t(locale, 'card.digest.weekly.top'), weight: 'Bolder', wrap: true, spacing: 'Large' } as CardElement, ...topPosts.map((p) => postLine(locale, p))] : []),
      ...(kudos.length ? [{ type: 'TextBlock', text: t(locale, 'card.digest.weekly.kudos'), weight: 'Bolder', wrap: true, spacing: 'Large' } as CardElement, ...kudos.map((p) => kudosLine(locale, p))] : []),
    ],
    actions: actions(locale, 'weekly', tabUrl),
  });
}

/** What "Turn off" answers with, in place of the digest. */
export function digestOffCard(locale: string | undefined, scope: DigestScope, tabUrl?: string): AdaptiveCard {
  const title = t(locale, scope === 'weekly' ? 'card.digest.weeklyOffDone' : 'card.digest.offDone');
  return adaptiveCard({
    fallbackText: title,
    body: [{ type: 'TextBlock', text: title, weight: 'Bolder', wrap: true }, subtle(t(locale, 'card.digest.offHint'))],
    ...(tabUrl && { actions: [{ type: 'Action.OpenUrl', title: t(locale, 'card.digest.settings'), url: tabUrl }] }),
  });
}
