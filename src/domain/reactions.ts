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
