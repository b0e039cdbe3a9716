/**
 * Words a post is found by. A post's title and body are cut into lower-case words
 * (letters and digits of any script, accents folded), short words and the commonest
 * English words dropped; each remaining word names a small list of the posts holding
 * it (store/posts.ts), so a search reads one word's list, never scans posts.
 */
const STOP_WORDS = new Set(
  'the and for are but not you all any can had her was one our out day get has him his how man new now old see two way who boy did its let put say she too use that with have this will your from they know want been good much some time very when come here just like long make many more only over such take than them well were what into about after again also back even most need then there these thing think those through where which while would could should their other'.split(' '),
);
export const TERM_MIN = 3;
export const TERM_MAX = 30;
/** Words indexed per post, at most (the title's first). */
export const TERMS_PER_POST_MAX = 40;

export function searchTerms(text: string, max = TERMS_PER_POST_MAX): string[] {
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= TERM_MIN && word.length <= TERM_MAX && !STOP_WORDS.has(word));
  return [...new Set(words)].slice(0, max);
}

/** Whether a post's text holds every term of a search (the list of the first term may hold stale entries after an edit). */
export function matchesAll(text: string, terms: readonly string[]): boolean {
  const words = new Set(searchTerms(text, Number.MAX_SAFE_INTEGER));
  return terms.every((term) => words.has(term));
}
