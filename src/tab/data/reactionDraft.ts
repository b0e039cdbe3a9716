import { DEFAULT_REACTIONS, REACTION_SET_MAX, REACTION_TYPE_MAX } from '../../domain/reactions';
import type { ReactionOption } from './schemas';

/**
 * The Admin page's unsaved copy of the tenant's reaction set. Each row carries a
 * client-only key so React and focus follow a reaction while it moves or while its
 * type is still being chosen. The server validates the set when it is saved; these
 * helpers only keep the edits within the limits the buttons enforce.
 */
export interface DraftReaction extends ReactionOption {
  key: string;
}

let nextKey = 0;
const withKey = (option: ReactionOption): DraftReaction => ({ ...option, key: `reaction-${++nextKey}` });

export const toDraft = (options: readonly ReactionOption[]): DraftReaction[] => options.map(withKey);
export const defaultDraft = (): DraftReaction[] => toDraft(DEFAULT_REACTIONS);
export const toReactionSet = (draft: readonly DraftReaction[]): ReactionOption[] =>
  draft.map(({ type, emoji, label }) => ({ type, emoji, label }));

export const canAdd = (draft: readonly DraftReaction[]): boolean => draft.length < REACTION_SET_MAX;
export const canRemove = (draft: readonly DraftReaction[]): boolean => draft.length > 1;

export function sameReactions(a: readonly ReactionOption[], b: readonly ReactionOption[]): boolean {
  return a.length === b.length && a.every((o, i) => o.type === b[i].type && o.emoji === b[i].emoji && o.label === b[i].label);
}

export function updateReaction(draft: readonly DraftReaction[], key: string, change: Partial<ReactionOption>): DraftReaction[] {
  return draft.map((row) => (row.key === key ? { ...row, ...change } : row));
}

export function removeReaction(draft: readonly DraftReaction[], key: string): DraftReaction[] {
  return canRemove(draft) ? draft.filter((row) => row.key !== key) : [...draft];
}

/** Moves a row one place up (-1) or down (+1); a move past either end changes nothing. */
export function moveReaction(draft: readonly DraftReaction[], key: string, by: -1 | 1): DraftReaction[] {
  const from = draft.findIndex((row) => row.key === key);
  const to = from + by;
  if (from < 0 || to < 0 || to >= draft.length) return [...draft];
  const next = [...draft];
  [next[from], next[to]] = [next[to], next[from]];
  return next;
}

export function addReaction(draft: readonly DraftReaction[], option: ReactionOption): DraftReaction[] {
  return canAdd(draft) ? [...draft, withKey(option)] : [...draft];
}

/** The longest type the server accepts: a letter, then up to 19 letters, digits or hyphens. */

/**
 * A reaction type from what the admin wrote ("Thank you!" → "thank-you"): lowercase
 * ASCII letters, digits and hyphens, starting with a letter, as the server requires.
 * Empty when nothing usable is left (a label made only of emoji, say).
 */
export function reactionSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, REACTION_TYPE_MAX)
    .replace(/-+$/, '');
}

/** A slug from the label that no other reaction uses yet, numbered when needed ("thanks-2"). */
export function derivedType(label: string, draft: readonly DraftReaction[]): string {
  const taken = new Set(draft.map((row) => row.type));
  const base = reactionSlug(label) || 'reaction';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, REACTION_TYPE_MAX - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
