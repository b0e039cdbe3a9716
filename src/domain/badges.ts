import { DomainError } from './errors';

/**
 * Kudos badges: a tenant's company values, each with an emoji and a colour. Colours
 * come from a fixed palette: Adaptive Cards have no colour property for containers
 * (only a handful of theme styles), so the card paints its band with a 1×1 PNG of
 * the colour as a repeated background image, and the tab uses the hex value. Every
 * palette colour has a contrast of at least 4.5:1 against white.
 */
export const BADGE_COLOURS = {
  blue: { hex: '#0F6CBD', band: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGPgz9kLAAHGATkni5seAAAAAElFTkSuQmCC' },
  green: { hex: '#107C10', band: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGMQqBEAAAE8AJ2OlXC/AAAAAElFTkSuQmCC' },
  red: { hex: '#C50F1F', band: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGM4yi8PAAKQAPTawUkOAAAAAElFTkSuQmCC' },
  purple: { hex: '#8764B8', band: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNoT9kBAAMZAaSqxMqKAAAAAElFTkSuQmCC' },
  teal: { hex: '#038387', band: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNgbm4HAAGaAQ5oMr/NAAAAAElFTkSuQmCC' },
  pink: { hex: '#C239B3', band: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGM4ZLkZAANvAa/fF/SFAAAAAElFTkSuQmCC' },
  orange: { hex: '#DA3B01', band: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGO4Zc0IAAMJARcspV1+AAAAAElFTkSuQmCC' },
} as const;
export type BadgeColour = keyof typeof BADGE_COLOURS;
export const BADGE_COLOUR_NAMES = Object.keys(BADGE_COLOURS) as BadgeColour[];

export interface Badge {
  /** Stable id: kudos keep it, leaderboards count by it; renaming a badge keeps its history. */
  id: string;
  name: string;
  emoji: string;
  colour: BadgeColour;
}

export const DEFAULT_BADGES: readonly Badge[] = [
  { id: 'team-player', name: 'Team player', emoji: '🤝', colour: 'blue' },
  { id: 'customer-hero', name: 'Customer hero', emoji: '🦸', colour: 'pink' },
  { id: 'innovator', name: 'Innovator', emoji: '💡', colour: 'orange' },
  { id: 'above-and-beyond', name: 'Above and beyond', emoji: '🚀', colour: 'green' },
  { id: 'mentor', name: 'Mentor', emoji: '🧭', colour: 'purple' },
];

export const BADGES_MAX = 12;
export const BADGE_NAME_MAX = 30;
const BADGE_ID = /^[a-z][a-z0-9-]{0,29}$/;

/** Checks a tenant's badge set: 1 to BADGES_MAX distinct badges, each a name, one emoji and a palette colour. */
export function validateBadges(badges: readonly Badge[]): Badge[] {
  if (badges.length < 1 || badges.length > BADGES_MAX) throw new DomainError('bad_request', `between 1 and ${BADGES_MAX} badges`, 'error.kudos.badgeCount', { max: BADGES_MAX });
  const cleaned = badges.map((b) => ({ id: b.id.trim(), name: b.name.trim().replace(/\s+/g, ' '), emoji: b.emoji.trim(), colour: b.colour }));
  for (const badge of cleaned) {
    if (!BADGE_ID.test(badge.id)) throw new DomainError('bad_request', `badge id "${badge.id.slice(0, 30)}": lowercase letters, digits and -`);
    if (!badge.name || badge.name.length > BADGE_NAME_MAX || /[<>\[\]]/.test(badge.name)) throw new DomainError('bad_request', `badge "${badge.id}": a name of 1 to ${BADGE_NAME_MAX} characters`);
    if (!badge.emoji || [...badge.emoji].length > 8 || /[\p{L}\p{N}<>\[\]()]/u.test(badge.emoji)) throw new DomainError('bad_request', `badge "${badge.id}": one emoji`);
    if (!BADGE_COLOUR_NAMES.includes(badge.colour)) throw new DomainError('bad_request', `badge "${badge.id}": colour is one of ${BADGE_COLOUR_NAMES.join(', ')}`);
  }
  if (new Set(cleaned.map((b) => b.id)).size !== cleaned.length) throw new DomainError('bad_request', 'badge ids must be distinct');
  if (new Set(cleaned.map((b) => b.name.toLowerCase())).size !== cleaned.length) throw new DomainError('bad_request', 'badge names must be distinct');
  return cleaned;
}

export function findBadge(badges: readonly Badge[], idOrName: string): Badge | undefined {
  const wanted = idOrName.trim().toLowerCase();
  return badges.find((b) => b.id === wanted || b.name.toLowerCase() === wanted);
}

/**
 * The badge a chat command starts with ("Team player thanks for…"), matched by name
 * or id, longest first so "Above and beyond" wins over a badge called "Above".
 */
export function badgeAtStart(badges: readonly Badge[], text: string): { badge: Badge; rest: string } | undefined {
  const lower = text.trimStart().toLowerCase();
  const candidates = badges.flatMap((badge) => [badge.name.toLowerCase(), badge.id].map((label) => ({ badge, label }))).sort((a, b) => b.label.length - a.label.length);
  for (const { badge, label } of candidates) {
    if (lower.startsWith(label) && (lower.length === label.length || /[\s:,.!-]/.test(lower[label.length]))) {
      return { badge, rest: text.trimStart().slice(label.length).replace(/^[\s:,.-]+/, '') };
    }
  }
  return undefined;
}
