import { t } from '../i18n';
import type { ConversationKind } from '../domain/conversations';
import { adaptiveCard, AdaptiveCard, inertText, plainText } from './types';

export interface WelcomeCardInput {
  locale?: string;
  kind: ConversationKind;
  /** Channel or team name for channels; the person's name for personal chats. */
  placeName?: string;
  personName?: string;
  tabUrl: string;
}

export function welcomeCard(input: WelcomeCardInput): AdaptiveCard {
  const { locale } = input;
  const title = t(locale, 'card.welcome.title');
  const body =
    input.kind === 'channel'
      ? t(locale, 'card.welcome.body.channel', { place: inertText(input.placeName ?? t(locale, 'app.name')) })
      : input.kind === 'personal'
        ? t(locale, 'card.welcome.body.personal', { name: inertText(input.personName ?? '') })
        : t(locale, 'card.welcome.body.groupChat');
  return adaptiveCard({
    speak: `${title}. ${plainText(body)}`,
    fallbackText: `${title}\n${plainText(body)}`,
    body: [
      { type: 'TextBlock', text: title, size: 'Large', weight: 'Bolder', wrap: true, style: 'heading' },
      { type: 'TextBlock', text: body, wrap: true },
      { type: 'TextBlock', text: t(locale, 'card.help.footer'), wrap: true, isSubtle: true, size: 'Small' },
    ],
    actions: [{ type: 'Action.OpenUrl', title: t(locale, 'card.welcome.openTab'), url: input.tabUrl }],
  });
}
