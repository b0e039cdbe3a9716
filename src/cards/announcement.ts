import { t } from '../i18n';
import { adaptiveCard, AdaptiveCard, inertText, plainText } from './types';

export interface AnnouncementCardInput {
  locale?: string;
  title: string;
  body: string;
  /** Shown after an edit of delivered copies. */
  edited?: boolean;
  /** Where "Open in Commons" leads. */
  tabUrl?: string;
}

/** The announcement as people see it in Teams; the Studio's preview uses the same builder. */
export function announcementCard(input: AnnouncementCardInput): AdaptiveCard {
  const { locale } = input;
  const title = inertText(input.title);
  const body = inertText(input.body);
  return adaptiveCard({
    speak: `${plainText(input.title)}. ${plainText(input.body)}`.slice(0, 1000),
    fallbackText: plainText(input.title),
    body: [
      { type: 'TextBlock', text: t(locale, 'card.announcement.label'), size: 'Small', weight: 'Bolder', color: 'Accent', wrap: true },
      { type: 'TextBlock', text: title, size: 'Large', weight: 'Bolder', wrap: true, style: 'heading' },
      { type: 'TextBlock', text: body, wrap: true },
      ...(input.edited ? [{ type: 'TextBlock', text: t(locale, 'card.announcement.edited'), isSubtle: true, size: 'Small', wrap: true }] : []),
    ],
    actions: input.tabUrl ? [{ type: 'Action.OpenUrl', title: t(locale, 'card.announcement.open'), url: input.tabUrl }] : undefined,
  });
}
