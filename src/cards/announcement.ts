import { t } from '../i18n';
import type { Announcement } from '../domain/announcements';
import type { PostExtras } from '../domain/studio';
import { noEngagementYet, type Post } from '../domain/posts';
import type { ReactionOption, ReactionType } from '../domain/reactions';
import { dialogButton, engagementSummary, reactionActions } from './post';
import { adaptiveCard, AdaptiveCard, CARD_ACTIONS_MAX, CardAction, CardElement, foldActions, inertText, plainText } from './types';
import { VERBS } from './verbs';

/** The verb of "I've read this"; the bot routes on exactly this (named in src/cards/verbs.ts). */
export const ANNOUNCEMENT_VERBS = { acknowledge: VERBS.announcementAcknowledge } as const;

export interface AnnouncementCardInput extends PostExtras {
  locale?: string;
  title: string;
  body: string;
  /** Shown after an edit of delivered copies. */
  edited?: boolean;
  /** Where "Open in Commons" leads. */
  tabUrl?: string;
  /** Carried by "I've read this"; absent in the Studio preview. */
  announcementId?: string;
  /** The viewer's own view once they acknowledged: the button becomes a confirmation. */
  acknowledged?: boolean;
  /** Sent again to those who had not acknowledged. */
  reminder?: boolean;
  /** "Send me a test": only the author sees it. */
  test?: boolean;
  /**
   * Reactions and comments, as on posts (the same verbs, keyed by the announcement id):
   * its engagement record with the counts, and the viewer's own reaction. Without it
   * (the Studio preview, a first delivery) the bar shows no counts yet.
   */
  engagement?: { post?: Post; myReaction?: ReactionType | null; reactions?: readonly ReactionOption[] };
}

export type AnnouncementEngagementView = NonNullable<AnnouncementCardInput['engagement']>;

/** Counts at zero: what the bar shows before anyone engaged, and in the preview. */
function engagementOf(input: AnnouncementCardInput): Pick<Post, 'postId' | 'reactionCounts' | 'reactionCount' | 'commentCount' | 'latestComments' | 'personalViewers'> {
  return input.engagement?.post ?? { postId: input.announcementId ?? 'preview', ...noEngagementYet() };
}

function label(input: AnnouncementCardInput): CardElement {
  const kind = t(input.locale, input.kind === 'update' ? 'card.announcement.update' : 'card.announcement.label');
  const text = input.importance === 'important' ? `${t(input.locale, 'card.announcement.important')} · ${kind}` : kind;
  return { type: 'TextBlock', text, size: 'Small', weight: 'Bolder', color: input.importance === 'important' ? 'Attention' : 'Accent', wrap: true };
}

function image(input: AnnouncementCardInput): CardElement[] {
  if (!input.image || !/^https:\/\//i.test(input.image.url)) return [];
  return [{ type: 'Image', url: input.image.url, altText: plainText(input.image.alt).slice(0, 200), size: 'Stretch' }];
}

function acknowledgement(input: AnnouncementCardInput): { body: CardElement[]; actions: CardAction[] } {
  if (!input.acknowledge) return { body: [], actions: [] };
  if (input.acknowledged) {
    return { body: [{ type: 'TextBlock', text: t(input.locale, 'card.announcement.acknowledged'), color: 'Good', weight: 'Bolder', wrap: true }], actions: [] };
  }
  return {
    body: [{ type: 'TextBlock', text: t(input.locale, 'card.announcement.ackPrompt'), isSubtle: true, size: 'Small', wrap: true }],
    actions: [{ type: 'Action.Execute', verb: ANNOUNCEMENT_VERBS.acknowledge, title: t(input.locale, 'card.announcement.ack'), style: 'positive', data: { announcementId: input.announcementId ?? 'preview' } }],
  };
}

/**
 * The announcement as people see it in Teams. The Studio's live preview renders this
 * same card (bundled into the tab), so what the author sees is what employees get.
 */
export function announcementCard(input: AnnouncementCardInput): AdaptiveCard {
  const { locale } = input;
  const ack = acknowledgement(input);
  const links: CardAction[] = (input.buttons ?? [])
    .filter((button) => /^https?:\/\//i.test(button.url))
    .map((button) => ({ type: 'Action.OpenUrl', title: plainText(button.title), url: button.url }));
  const open: CardAction[] = input.tabUrl ? [{ type: 'Action.OpenUrl', title: t(locale, 'card.announcement.open'), url: input.tabUrl }] : [];
  const note = input.test ? 'card.announcement.test' : input.reminder ? 'card.announcement.reminder' : undefined;
  const engaged = engagementOf(input) as Post;
  const reactions = reactionActions(engaged, { myReaction: input.engagement?.myReaction, reactions: input.engagement?.reactions });
  const content: CardElement[] = [
    ...(note ? [{ type: 'TextBlock', text: t(locale, note), size: 'Small', weight: 'Bolder', color: 'Warning', wrap: true }] : []),
    label(input),
    { type: 'TextBlock', text: inertText(input.title), size: 'Large', weight: 'Bolder', wrap: true, style: 'heading' },
    ...image(input),
    { type: 'TextBlock', text: inertText(input.body), wrap: true },
    ...(input.edited ? [{ type: 'TextBlock', text: t(locale, 'card.announcement.edited'), isSubtle: true, size: 'Small', wrap: true }] : []),
    ...ack.body,
    { type: 'ActionSet', spacing: 'Medium', actions: reactions },
    ...engagementSummary(engaged, locale),
  ];
  const comments = dialogButton(t(locale, 'card.post.comment'), VERBS.postComments, engaged.postId);
  // Within Teams' action limits with up to six reactions and six links: acknowledging
  // and commenting always show; links and "Open in Commons" as far as they fit, then "More links".
  const actions = foldActions([...ack.actions, comments], [...links, ...open], CARD_ACTIONS_MAX - reactions.length, t(locale, 'card.announcement.more'));
  return adaptiveCard({
    speak: `${plainText(input.title)}. ${plainText(input.body)}`.slice(0, 1000),
    fallbackText: plainText(input.title),
    // Important posts stand out: the whole card sits in an attention-styled container.
    // Reactors get their own view (their reaction, their acknowledgement), as on posts.
    ...(input.announcementId && !input.test && engaged.personalViewers.length
      ? { refresh: { action: { type: 'Action.Execute', verb: VERBS.postRefresh, data: { postId: engaged.postId } }, userIds: engaged.personalViewers } }
      : {}),
    body: input.importance === 'important' ? [{ type: 'Container', style: 'attention', bleed: true, items: content }] : content,
    actions: actions.length ? actions : undefined,
  });
}

/**
 * A stored announcement's card as delivered: the delivery engine sends it, and the bot
 * answers "I've read this" with the same card in the clicker's acknowledged view.
 */
export function deliveredAnnouncementCard(announcement: Announcement, view: { tabUrl?: string; locale?: string; acknowledged?: boolean; test?: boolean; engagement?: AnnouncementCardInput['engagement'] } = {}): AdaptiveCard {
  return announcementCard({
    ...announcement.extras,
    title: announcement.title,
    body: announcement.body,
    edited: announcement.version > 1,
    announcementId: announcement.remindsOf ?? announcement.announcementId,
    ...(announcement.remindsOf && { reminder: true }),
    ...view,
  });
}
