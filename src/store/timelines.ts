import type { Container } from '@azure/cosmos';
import { newerFirst, type FeedPosition } from '../domain/feed';
import { tenantKey } from './containers';
import { deleteIfThere, patchOrCreate, readDocument, stableHash, StoredDocument } from './documents';
import { TtlCache } from './ttl-cache';

/**
 * Newest-first lists of post ids (the tenant's feed, a community's, an author's), kept
 * in day buckets so no document is rewritten by every post and none grows without end:
 *
 * - a post is one patch `add` to the bucket of its day: any number of writers append
 *   at once, nobody reads first. A day lives in one document until it holds SPILL_AT
 *   entries; then its writers spread over BUCKET_SHARDS shards picked by post id (a
 *   writer learns it from the document its append returns), so a quiet tenant's page
 *   reads few documents and a busy day is no single hot, ever-growing document;
 * - an index names the buckets that exist (one key per day and shard, set once per
 *   bucket: a process remembers which it has set), so a page reads the index and then
 *   only the buckets it needs, newest day first, a few days per round trip.
 *
 * Older timelines were one capped document (TimelineEntry[] under `tenantId|name`); the
 * first touch of such a timeline copies its entries into buckets and leaves it be.
 */
export interface TimelineEntry extends FeedPosition {
  /** visibilityKey of the post, so a feed skips what the reader may not see before loading it. */
  visibility?: string;
  /** The post's kind, so a filtered feed skips other kinds without loading them. */
  kind?: string;
}

/** Shards per busy day: once a day's first document holds SPILL_AT entries, posts spread over this many. */
export const BUCKET_SHARDS = 4;
export const SPILL_AT = 400;

type IndexDocument = StoredDocument & { type: 'timelineIndex'; timeline: string; buckets: Record<string, 1> };
type BucketDocument = StoredDocument & { type: 'timelineBucket'; timeline: string; day: string; entries: TimelineEntry[] };
type LegacyDocument = StoredDocument & { type: 'timeline'; entries: TimelineEntry[]; migratedAt?: string };

const dayOf = (createdAt: string) => createdAt.slice(0, 10);
const bucketName = (day: string, shard: number) => `${day}_${shard}`;
const indexKey = (tenantId: string, timeline: string) => tenantKey(tenantId, 'tl', timeline);
const bucketKey = (tenantId: string, timeline: string, bucket: string) => tenantKey(tenantId, 'tl', timeline, bucket);

const hadLegacyShape = (timeline: string) => timeline === 'feed' || /^community\|[^|]+$/.test(timeline);

/** Cosmos DB takes at most 10 operations in one patch. */
const PATCH_OPERATIONS_MAX = 10;
function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += PATCH_OPERATIONS_MAX) out.push(items.slice(i, i + PATCH_OPERATIONS_MAX));
  return out;
}

/**
 * How long an index, and a bucket of a day before today, is read from this process's
 * memory: every page reads them and they change rarely (an index once per new bucket,
 * a past day only by a late append). Today's buckets, where new posts land, are kept
 * far shorter (TODAY_CACHE_TTL_MS). This process's own writes are seen at once; another
 * instance's within this time (as posts' own cache, POST_LIVENESS_TTL_MS).
 */
export const TIMELINE_CACHE_TTL_MS = 5_000;
/**
 * Today's buckets, where new posts land, are shared for this long: a burst of readers
 * (the whole tenant opening the feed after an announcement) makes one read per instance
 * every quarter of a second instead of one each. Another instance's new post shows
 * within this time, too short to notice between posting and looking; this one's at once.
 */
export const TODAY_CACHE_TTL_MS = 250;
/** Documents cached at most (a bucket is a few hundred short entries at most). */
const TIMELINE_CACHE_MAX = 500;

/** Days read in one round trip at most; the first round reads one, later ones what the entries so far suggest. */
const ROUND_DAYS_MAX = 16;

export interface TimelineWalkOptions {
  /** Only entries older than this position. */
  after?: FeedPosition;
  /** Only entries newer than this position. */
  before?: FeedPosition;
}

/** An index's days, newest first, and each day's buckets: worked out once per index document read (a cached one serves many pages). */
const indexDays = new WeakMap<IndexDocument, { days: string[]; byDay: Map<string, string[]> }>();
const NO_DAYS = { days: [] as string[], byDay: new Map<string, string[]>() };
function daysOf(index: IndexDocument): { days: readonly string[]; byDay: ReadonlyMap<string, string[]> } {
  let known = indexDays.get(index);
  if (!known) {
    const byDay = new Map<string, string[]>();
    for (const bucket of Object.keys(index.buckets ?? {})) {
      const day = bucket.slice(0, bucket.lastIndexOf('_'));
      const buckets = byDay.get(day);
      if (buckets) buckets.push(bucket);
      else byDay.set(day, [bucket]);
    }
    known = { days: [...byDay.keys()].sort().reverse(), byDay };
    indexDays.set(index, known);
  }
  return known;
}

/** A bucket's entries newest first, without repeats: sorted once per document read (a cached past day's serves many pages). */
const sortedEntries = new WeakMap<BucketDocument, TimelineEntry[]>();
function entriesOf(document: BucketDocument): TimelineEntry[] {
  let sorted = sortedEntries.get(document);
  if (!sorted) {
    const seen = new Set<string>();
    sorted = (document.entries ?? []).filter((entry) => !seen.has(entry.postId) && seen.add(entry.postId)).sort(newerFirst);
    sortedEntries.set(document, sorted);
  }
  return sorted;
}

/** A round's entries newest first, without repeats (an entry may sit in two shards after a retried append). */
function newestFirst(documents: (BucketDocument | undefined)[]): TimelineEntry[] {
  const present = documents.filter((document): document is BucketDocument => document !== undefined);
  if (present.length === 1) return entriesOf(present[0]);
  const seen = new Set<string>();
  return present
    .flatMap(entriesOf)
    .filter((entry) => !seen.has(entry.postId) && seen.add(entry.postId))
    .sort(newerFirst);
}

export class Timelines {
  /** Buckets this process knows are in their index, so it sets each index key once. */
  private readonly indexed = new Set<string>();
  /** Legacy timelines this process has already copied into buckets (or found none). */
  private readonly migrated = new Set<string>();
  /** Days this process has seen reach SPILL_AT: their posts go to shards by id. */
  private readonly spilled = new Set<string>();

  private readonly cached = new TtlCache<StoredDocument | null>(TIMELINE_CACHE_TTL_MS, TIMELINE_CACHE_MAX);
  private readonly todays = new TtlCache<StoredDocument | null>(TODAY_CACHE_TTL_MS, TIMELINE_CACHE_MAX);

  constructor(private readonly container: Container) {}

  /** A document of the timelines, through the cache for its kind: today's bucket (`today`), or an index or a past day's. */
  private async read<T extends StoredDocument>(key: string, today: boolean): Promise<T | undefined> {
    const cache = today ? this.todays : this.cached;
    return ((await cache.get(key, async () => (await readDocument<T>(this.container, key, key)) ?? null)) ?? undefined) as T | undefined;
  }

  /** Called after a write (not before), so a read racing it cannot leave the version before it cached (TtlCache drops that load). */
  private forget(key: string): void {
    this.cached.delete(key);
    this.todays.delete(key);
  }

  async add(tenantId: string, timeline: string, entry: TimelineEntry): Promise<void> {
    await this.addMany(tenantId, timeline, [entry]);
  }

  /** Appends entries (one patch per bucket touched) and records their buckets in the index. */
  async addMany(tenantId: string, timeline: string, entries: readonly TimelineEntry[]): Promise<void> {
    await this.migrateLegacy(tenantId, timeline);
    await this.append(tenantId, timeline, entries);
  }

  /**
   * Walks the timeline newest first, handing each round's entries (sorted, filtered by
   * position) to `take` until it answers true ("enough") or the timeline ends.
   */
  async walk(tenantId: string, timeline: string, options: TimelineWalkOptions, take: (entries: TimelineEntry[]) => Promise<boolean>, wanted = 20): Promise<void> {
    await this.migrateLegacy(tenantId, timeline);
    const index = await this.read<IndexDocument>(indexKey(tenantId, timeline), false);
    const today = new Date().toISOString().slice(0, 10);
    const { days: known, byDay } = index ? daysOf(index) : NO_DAYS;
    const inRange = (day: string) => (!options.after || day <= dayOf(options.after.createdAt)) && (!options.before || day >= dayOf(options.before.createdAt));
    const days = known.filter(inRange);
    // Today's first bucket is read even before the (cached) index lists it: a post of
    // another instance's that opened the day shows at once, not when the index cache expires.
    const todayUnlisted = index !== undefined && !byDay.has(today) && inRange(today);
    if (todayUnlisted) {
      const older = days.findIndex((day) => day < today);
      days.splice(older === -1 ? days.length : older, 0, today);
    }
    const bucketsOf = (day: string) => byDay.get(day) ?? (todayUnlisted && day === today ? [bucketName(today, 0)] : []);
    let at = 0;
    let seenEntries = 0;
    while (at < days.length) {
      // Enough days for what is still wanted, at the rate seen so far (twice over: filters skip some).
      const perDay = at === 0 ? wanted : Math.max(seenEntries / at, 1);
      const roundDays = days.slice(at, at + Math.min(ROUND_DAYS_MAX, Math.max(1, Math.ceil((2 * wanted) / perDay))));
      at += roundDays.length;
      const buckets = roundDays.flatMap(bucketsOf);
      const documents = await Promise.all(buckets.map((bucket) => this.read<BucketDocument>(bucketKey(tenantId, timeline, bucket), bucket >= today)));
      const entries = newestFirst(documents).filter((entry) => (!options.after || newerFirst(options.after, entry) < 0) && (!options.before || newerFirst(entry, options.before) < 0));
      seenEntries += entries.length;
      if (await take(entries)) return;
    }
  }

  /** Deletes a whole timeline: its buckets, then its index (erasure of an author's own list). */
  async remove(tenantId: string, timeline: string): Promise<void> {
    const key = indexKey(tenantId, timeline);
    const index = await readDocument<IndexDocument>(this.container, key, key);
    for (const bucket of Object.keys(index?.buckets ?? {})) await deleteIfThere(this.container, bucketKey(tenantId, timeline, bucket));
    await deleteIfThere(this.container, key);
    const legacyKey = tenantKey(tenantId, timeline);
    await deleteIfThere(this.container, legacyKey);
    for (const known of [...this.indexed]) if (known.startsWith(`${tenantId}|${timeline}|`)) this.indexed.delete(known);
    this.forget(key);
    for (const bucket of Object.keys(index?.buckets ?? {})) this.forget(bucketKey(tenantId, timeline, bucket));
  }

  private async append(tenantId: string, timeline: string, entries: readonly TimelineEntry[]): Promise<void> {
    const byDay = new Map<string, TimelineEntry[]>();
    for (const entry of entries) byDay.set(dayOf(entry.createdAt), [...(byDay.get(dayOf(entry.createdAt)) ?? []), entry]);
    const touched = new Set<string>();
    await Promise.all(
      [...byDay].map(async ([day, added]) => {
        // A chunk at a time, so a day that fills up while a batch is written spreads the rest.
        for (const chunk of chunks(added)) {
          const spilled = this.spilled.has(`${tenantId}|${timeline}|${day}`);
          const byShard = new Map<number, TimelineEntry[]>();
          for (const entry of chunk) {
            const shard = spilled ? stableHash(entry.postId) % BUCKET_SHARDS : 0;
            byShard.set(shard, [...(byShard.get(shard) ?? []), entry]);
          }
          await Promise.all([...byShard].map(([shard, shardEntries]) => this.appendToBucket(tenantId, timeline, day, shard, shardEntries)));
          for (const shard of byShard.keys()) touched.add(bucketName(day, shard));
        }
      }),
    );
    // The index after the buckets: a reader that finds a bucket in it always finds the bucket.
    const unindexed = [...touched].filter((bucket) => !this.indexed.has(`${tenantId}|${timeline}|${bucket}`));
    if (unindexed.length === 0) return;
    const key = indexKey(tenantId, timeline);
    for (const chunk of chunks(unindexed)) {
      await patchOrCreate<IndexDocument>(
        this.container,
        key,
        key,
        chunk.map((bucket) => ({ op: 'set' as const, path: `/buckets/${bucket}`, value: 1 })),
        { id: key, pk: key, tenantId, type: 'timelineIndex', timeline, buckets: Object.fromEntries(chunk.map((bucket) => [bucket, 1 as const])) },
      );
    }
    this.forget(key);
    for (const bucket of unindexed) this.indexed.add(`${tenantId}|${timeline}|${bucket}`);
  }

  private async appendToBucket(tenantId: string, timeline: string, day: string, shard: number, entries: TimelineEntry[]): Promise<void> {
    const key = bucketKey(tenantId, timeline, bucketName(day, shard));
    const { resource } = await patchOrCreate<BucketDocument>(
      this.container,
      key,
      key,
      entries.map((entry) => ({ op: 'add' as const, path: '/entries/-', value: entry })),
      { id: key, pk: key, tenantId, type: 'timelineBucket', timeline, day, entries },
    );
    this.forget(key);
    if (shard === 0 && resource.entries.length >= SPILL_AT) this.spilled.add(`${tenantId}|${timeline}|${day}`);
  }

  /** Copies a capped timeline of the older shape into buckets, once. */
  private async migrateLegacy(tenantId: string, timeline: string): Promise<void> {
    const name = `${tenantId}|${timeline}`;
    // Only the tenant feed and community timelines ever had the capped shape: a word's or
    // an author's timeline costs no read to find it has none (a post files under ~40 words).
    if (!hadLegacyShape(timeline) || this.migrated.has(name)) return;
    const legacyKey = tenantKey(tenantId, timeline);
    const legacy = await readDocument<LegacyDocument>(this.container, legacyKey, legacyKey);
    if (legacy?.type === 'timeline' && !legacy.migratedAt) {
      // A repeat (two processes at once, or one that stopped half-way) only appends
      // entries already there, which a walk skips: so copy first, mark done after.
      await this.append(tenantId, timeline, legacy.entries);
      await this.container.item(legacyKey, legacyKey).patch([{ op: 'set', path: '/migratedAt', value: new Date().toISOString() }]);
    }
    this.migrated.add(name);
  }
}
