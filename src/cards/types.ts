/**
 * The slice of the Adaptive Card 1.5 schema our builders use. Teams renders up to
 * 1.5; every card we send is validated against the official schema in tests.
 */
import { labelWithHost } from '../domain/links';

export const CARD_VERSION = '1.5';

/**
 * Teams shows at most six actions in one `actions` array (a card's own or an
 * ActionSet's): desktop and web cut off the rest, mobile folds them into a list.
 */
export const CARD_ACTION_SET_MAX = 6;
/**
 * Across one card, outside Action.ShowCard, at most nine actions: more is a wall of
 * buttons on a phone. What does not fit goes behind a "More" Action.ShowCard.
 */
export const CARD_ACTIONS_MAX = 9;

export type CardElement = Record<string, unknown> & { type: string };
export type CardAction = Record<string, unknown> & { type: 'Action.OpenUrl' | 'Action.Submit' | 'Action.Execute' | 'Action.ShowCard' | 'Action.ToggleVisibility' };

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  version: typeof CARD_VERSION;
  body: CardElement[];
  actions?: CardAction[];
  speak?: string;
  fallbackText?: string;
  refresh?: Record<string, unknown>;
}

export function adaptiveCard(parts: Omit<AdaptiveCard, 'type' | '$schema' | 'version'>): AdaptiveCard {
  return { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: CARD_VERSION, ...parts };
}

/**
 * User text rendered inert: Teams' card Markdown has no HTML, but a pasted "<script>"
 * or a Markdown link to a javascript: URL must never become live. Angle brackets
 * become look-alikes, links that are not https lose their target, and the label of an
 * https link shows its real host.
 */
export function inertText(text: string): string {
  return text
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .replace(/\]\(\s*(?!https:\/\/)[^)]*\)/gi, ']')
    .replace(/\[([^\]\n]*)\]\((https:\/\/[^)\s]*)\)/gi, (_, label: string, url: string) => `[${labelWithHost(label, url)}](${url})`);
}

/** Text for screen readers and notifications: no Markdown markers. */
export function plainText(text: string): string {
  return text.replace(/[*_~`#>]/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
}

/** The top of a message-extension form: its heading, and why the last submit was refused (if it was). */
export function formHeading(title: string, error?: string): CardElement[] {
  return [
    { type: 'TextBlock', text: title, weight: 'Bolder', size: 'Medium', wrap: true, style: 'heading' },
    ...(error ? [{ type: 'TextBlock', text: inertText(error), color: 'Attention', wrap: true, weight: 'Bolder' } as CardElement] : []),
  ];
}

/**
 * A card's own actions within `room` (never more than CARD_ACTION_SET_MAX): `primary`
 * always shows; `secondary` shows as far as it fits, the rest behind one
 * Action.ShowCard titled `more`, in action sets of at most CARD_ACTION_SET_MAX.
 */
export function foldActions(primary: CardAction[], secondary: CardAction[], room: number, more: string): CardAction[] {
  const fits = Math.min(room, CARD_ACTION_SET_MAX);
  if (primary.length + secondary.length <= fits) return [...primary, ...secondary];
  const inline = Math.max(0, fits - primary.length - 1);
  const folded = secondary.slice(inline);
  const sets: CardElement[] = [];
  for (let i = 0; i < folded.length; i += CARD_ACTION_SET_MAX) sets.push({ type: 'ActionSet', actions: folded.slice(i, i + CARD_ACTION_SET_MAX) });
  return [...primary, ...secondary.slice(0, inline), { type: 'Action.ShowCard', title: more, card: { type: 'AdaptiveCard', body: sets } }];
}
