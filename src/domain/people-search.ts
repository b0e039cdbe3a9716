/**
 * People search rules: how a person is tokenised for type-ahead and how a query
 * matches. Pure functions; the store's search index keeps its buckets with them.
 *
 * A person is found by a prefix of any word of their name, job title, department or
 * "ask me about" skills ("eng" finds "Lynne Robbins, Software Engineer"; "kube" finds
 * whoever lists Kubernetes). Every query word must match some word. Matching ignores
 * case and accents.
 */
export interface SearchablePerson {
  userId: string;
  displayName: string;
  jobTitle?: string;
  department?: string;
  skills?: string[];
}

/** Query words shorter than this cannot pick a bucket: a one-letter bucket would hold half the directory. */
export const SEARCH_PREFIX_MIN = 2;
export const SEARCH_QUERY_MAX = 100;
export const PEOPLE_PAGE_MAX = 25;

export function normalise(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

export function tokensOf(text: string | undefined): string[] {
  if (!text) return [];
  return normalise(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

export function personTokens(person: SearchablePerson): string[] {
  return [...new Set([...tokensOf(person.displayName), ...tokensOf(person.jobTitle), ...tokensOf(person.department), ...(person.skills ?? []).flatMap(tokensOf)])];
}

/** The bucket a word lives in: its first two characters (one-character words have their own). */
export function bucketOf(token: string): string {
  return [...token].slice(0, SEARCH_PREFIX_MIN).join('');
}

/** Every bucket that must list this person (words too short to search by need none). */
export function bucketsOf(person: SearchablePerson): Set<string> {
  return new Set(personTokens(person).filter((token) => [...token].length >= SEARCH_PREFIX_MIN).map(bucketOf));
}

/** The query words, or undefined when none is long enough to search by. */
export function parseQuery(query: string): { words: string[]; bucket: string } | undefined {
  const words = tokensOf(query);
  const usable = words.filter((word) => [...word].length >= SEARCH_PREFIX_MIN);
  if (usable.length === 0) return undefined;
  // Any usable word names a bucket holding every candidate; the longest is the most selective filter.
  return { words, bucket: bucketOf(usable.sort((a, b) => b.length - a.length)[0]) };
}

export function matches(person: SearchablePerson, words: readonly string[]): boolean {
  const tokens = personTokens(person);
  return words.every((word) => tokens.some((token) => token.startsWith(word)));
}

export function compareByName(a: SearchablePerson, b: SearchablePerson): number {
  return a.displayName.localeCompare(b.displayName, 'en') || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);
}
