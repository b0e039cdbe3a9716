import { t } from '../i18n';
import type { Post } from '../domain/posts';
import { DEFAULT_REACTIONS, ReactionOption, ReactionType } from '../domain/reactions';
import { initials } from '../domain/people';
import { VERBS } from './verbs';
import { adaptiveCard, AdaptiveCard, CardAction, CardElement, inertText, plainText } from './types';
// kudos.ts builds on this file's reaction bar and comments; the cycle is only between functions.
import { kudosCard } from './kudos';

export interface PostCardView {
  locale?: string;
  /** The viewer's own reaction, highlighted in their personal view. */
  myReaction?: ReactionType | null;
  /** Shows Edit and Delete (author, or a moderator/admin). */
  canEdit?: boolean;
  reactions?: readonly ReactionOption[];
}

function authorLine(post: Post): CardElement {
  return {
    type: 'ColumnSet',
    columns: [
      {
        type: 'Column',
        width: 'auto',
        verticalContentAlignment: 'Center',
        items: [{ type: 'Container', style: 'accent', bleed: false, minHeight: '32px', verticalContentAlignment: 'Center', items: [{ type: 'TextBlock', text: initials(post.authorName), weight: 'Bolder', horizontalAlignment: 'Center' }] }],
      },
      {
        type: 'Column',
        width: 'stretch',
        verticalContentAlignment: 'Center',
        items: [
          { type: 'TextBlock', text: inertText(post.authorName), weight: 'Bolder', wrap: true },
          // Teams formats the time in the reader's own locale and time zone.
          { type: 'TextBlock', text: `{{DATE(${post.createdAt.replace(/\.\d+Z$/, 'Z')}, SHORT)}} {{TIME(${post.createdAt.replace(/\.\d+Z$/, 'Z')})}}`, isSubtle: true, spacing: 'None', size: 'Small', wrap: true },
        ],
      },
    ],
  };
}

export function reactionActions(post: Post, view: PostCardView): CardAction[] {
  return (view.reactions ?? DEFAULT_REACTIONS).map((option) => {
    const count = post.reactionCounts[option.type] ?? 0;
    const mine = view.myReaction === option.type;
    return {
      type: 'Action.Execute',
      verb: VERBS.postReact,
      title: count ? `${option.emoji} ${count}` : option.emoji,
      tooltip: option.label,
      data: { postId: post.postId, reaction: option.type },
      ...(mine && { style: 'positive' }),
    };
  });
}

function commentPreview(post: Post, locale?: string): CardElement[] {
  if (!post.latestComments.length) return [];
  return [
    {
      type: 'Container',
      style: 'emphasis',
      spacing: 'Small',
      items: post.latestComments.map((comment) => ({
        type: 'RichTextBlock',
        inlines: [
          { type: 'TextRun', text: `${plainText(inertText(comment.authorName))}: `, weight: 'Bolder' },
          ...(comment.replyToName ? [{ type: 'TextRun', text: `${t(locale, 'card.post.inReplyTo', { name: plainText(inertText(comment.replyToName)) })} `, isSubtle: true }] : []),
          { type: 'TextRun', text: plainText(inertText(comment.text)).slice(0, 280) },
        ],
      })),
    },
    ...(post.commentCount > post.latestComments.length
      ? [{ type: 'TextBlock', text: t(locale, 'card.post.comments', { count: post.commentCount }), isSubtle: true, size: 'Small', spacing: 'Small' }]
      : []),
  ];
}

/** Reaction and comment counts under the reaction bar, then the latest comments. */
export function engagementSummary(post: Post, locale?: string): CardElement[] {
  const summary = [
    post.reactionCount === 1 ? t(locale, 'card.post.reactionsLabel.one') : post.reactionCount ? t(locale, 'card.post.reactionsLabel', { count: post.reactionCount }) : '',
    post.commentCount === 1 ? t(locale, 'card.post.comments.one') : post.commentCount ? t(locale, 'card.post.comments', { count: post.commentCount }) : '',
  ].filter(Boolean);
  return [
    ...(summary.length ? [{ type: 'TextBlock', text: summary.join(' · '), isSubtle: true, size: 'Small', spacing: 'Small' }] : []),
    ...commentPreview(post, locale),
  ];
}

export function dialogButton(title: string, verb: string, postId: string, secondary = false): CardAction {
  return { type: 'Action.Submit', title, data: { msteams: { type: 'task/fetch' }, verb, postId }, ...(secondary && { mode: 'secondary' }) };
}

/** The card for one post; `view` personalises it for one reader. */
export function postCard(post: Post, view: PostCardView = {}): AdaptiveCard {
  const { locale } = view;
  if (post.state === 'hidden') return hiddenPostCard(locale);
  if (post.state !== 'published') return removedPostCard(locale, post.removedByModerator);
  if (post.kind === 'kudos' && post.kudos) return kudosCard(post, view);
  const title = post.title ? inertText(post.title) : undefined;
  const body = inertText(post.body);
  const actions: CardAction[] = [
    dialogButton(t(locale, 'card.post.comment'), VERBS.postComments, post.postId),
    ...(post.links ?? []).map((link) => ({ type: 'Action.OpenUrl' as const, title: inertText(link.title), url: link.url })),
    ...(post.sharedFrom?.url ? [{ type: 'Action.OpenUrl' as const, title: t(locale, 'card.post.openOriginal'), url: post.sharedFrom.url, mode: 'secondary' }] : []),
    dialogButton(t(locale, 'card.post.report'), VERBS.postReport, post.postId, true),
    ...(view.canEdit
      ? [
          dialogButton(t(locale, 'card.post.edit'), VERBS.postEdit, post.postId, true),
          { type: 'Action.Execute' as const, verb: VERBS.postDelete, title: t(locale, 'card.post.delete'), data: { postId: post.postId }, mode: 'secondary', style: 'destructive' },
        ]
      : []),
  ];
  return adaptiveCard({
    speak: `${plainText(inertText(post.authorName))}: ${title ? `${plainText(title)}. ` : ''}${plainText(body).slice(0, 500)}`,
    fallbackText: `${inertText(post.authorName)}: ${title ?? ''} ${plainText(body).slice(0, 200)}`,
    refresh: {
      action: { type: 'Action.Execute', verb: VERBS.postRefresh, data: { postId: post.postId } },
      userIds: post.personalViewers,
    },
    body: [
      authorLine(post),
      ...kindLabel(post, locale),
      ...(title ? [{ type: 'TextBlock', text: title, size: 'Large', weight: 'Bolder', wrap: true, style: 'heading', spacing: 'Small' }] : []),
      { type: 'TextBlock', text: body, wrap: true, spacing: 'Small' },
      ...(post.imageUrl ? [{ type: 'Image', url: post.imageUrl, altText: inertText(post.imageAltText ?? ''), size: 'Stretch' }] : []),
      ...(post.sharedFrom ? [{ type: 'TextBlock', text: t(locale, 'card.post.sharedFrom', { name: inertText(post.sharedFrom.authorName) }), isSubtle: true, size: 'Small', wrap: true }] : []),
      ...bestAnswer(post, locale),
      { type: 'ActionSet', spacing: 'Medium', actions: reactionActions(post, view) },
      ...engagementSummary(post, locale),
    ],
    actions,
  });
}

/** "Announcement", "Discussion in Running club", "Question": what kind of post this is, and where it is filed. */
export function kindLabel(post: Post, locale?: string): CardElement[] {
  const label = post.kind === 'announcement' ? t(locale, 'card.post.announcement') : post.kind === 'discussion' ? t(locale, 'card.post.discussion') : post.kind === 'question' ? t(locale, 'card.post.question') : post.kind === 'poll' ? t(locale, 'card.poll.label') : post.kind === 'ama' ? t(locale, 'card.ama.label') : '';
  if (!label) return [];
  const text = post.community ? t(locale, 'card.post.in', { label, name: inertText(post.community.name) }) : label;
  return [{ type: 'TextBlock', text, color: 'Accent', weight: 'Bolder', size: 'Small', spacing: 'Small', wrap: true }];
}

function bestAnswer(post: Post, locale?: string): CardElement[] {
  if (!post.bestAnswer) return [];
  return [
    {
      type: 'Container',
      style: 'good',
      spacing: 'Medium',
      items: [
        { type: 'TextBlock', text: `✅ ${t(locale, 'card.post.bestAnswer', { name: inertText(post.bestAnswer.authorName) })}`, weight: 'Bolder', size: 'Small', wrap: true },
        { type: 'TextBlock', text: inertText(post.bestAnswer.text).slice(0, 500), wrap: true, spacing: 'Small' },
      ],
    },
  ];
}

/** A card that stands in for a post: a title and a line, both subdued. */
function placeholderCard(title: string, body: string): AdaptiveCard {
  return adaptiveCard({
    speak: `${title}. ${body}`,
    fallbackText: title,
    body: [
      { type: 'TextBlock', text: title, weight: 'Bolder', wrap: true, isSubtle: true },
      { type: 'TextBlock', text: body, wrap: true, isSubtle: true, size: 'Small' },
    ],
  });
}

/** In place of a post that reports hid until a moderator reviews it. */
export function hiddenPostCard(locale?: string): AdaptiveCard {
  return placeholderCard(t(locale, 'card.post.hidden.title'), t(locale, 'card.post.hidden.body'));
}

export function removedPostCard(locale?: string, byModerator = false): AdaptiveCard {
  return placeholderCard(t(locale, byModerator ? 'card.post.removedByModerator.title' : 'card.post.removed.title'), t(locale, byModerator ? 'card.post.removedByModerator.body' : 'card.post.removed.body'));
}
