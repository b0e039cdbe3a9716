import { mapBounded } from '../bounded';
import type { Container } from '@azure/cosmos';
import { createHash } from 'crypto';
import { bucketsOf, compareByName, matches, parseQuery, SearchablePerson } from '../domain/people-search';
import { tenantKey } from './containers';
import { readDocument, StoredDocument, updateDocument } from './documents';

/**
 * The compact people search index: for every two-letter word prefix, the people who
 * have a word of name, job title, department or skills starting with it, with just
 * what a picker shows (skills included: at most 20 of 40 characters a person). Type-ahead is then SEARCH_INDEX_SHARDS point reads whatever the
 * directory's size (a query over the people container would cost O(n²) on the
 * embedded server and a scan's RUs on Azure).
 *
 * A bucket is split by a hash of the user id into SEARCH_INDEX_SHARDS documents, so
 * a popular prefix ("ma": Marketing, Manager, Maria…) of a 50,000-person tenant stays
 * far below Cosmos DB's 2 MB document limit and each rewrite stays small.
 */
export const SEARCH_INDEX_SHARDS = 4;
/** Writes the index spreads over at once while a sync page is applied. */
const INDEX_WRITE_CONCURRENCY = 8;

/** [displayName, jobTitle, department, skills]: the visible fields, and all matching needs. */
type IndexEntry = [string, string?, string?, string[]?];

type BucketDocument = StoredDocument & { type: 'peopleSearchBucket'; bucket: string; entries: Record<string, IndexEntry> };

export interface IndexChange {
  userId: string;
  /** What the index holds for this person now (undefined: not indexed). */
  before?: SearchablePerson;
  /** What it must hold (undefined: remove, e.g. disabled or deleted). */
  after?: SearchablePerson;
}

export interface SearchPage {
  people: SearchablePerson[];
  /** Opaque; pass back for the next page. Absent on the last page. */
  continuation?: string;
}

function shardOf(userId: string): number {
  return createHash('sha1').update(userId).digest()[0] % SEARCH_INDEX_SHARDS;
}

const bucketKey = (tenantId: string, bucket: string, shard: number) => tenantKey(tenantId, 'search', bucket, String(shard));

const entryOf = (person: SearchablePerson): IndexEntry => {
  const entry: IndexEntry = [person.displayName];
  const skills = person.skills?.length ? person.skills : undefined;
  if (person.jobTitle || person.department || skills) entry.push(person.jobTitle ?? '');
  if (person.department || skills) entry.push(person.department ?? '');
  if (skills) entry.push(skills);
  return entry;
};

const personOf = (userId: string, [displayName, jobTitle, department, skills]: IndexEntry): SearchablePerson => ({
  userId,
  displayName,
  ...(jobTitle && { jobTitle }),
  ...(department && { department }),
  ...(skills?.length && { skills }),
});

/** The continuation is the last name and id shown: stable while people are added or renamed. */
function encodeCursor(person: SearchablePerson): string {
  return Buffer.from(JSON.stringify([person.displayName, person.userId])).toString('base64url');
}

export function decodeCursor(cursor: string): SearchablePerson | undefined {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) return { displayName: value[0], userId: value[1] };
  } catch {
    // not ours: the caller answers 400
  }
  return undefined;
}


export class PeopleSearchIndex {
  constructor(private readonly container: Container) {}

  /**
   * Applies many people's changes, each bucket document written once however many
   * of them it concerns. Idempotent: applying the same changes again writes nothing.
   */
  async apply(tenantId: string, changes: readonly IndexChange[]): Promise<{ documentsWritten: number }> {
    const perDocument = new Map<string, { bucket: string; put: Map<string, IndexEntry>; remove: Set<string> }>();
    const at = (bucket: string, userId: string) => {
      const key = bucketKey(tenantId, bucket, shardOf(userId));
      let slot = perDocument.get(key);
      if (!slot) perDocument.set(key, (slot = { bucket, put: new Map(), remove: new Set() }));
      return slot;
    };
    for (const { userId, before, after } of changes) {
      const wanted = after ? bucketsOf(after) : new Set<string>();
      for (const bucket of before ? bucketsOf(before) : []) if (!wanted.has(bucket)) at(bucket, userId).remove.add(userId);
      for (const bucket of wanted) at(bucket, userId).put.set(userId, entryOf(after!));
    }
    let documentsWritten = 0;
    await mapBounded([...perDocument], INDEX_WRITE_CONCURRENCY, async ([key, { bucket, put, remove }]) => {
      let wrote = false;
      await updateDocument<BucketDocument>(this.container, key, key, (current) => {
        const document = current ?? { id: key, pk: key, tenantId, type: 'peopleSearchBucket', bucket, entries: {} };
        let changed = false;
        for (const userId of remove) {
          if (!(userId in document.entries)) continue;
          delete document.entries[userId];
          changed = true;
        }
        for (const [userId, entry] of put) {
          if (JSON.stringify(document.entries[userId]) === JSON.stringify(entry)) continue;
          document.entries[userId] = entry;
          changed = true;
        }
        wrote = changed;
        return changed ? document : undefined;
      });
      if (wrote) documentsWritten++;
    });
    return { documentsWritten };
  }

  /** One page of the people matching a query, by name: SEARCH_INDEX_SHARDS point reads. */
  async search(tenantId: string, query: string, limit: number, after?: SearchablePerson): Promise<SearchPage> {
    const parsed = parseQuery(query);
    if (!parsed) return { people: [] };
    const shards = await Promise.all(
      Array.from({ length: SEARCH_INDEX_SHARDS }, (_, shard) => {
        const key = bucketKey(tenantId, parsed.bucket, shard);
        return readDocument<BucketDocument>(this.container, key, key);
      }),
    );
    const found = shards
      .flatMap((document) => Object.entries(document?.entries ?? {}).map(([userId, entry]) => personOf(userId, entry)))
      .filter((person) => matches(person, parsed.words))
      .filter((person) => !after || compareByName(person, after) > 0)
      .sort(compareByName);
    const people = found.slice(0, limit);
    return found.length > limit ? { people, continuation: encodeCursor(people[people.length - 1]) } : { people };
  }
}
