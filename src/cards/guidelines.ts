import { t } from '../i18n';
import type { GuidelinesAcceptance, GuidelinesVersion } from '../domain/guidelines';
import { adaptiveCard, AdaptiveCard, CardElement, inertText, plainText } from './types';
import { VERBS } from './verbs';

/** Blocks of Markdown the card shows; the rest is cut, with a pointer to the tab's Guidelines page. */
const MAX_BLOCKS = 40;

/**
 * Teams' card Markdown has bold, italics, links and lists but no headings, so the
 * guidelines become TextBlocks: a `#` line a bold heading block, every other
 * paragraph (lists included) a wrapped block, inert like any user text.
 */
export function guidelinesBlocks(markdown: string): CardElement[] {
  const blocks: CardElement[] = [];
  for (const paragraph of markdown.replace(/\r\n/g, '\n').split(/\n\s*\n/)) {
    const lines = paragraph.split('\n').filter((line) => line.trim());
    let text: string[] = [];
    const flush = () => {
      if (text.length) blocks.push({ type: 'TextBlock', text: inertText(text.join('\n')), wrap: true, spacing: 'Small' });
      text = [];
    };
    for (const line of lines) {
      const heading = /^\s{0,3}(#{1,6})\s+(.*)$/.exec(line);
      if (!heading) {
        text.push(line);
        continue;
      }
      flush();
      blocks.push({ type: 'TextBlock', text: inertText(heading[2]), weight: 'Bolder', size: heading[1].length === 1 ? 'Large' : 'Medium', wrap: true, spacing: 'Medium', style: 'heading' });
    }
    flush();
  }
  return blocks.slice(0, MAX_BLOCKS);
}

/**
 * The inline step before a first post, comment, kudos or poll: the guidelines and an
 * "I accept" button carrying the version shown. `superseded` says the person tried to
 * accept an older version; this is the one now in force.
 */
export function guidelinesCard(locale: string | undefined, guidelines: GuidelinesVersion, options: { superseded?: boolean } = {}): AdaptiveCard {
  const title = t(locale, 'card.guidelines.title', { version: guidelines.version });
  const intro = t(locale, options.superseded ? 'card.guidelines.superseded' : 'card.guidelines.intro');
  return adaptiveCard({
    speak: `${title}. ${intro}`,
    fallbackText: `${title}: ${plainText(guidelines.markdown).slice(0, 200)}`,
    body: [
      { type: 'TextBlock', text: title, weight: 'Bolder', size: 'Medium', wrap: true, style: 'heading' },
      { type: 'TextBlock', text: intro, wrap: true, ...(options.superseded && { color: 'Attention' }) },
      { type: 'Container', style: 'emphasis', spacing: 'Medium', items: guidelinesBlocks(guidelines.markdown) },
      { type: 'TextBlock', text: t(locale, 'card.guidelines.retry'), wrap: true, isSubtle: true, spacing: 'Medium' },
    ],
    actions: [{ type: 'Action.Execute', verb: VERBS.guidelinesAccept, title: t(locale, 'card.guidelines.accept'), data: { version: guidelines.version }, style: 'positive' }],
  });
}

/** After "I accept": what was accepted, and that the person can now try again. */
export function guidelinesAcceptedCard(locale: string | undefined, acceptance: GuidelinesAcceptance): AdaptiveCard {
  const title = t(locale, 'card.guidelines.acceptedTitle');
  const body = t(locale, 'card.guidelines.acceptedBody', { version: acceptance.version, date: acceptance.acceptedAt.slice(0, 10) });
  return adaptiveCard({
    speak: `${title}. ${body}`,
    fallbackText: `${title}: ${body}`,
    body: [
      { type: 'TextBlock', text: title, weight: 'Bolder', wrap: true, color: 'Good', style: 'heading' },
      { type: 'TextBlock', text: body, wrap: true },
    ],
  });
}
