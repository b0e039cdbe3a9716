import { t } from '../i18n';
import { KudosNoticeEntry, KUDOS_NOTICE_SHOWN } from '../domain/kudos-notices';
import { adaptiveCard, AdaptiveCard, CardElement, inertText, plainText } from './types';

export interface KudosNoticeView {
  entries: KudosNoticeEntry[];
  /** Kudos beyond the list (it holds KUDOS_NOTICE_PENDING_MAX). */
  overflow?: number;
  locale?: string;
  /** The Kudos page in the tab. */
  tabUrl?: string;
}

function line(entry: KudosNoticeEntry, locale?: string): CardElement {
  const params = { emoji: entry.badge.emoji, badge: inertText(entry.badge.name), sender: inertText(entry.senderName) };
  const heading = entry.forReport
    ? t(locale, 'card.kudosNotice.forReport', { ...params, name: inertText(entry.forReport.displayName) })
    : t(locale, entry.joinedBy ? 'card.kudosNotice.joined' : 'card.kudosNotice.forYou', params);
  return {
    type: 'Container',
    spacing: 'Medium',
    items: [
      { type: 'TextBlock', text: heading, wrap: true, weight: 'Bolder' },
      { type: 'TextBlock', text: inertText(entry.message), wrap: true, isSubtle: true, spacing: 'None' },
    ],
  };
}

/** One personal-chat message for everything a person (or their manager) was recognised for since the last one. */
export function kudosNoticeCard({ entries, overflow = 0, locale, tabUrl }: KudosNoticeView): AdaptiveCard {
  const total = entries.length + overflow;
  const mine = entries.filter((e) => !e.forReport).length;
  const key = mine === entries.length ? 'card.kudosNotice.title' : mine === 0 ? 'card.kudosNotice.titleReports' : 'card.kudosNotice.titleMixed';
  const title = t(locale, total === 1 ? `${key}.one` : key, { count: total });
  const shown = entries.slice(-KUDOS_NOTICE_SHOWN);
  const more = total - shown.length;
  const spoken = shown.map((e) => plainText(`${e.badge.name}, ${e.senderName}${e.forReport ? `, ${e.forReport.displayName}` : ''}`)).join('; ');
  return adaptiveCard({
    speak: `${title}. ${spoken}`,
    fallbackText: title,
    body: [
      { type: 'TextBlock', text: title, size: 'Large', weight: 'Bolder', wrap: true, style: 'heading' },
      ...shown.map((entry) => line(entry, locale)),
      ...(more > 0 ? [{ type: 'TextBlock', text: t(locale, 'card.kudosNotice.more', { count: more }), isSubtle: true, wrap: true }] : []),
    ],
    ...(tabUrl && { actions: [{ type: 'Action.OpenUrl', title: t(locale, 'card.kudosNotice.open'), url: tabUrl }] }),
  });
}
