import { DomainError } from './errors';

/**
 * The reactions a post offers. Configurable per tenant later (settings); this is
 * the default set and the order the buttons appear in.
 */
export const DEFAULT_REACTIONS = [
  { type: 'like', emoji: '👍', label: 'Like' },
  { type: 'celebrate', emoji: '🎉', label: 'Celebrate' },
  { type: 'love', emoji: '❤️', label: 'Love' },
  { type: 'insightful', emoji: '💡', label: 'Insightful' },
  { type: 'funny', emoji: '😄', label: 'Funny' },
] as const;

export type ReactionType = string;
export interface ReactionOption {
  type: ReactionType;
  emoji: string;
  label: string;
}

export type ReactionCounts = Record<ReactionType, number>;

/** Teams shows at most six actions in one action set. */
export const REACTION_SET_MAX = 6;
export const REACTION_TYPE_MAX = 20;
export const REACTION_LABEL_MAX = 20;
const REACTION_TYPE = new RegExp(`^[a-z][a-z0-9-]{0,${REACTION_TYPE_MAX - 1}}$`);

/** Checks a tenant's own reaction set: 1 to REACTION_SET_MAX distinct reactions, each an emoji and a short label. */
export function validateReactionSet(options: readonly ReactionOption[]): ReactionOption[] {
  if (options.length < 1 || options.length > REACTION_SET_MAX) throw new DomainError('bad_request', `between 1 and ${REACTION_SET_MAX} reactions`);
  const cleaned = options.map((o) => ({ type: o.type.trim(), emoji: o.emoji.trim(), label: o.label.trim() }));
  for (const option of cleaned) {
    if (!REACTION_TYPE.test(option.type)) throw new DomainError('bad_request', `reaction type "${option.type.slice(0, 20)}": lowercase letters, digits and -`);
    if (!option.emoji || [...option.emoji].length > 8 || /[<>\[\]()]/.test(option.emoji)) throw new DomainError('bad_request', `reaction "${option.type}": one emoji`);
    if (!option.label || option.label.length > REACTION_LABEL_MAX) throw new DomainError('bad_request', `reaction "${option.type}": a label of 1 to ${REACTION_LABEL_MAX} characters`);
  }
  if (new Set(cleaned.map((o) => o.type)).size !== cleaned.length) throw new DomainError('bad_request', 'reaction types must be distinct');
  return cleaned;
}

export function reactionOption(type: string, options: readonly ReactionOption[] = DEFAULT_REACTIONS): ReactionOption {
  const option = options.find((o) => o.type === type);
  if (!option) throw new DomainError('bad_request', `unknown reaction "${type.slice(0, 40)}"`);
  return option;
}

/**
 * One reaction per person per post: clicking your reaction again removes it,
 * clicking another switches to it.
 */
export function nextReaction(current: ReactionType | null, clicked: ReactionType): ReactionType | null {
  return current === clicked ? null : clicked;
}

/** How the counts move when one person's reaction goes from `before` to `after`. */
export function reactionDelta(before: ReactionType | null, after: ReactionType | null): ReactionCounts {
  const delta: ReactionCounts = {};
  if (before === after) return delta;
  if (before) delta[before] = -1;
  if (after) delta[after] = 1;
  return delta;
}

export function applyDelta(counts: ReactionCounts, delta: ReactionCounts): ReactionCounts {
  const next = { ...counts };
  for (const [type, change] of Object.entries(delta)) {
    const value = (next[type] ?? 0) + change;
    if (value > 0) next[type] = value;
    else delete next[type];
  }
  return next;
}

export function totalReactions(counts: ReactionCounts): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}
