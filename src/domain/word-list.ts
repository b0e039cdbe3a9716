import { DomainError } from './errors';

/**
 * The tenant's word list (issue 17, item 3): words, phrases and regular expressions,
 * each blocking what matches or holding it for review, checked before anything is
 * published (posts, comments, kudos, poll options, community names).
 *
 * JavaScript has no regex time limit, so patterns are vetted before they are stored:
 * they must compile, stay short, and avoid the shapes that backtrack exponentially
 * (a quantified group that itself repeats or alternates, such as `(a+)+` or `(a|aa)*`;
 * back-references; more than WORD_LIST_UNBOUNDED_MAX unbounded repeats). Text is at
 * most POST_BODY_MAX characters, so what remains is at worst quadratic in it.
 */
export const WORD_LIST_ACTIONS = ['block', 'hold'] as const;
export type WordListAction = (typeof WORD_LIST_ACTIONS)[number];
export const WORD_LIST_KINDS = ['word', 'phrase', 'regex'] as const;
export type WordListKind = (typeof WORD_LIST_KINDS)[number];

export const WORD_LIST_ENTRIES_MAX = 200;
export const WORD_LIST_PATTERN_MAX = 200;
export const WORD_LIST_UNBOUNDED_MAX = 2;

export interface WordListEntry {
  kind: WordListKind;
  pattern: string;
  action: WordListAction;
}

/** A match: which rule (1-based, as the admin numbered it) and the words it found. */
export interface WordListMatch {
  rule: number;
  entry: WordListEntry;
  term: string;
}

/** What the screen decided for a piece of text: publish, hold (with every matched term) or block. */
export type ScreenResult = { action: 'publish' } | { action: 'hold'; matches: WordListMatch[] } | { action: 'block'; match: WordListMatch };

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Word edges that know letters beyond ASCII ("café" is one word).
const EDGE_BEFORE = '(?<![\\p{L}\\p{N}_])';
const EDGE_AFTER = '(?![\\p{L}\\p{N}_])';

/** Why a regular expression is refused, or undefined when it may be used. */
export function regexProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'iu');
  } catch (error) {
    return `not a valid regular expression (${(error as Error).message.replace(/^Invalid regular expression: /, '')})`;
  }
  if (/\\[1-9]|\\k</.test(pattern)) return 'back-references are not allowed';
  // One pass over the pattern: per open group, whether it repeats or alternates inside.
  const groups: Array<{ repeats: boolean; alternates: boolean }> = [];
  let unbounded = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      continue;
    }
    if (char === '[') inClass = true;
    else if (char === '(') groups.push({ repeats: false, alternates: false });
    else if (char === '|' && groups.length) groups[groups.length - 1].alternates = true;
    else if (char === ')') {
      const group = groups.pop();
      const quantifier = quantifierAt(pattern, i + 1);
      if (group && quantifier?.repeats && (group.repeats || group.alternates)) return 'a repeated group that itself repeats or alternates can take forever on some text (for example (a+)+ or (a|b)*): simplify it';
      if (group?.repeats && groups.length) groups[groups.length - 1].repeats = true;
    } else {
      const quantifier = quantifierAt(pattern, i);
      if (!quantifier) continue;
      if (quantifier.unbounded) unbounded++;
      if (quantifier.repeats && groups.length) groups[groups.length - 1].repeats = true;
      i += quantifier.length - 1;
    }
  }
  if (unbounded > WORD_LIST_UNBOUNDED_MAX) return `at most ${WORD_LIST_UNBOUNDED_MAX} unbounded repeats (*, +, {n,}) in one expression`;
  return undefined;
}

/** The quantifier starting at `i`, if any: whether it repeats (more than once) and without bound. */
function quantifierAt(pattern: string, i: number): { repeats: boolean; unbounded: boolean; length: number } | undefined {
  const char = pattern[i];
  if (char === '*' || char === '+') return { repeats: true, unbounded: true, length: pattern[i + 1] === '?' ? 2 : 1 };
  if (char === '?') return { repeats: false, unbounded: false, length: 1 };
  const braces = /^\{(\d+)(,(\d*))?\}\??/.exec(pattern.slice(i));
  if (!braces) return undefined;
  const max = braces[2] === undefined ? Number(braces[1]) : braces[3] === '' ? Infinity : Number(braces[3]);
  return { repeats: max > 1, unbounded: max === Infinity, length: braces[0].length };
}

/**
 * Checks an admin's list; a bad entry is refused with its line (1-based) and why.
 * Words and phrases are trimmed; duplicates are refused so the list stays readable.
 */
export function validateWordList(entries: WordListEntry[]): WordListEntry[] {
  if (entries.length > WORD_LIST_ENTRIES_MAX) throw new DomainError('bad_request', `at most ${WORD_LIST_ENTRIES_MAX} entries`, 'error.wordList.tooMany', { max: WORD_LIST_ENTRIES_MAX });
  const seen = new Set<string>();
  return entries.map((entry, index) => {
    const line = index + 1;
    const pattern = entry.kind === 'regex' ? entry.pattern : entry.pattern.trim().replace(/\s+/g, ' ');
    const refuse = (why: string) => new DomainError('bad_request', `line ${line}: ${why}`, 'error.wordList.badEntry', { line, why });
    if (!pattern) throw refuse('empty');
    if (pattern.length > WORD_LIST_PATTERN_MAX) throw refuse(`longer than ${WORD_LIST_PATTERN_MAX} characters`);
    if (entry.kind === 'word' && /\s/.test(pattern)) throw refuse('a word has no spaces: make it a phrase');
    if (entry.kind === 'regex') {
      const problem = regexProblem(pattern);
      if (problem) throw refuse(problem);
    }
    const key = `${entry.kind}|${pattern.toLowerCase()}`;
    if (seen.has(key)) throw refuse('the same entry appears twice');
    seen.add(key);
    return { kind: entry.kind, pattern, action: entry.action };
  });
}

function compiled(entry: WordListEntry): RegExp {
  if (entry.kind === 'regex') return new RegExp(entry.pattern, 'iu');
  const words = entry.pattern.split(' ').map(escape).join('\\s+');
  return new RegExp(`${EDGE_BEFORE}${words}${EDGE_AFTER}`, 'iu');
}

const cache = new WeakMap<readonly WordListEntry[], RegExp[]>();

/** Screens texts against the list: any block wins (the first rule that blocks); otherwise every hold. */
export function screenText(entries: readonly WordListEntry[], texts: readonly (string | undefined)[]): ScreenResult {
  if (!entries.length) return { action: 'publish' };
  let patterns = cache.get(entries);
  if (!patterns) cache.set(entries, (patterns = entries.map(compiled)));
  const holds: WordListMatch[] = [];
  for (const [index, entry] of entries.entries()) {
    for (const text of texts) {
      const found = text && patterns[index].exec(text);
      if (!found) continue;
      const match = { rule: index + 1, entry, term: found[0].slice(0, 100) };
      if (entry.action === 'block') return { action: 'block', match };
      holds.push(match);
      break;
    }
  }
  return holds.length ? { action: 'hold', matches: holds } : { action: 'publish' };
}

/** The kind refusal of blocked text, naming the rule and what it found. */
export function blockedError(match: WordListMatch): DomainError {
  return new DomainError('bad_request', `word list rule ${match.rule} blocks "${match.term}"`, 'error.wordList.blocked', { rule: match.rule, term: match.term });
}
