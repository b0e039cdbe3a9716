import { MessageKey, t } from '../i18n';
import { adaptiveCard, AdaptiveCard, inertText } from './types';

/** The commands the bot understands; the manifest's command list says the same. */
export const BOT_COMMANDS: Array<{ name: string; description: MessageKey }> = [
  { name: 'help', description: 'card.help.command.help' },
  { name: 'post', description: 'card.help.command.post' },
];

export const UNKNOWN_TEXT_SHOWN_MAX = 60;

export interface HelpCardInput {
  locale?: string;
  /** The text we did not understand, if that is why the card is shown. */
  unknownText?: string;
  tabUrl: string;
}

export function helpCard(input: HelpCardInput): AdaptiveCard {
  const { locale } = input;
  const title = t(locale, 'card.help.title');
  const shown = input.unknownText?.trim().slice(0, UNKNOWN_TEXT_SHOWN_MAX);
  const apology = shown ? [{ type: 'TextBlock', text: t(locale, 'card.help.unknown', { text: inertText(shown) }), wrap: true, color: 'Attention' }] : [];
  const commands = BOT_COMMANDS.map((command) => ({ title: command.name, value: t(locale, command.description) }));
  return adaptiveCard({
    speak: `${title}. ${commands.map((c) => `${c.title}: ${c.value}`).join(' ')}`,
    fallbackText: `${title}: ${commands.map((c) => c.title).join(', ')}`,
    body: [
      ...apology,
      { type: 'TextBlock', text: title, size: 'Large', weight: 'Bolder', wrap: true, style: 'heading' },
      { type: 'TextBlock', text: t(locale, 'card.help.intro'), wrap: true },
      { type: 'FactSet', facts: commands },
      { type: 'TextBlock', text: t(locale, 'card.help.footer'), wrap: true, isSubtle: true, size: 'Small' },
    ],
    actions: [{ type: 'Action.OpenUrl', title: t(locale, 'card.welcome.openTab'), url: input.tabUrl }],
  });
}
