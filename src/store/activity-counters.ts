import type { Container, PatchOperation } from '@azure/cosmos';
import { mapBounded } from '../bounded';
import { ActivityEvent, ActivityRecorder, AnalyticsScope, CountName, DayCounters, dayOf, emptyCounts, mergeCounters, personEntry, scopeKey } from '../domain/analytics';
import { isCosmosError } from './cosmos';
import { tenantKey } from './containers';
import { patchOrCreate, readDocument, stableHash, StoredDocument, updateDocument } from './documents';
import { TtlCache } from './ttl-cache';
import { periodClosed, WEEK_DAYS, weekDays, WeekDocument, weekDocument, weekId, weekOf } from './activity-weeks';

/**
 * Analytics counters, written as events happen so that a report is a few point reads
 * (the embedded server's queries cost the square of the container's size, and on Azure
 * a scan of a tenant's events would cost thousands of RUs).
 *
 * Per scope (the tenant, and the community a post is filed under) and UTC day there are
 * COUNTER_SHARDS counter documents; an event moves one of them with a single patch
 * (`incr`, and `add` of a newly active person): the server applies a patch atomically,
 * so concurrent events never lose each other as a read-modify-write would, and a busy
 * day is spread over 8 documents instead of one. A person's activity is chosen by a
 * hash of their id, so they always land on the same shard.
 *
 * What must count a person once (active that day, a first contribution ever, reacted
 * to an announcement…) is a create of a marker document: a second create is a 409,
 * under any concurrency, so the figures are exact rather than estimates.
 *
 * Reading: a day that is over (past SUMMARY_GRACE_MS) is summed once into a summary
 * document, and a week that is over into a week summary of its seven days
 * (src/store/activity-weeks.ts), so a 90-day report is ~14 point reads, plus the day
 * summaries and shards of the open week. Summaries are written by the first reader.
 *
 * Late events: an event is counted under its own day (`at`), so one that arrives after
 * its day closed (a write in flight past the grace, a backfill) still lands in that
 * day's shard; it then deletes the day's and the week's summaries (and this instance's
 * memory of them), and the next reader sums them again. Other instances keep their
 * memory of them for up to CLOSED_DAY_CACHE_MS.
 */
export const COUNTER_SHARDS = 8;
/** After the end of a UTC day, how long events may still arrive for it (writes in flight). */
export const SUMMARY_GRACE_MS = 60 * 60_000;
/** Days read at once: a closed day is one read, an open one COUNTER_SHARDS. */
const DAY_CONCURRENCY = 8;
/** Weeks read at once, and days each summed at once when a week is summarised: 8 days in flight, as above. */
const WEEK_CONCURRENCY = 4;
const DAYS_OF_A_WEEK_CONCURRENCY = 2;
/** Closed days never change: their sums are kept in memory (a 90-day page of a large tenant is ~10 MB of them). */
const CLOSED_DAY_CACHE_MS = 6 * 60 * 60_000;
const CLOSED_DAY_CACHE_MAX = 2_000;
/**
 * Deliveries are counted together: the engine sends hundreds a second and already
 * writes their records in bulk for that reason (src/delivery/record-batch.ts), so one
 * patch per announcement and day every DELIVERY_FLUSH_MS adds them all. What waits is
 * lost if the process dies within that time.
 */
export const DELIVERY_FLUSH_MS = 250;

type CounterDocument = StoredDocument & Omit<DayCounters, 'day'> & { type: 'activityCounters' | 'activitySummary'; tenantId: string; scope: string; day: string };
/** Whose marker it is, so a person's data can be found (an export, an erasure). */
type MarkerDocument = StoredDocument & { type: 'activityMarker'; tenantId: string; userId: string; day: string; scope: string; counted: string };
type FirstDayDocument = StoredDocument & { type: 'activityFirstDay'; tenantId: string; day: string };

const firstDayId = (tenantId: string, scope: string) => tenantKey(tenantId, 'analytics', scope, 'first-day');
const counterId = (tenantId: string, scope: string, day: string, shard: number | 'sum') => tenantKey(tenantId, 'analytics', scope, day, String(shard));

function scopesOf(event: ActivityEvent): string[] {
  const communityId = 'communityId' in event ? event.communityId : undefined;
  return [scopeKey({ kind: 'tenant' }), ...(communityId ? [scopeKey({ kind: 'community', communityId })] : [])];
}

const COUNT_OF: Record<ActivityEvent['kind'], CountName> = {
  post: 'posts',
  reaction: 'reactions',
  comment: 'comments',
  acknowledgement: 'acknowledgements',
  delivered: 'delivered',
};

export interface ActivityCountersOptions {
  /** The person's department now, for the breakdown (the directory, cached). */
  departmentOf(tenantId: string, userId: string): Promise<string | undefined>;
  /** Counting never fails the action it counts; a lost count is logged here. */
  onError?(error: unknown, event: ActivityEvent): void;
  now?: () => number;
}

export class ActivityCounters implements ActivityRecorder {
  private readonly closedDays = new TtlCache<DayCounters>(CLOSED_DAY_CACHE_MS, CLOSED_DAY_CACHE_MAX);
  private readonly closedWeeks = new TtlCache<DayCounters[] | null>(CLOSED_DAY_CACHE_MS, Math.ceil(CLOSED_DAY_CACHE_MAX / WEEK_DAYS));
  private deliveries = new Map<string, Extract<ActivityEvent, { kind: 'delivered' }> & { count: number }>();
  private deliveryTimer?: NodeJS.Timeout;

  constructor(
    private readonly container: Container,
    private readonly options: ActivityCountersOptions,
  ) {}

  /** Where lost counts are reported (the composition root passes its logger). */
  useErrorLog(onError: NonNullable<ActivityCountersOptions['onError']>): void {
    this.options.onError = onError;
  }

  async record(event: ActivityEvent): Promise<void> {
    if (event.kind === 'delivered' && !event.count) return this.addDelivery(event);
    try {
      await Promise.all(scopesOf(event).map((scope) => this.recordIn(scope, event)));
    } catch (error) {
      this.options.onError?.(error, event);
    }
  }

  private addDelivery(event: Extract<ActivityEvent, { kind: 'delivered' }>): void {
    const key = `${event.tenantId}|${event.announcementId}|${dayOf(event.at)}`;
    const waiting = this.deliveries.get(key);
    if (waiting) waiting.count++;
    else this.deliveries.set(key, { ...event, count: 1 });
    this.deliveryTimer ??= setTimeout(() => void this.flushDeliveries(), DELIVERY_FLUSH_MS).unref();
  }

  /** Writes the deliveries counted since the last flush (also at shutdown). */
  async flushDeliveries(): Promise<void> {
    clearTimeout(this.deliveryTimer);
    this.deliveryTimer = undefined;
    const batch = [...this.deliveries.values()];
    this.deliveries = new Map();
    await Promise.all(batch.map((event) => this.record(event)));
  }

  private async recordIn(scope: string, event: ActivityEvent): Promise<void> {
    const { tenantId } = event;
    const day = dayOf(event.at);
    const userId = 'userId' in event ? event.userId : undefined;
    const shard = userId ? stableHash(userId) % COUNTER_SHARDS : Math.floor(Math.random() * COUNTER_SHARDS);
    const delta = event.kind === 'reaction' ? event.delta : event.kind === 'delivered' ? event.count ?? 1 : 1;
    const operations: PatchOperation[] = [];
    const incr = (path: string, value: number) => operations.push({ op: 'incr', path, value });
    incr(`/counts/${event.kind === 'post' && event.postKind === 'kudos' ? 'kudos' : COUNT_OF[event.kind]}`, delta);
    if (event.kind === 'reaction' || event.kind === 'comment') incr(`/posts/${event.postId}|${event.kind === 'reaction' ? 'r' : 'c'}`, delta);

    const announcementId = 'announcementId' in event ? event.announcementId : undefined;
    if (announcementId) {
      const mark = (step: string) => this.mark(tenantKey(tenantId, 'analytics', scope, 'announcement', announcementId, step, userId ?? ''), { tenantId, userId: userId ?? '', day, scope, counted: `announcement ${step}` });
      if (event.kind === 'delivered') incr(`/announcements/${announcementId}|d`, delta);
      else if (userId && delta > 0) {
        const step = event.kind === 'acknowledgement' ? 'a' : event.kind === 'reaction' ? 'r' : 'c';
        // Acknowledgements are once per person already (AcknowledgementRepository); reactions and comments are not.
        const [firstStep, firstEngagement] = await Promise.all([step === 'a' ? true : mark(step), mark('e')]);
        if (firstStep) incr(`/announcements/${announcementId}|${step}`, 1);
        if (firstEngagement) incr(`/announcements/${announcementId}|e`, 1);
      }
    }

    if (userId && delta > 0 && (await this.mark(tenantKey(tenantId, 'analytics', scope, 'active', day, userId), { tenantId, userId, day, scope, counted: 'active' }))) {
      const [first, department] = await Promise.all([
        this.mark(tenantKey(tenantId, 'analytics', scope, 'first', userId), { tenantId, userId, day, scope, counted: 'first contribution' }),
        this.options.departmentOf(tenantId, userId).catch(() => undefined),
      ]);
      operations.push({ op: 'add', path: '/people/-', value: personEntry(userId, department, first) });
    }

    const id = counterId(tenantId, scope, day, shard);
    const { created } = await patchOrCreate<CounterDocument>(this.container, id, id, operations, { ...applied(operations), id, pk: id, type: 'activityCounters', tenantId, scope, day });
    if (created) await this.noteFirstDay(tenantId, scope, day);
    if (periodClosed(day, 1, SUMMARY_GRACE_MS, this.options.now?.() ?? Date.now())) await this.invalidate(tenantId, scope, day);
  }

  /** A late event's day and week are summed again by their next reader (see the header). */
  private async invalidate(tenantId: string, scope: string, day: string): Promise<void> {
    const ids = [counterId(tenantId, scope, day, 'sum'), weekId(tenantId, scope, weekOf(day))];
    await Promise.all(ids.map((id) => this.container.item(id, id).delete().catch((error) => {
      if (!isCosmosError(error, 404)) throw error;
    })));
    this.closedDays.delete(ids[0]);
    this.closedWeeks.delete(ids[1]);
  }

  /**
   * The scope's first day with counters, so a report skips the days before it without
   * reading them (a year of a new community would otherwise be ~3,600 reads of nothing).
   * Moved only earlier: events arrive in time order, except a backfill.
   */
  private async noteFirstDay(tenantId: string, scope: string, day: string): Promise<void> {
    const id = firstDayId(tenantId, scope);
    try {
      await this.container.items.create<FirstDayDocument>({ id, pk: id, type: 'activityFirstDay', tenantId, day });
      return;
    } catch (error) {
      if (!isCosmosError(error, 409)) throw error;
    }
    const known = await readDocument<FirstDayDocument>(this.container, id, id);
    if (!known || known.day <= day) return;
    await this.container
      .item(id, id)
      .replace<FirstDayDocument>({ ...known, day }, { accessCondition: { type: 'IfMatch', condition: known._etag! } })
      .catch((error) => {
        if (!isCosmosError(error, 412)) throw error; // moved by someone else meanwhile
      });
  }

  /** Creates a marker; true when this call created it (the first time), false when it existed. */
  private async mark(id: string, marker: Omit<MarkerDocument, 'id' | 'pk' | 'type'>): Promise<boolean> {
    try {
      await this.container.items.create<MarkerDocument>({ ...marker, id, pk: id, type: 'activityMarker' });
      return true;
    } catch (error) {
      if (isCosmosError(error, 409)) return false;
      throw error;
    }
  }

  /** The counters of each day (oldest first): from week summaries of closed weeks, a summary per other closed day, the shards of the others. */
  async days(tenantId: string, scope: AnalyticsScope, days: readonly string[]): Promise<DayCounters[]> {
    const key = scopeKey(scope);
    const now = this.options.now?.() ?? Date.now();
    const firstDay = (await readDocument<FirstDayDocument>(this.container, firstDayId(tenantId, key), firstDayId(tenantId, key)))?.day;
    if (!firstDay) return days.map(emptyDay);
    const fromWeeks = new Map<string, DayCounters>();
    const closedWeeks = [...new Set(days.filter((day) => day >= firstDay).map(weekOf))].filter((monday) => periodClosed(monday, WEEK_DAYS, SUMMARY_GRACE_MS, now));
    await mapBounded(closedWeeks, WEEK_CONCURRENCY, async (monday) => {
      const week = await this.closedWeeks.get(weekId(tenantId, key, monday), () => this.week(tenantId, key, monday, firstDay));
      for (const day of week ?? []) fromWeeks.set(day.day, day);
    });
    return mapBounded(days, DAY_CONCURRENCY, (day) => {
      if (day < firstDay) return Promise.resolve(emptyDay(day));
      const summed = fromWeeks.get(day);
      if (summed) return Promise.resolve(summed);
      return periodClosed(day, 1, SUMMARY_GRACE_MS, now) ? this.closedDay(tenantId, key, day) : this.day(tenantId, key, day, false);
    });
  }

  private closedDay(tenantId: string, scope: string, day: string): Promise<DayCounters> {
    return this.closedDays.get(counterId(tenantId, scope, day, 'sum'), () => this.day(tenantId, scope, day, true));
  }

  /**
   * A closed week's days: its stored summary, or its day summaries folded into one (whoever
   * writes it first wins, as for days). Null: stored too large for one item, read by day.
   */
  private async week(tenantId: string, scope: string, monday: string, firstDay: string): Promise<DayCounters[] | null> {
    const id = weekId(tenantId, scope, monday);
    const stored = await readDocument<WeekDocument>(this.container, id, id);
    if (stored) return stored.days;
    const days = await mapBounded(weekDays(monday), DAYS_OF_A_WEEK_CONCURRENCY, (day) => (day < firstDay ? Promise.resolve(emptyDay(day)) : this.closedDay(tenantId, scope, day)));
    await this.container.items.create<WeekDocument>(weekDocument(tenantId, scope, monday, days)).catch((error) => {
      if (!isCosmosError(error, 409)) throw error;
    });
    return days;
  }

  /**
   * Erasure: the person's markers go, and in the counters and day summaries their id is
   * replaced by the pseudonym, so the figures stay right and name no one. Rare (an
   * admin's act), so it may query; answers how many documents changed.
   */
  async forget(tenantId: string, userId: string, pseudonymId: string): Promise<number> {
    let changed = 0;
    const markers = await this.container.items
      .query<{ id: string }>({ query: 'SELECT c.id FROM c WHERE c.type = "activityMarker" AND c.tenantId = @tenantId AND c.userId = @userId', parameters: [{ name: '@tenantId', value: tenantId }, { name: '@userId', value: userId }] })
      .fetchAll();
    for (const { id } of markers.resources) {
      await this.container.item(id, id).delete().catch((error) => {
        if (!isCosmosError(error, 404)) throw error;
      });
      changed++;
    }
    const prefix = `${userId}\t`;
    const named = (people: readonly string[]) => people.some((entry) => entry.startsWith(prefix));
    const renamed = (people: string[]) => people.map((entry) => (entry.startsWith(prefix) ? `${pseudonymId}\t${entry.slice(prefix.length)}` : entry));
    const counters = await this.container.items
      .query<CounterDocument | WeekDocument>({ query: 'SELECT * FROM c WHERE (c.type = "activityCounters" OR c.type = "activitySummary" OR c.type = "activityWeek") AND c.tenantId = @tenantId', parameters: [{ name: '@tenantId', value: tenantId }] })
      .fetchAll();
    for (const document of counters.resources) {
      if (document.type === 'activityWeek') {
        if (!document.days?.some((day) => named(day.people))) continue;
        await updateDocument<WeekDocument>(this.container, document.id, document.pk, (current) => current && { ...current, days: current.days && current.days.map((day) => ({ ...day, people: renamed(day.people) })) });
      } else {
        if (!named(document.people)) continue;
        await updateDocument<CounterDocument>(this.container, document.id, document.pk, (current) => current && { ...current, people: renamed(current.people) });
      }
      changed++;
    }
    this.closedDays.clear();
    this.closedWeeks.clear();
    return changed;
  }

  private async day(tenantId: string, scope: string, day: string, closed: boolean): Promise<DayCounters> {
    const summaryId = counterId(tenantId, scope, day, 'sum');
    if (closed) {
      const summary = await readDocument<CounterDocument>(this.container, summaryId, summaryId);
      if (summary) return mergeCounters(emptyDay(day), summary);
    }
    const shards = await Promise.all(
      Array.from({ length: COUNTER_SHARDS }, (_, n) => readDocument<CounterDocument>(this.container, counterId(tenantId, scope, day, n), counterId(tenantId, scope, day, n))),
    );
    const total = shards.reduce((sum: DayCounters, shard) => (shard ? mergeCounters(sum, shard) : sum), emptyDay(day));
    if (closed) {
      // Every reader of a closed day computes the same sum: whoever writes it first wins.
      const { day: _day, ...counters } = total;
      await this.container.items
        .create<CounterDocument>({ ...counters, id: summaryId, pk: summaryId, type: 'activitySummary', tenantId, scope, day })
        .catch((error) => {
          if (!isCosmosError(error, 409)) throw error;
        });
    }
    return total;
  }
}

const emptyDay = (day: string): DayCounters => ({ day, counts: emptyCounts(), people: [], posts: {}, announcements: {} });

/** The document a first event creates: the patch applied to an empty one. */
function applied(operations: PatchOperation[]): Omit<DayCounters, 'day'> {
  const document: Omit<DayCounters, 'day'> = { counts: emptyCounts(), people: [], posts: {}, announcements: {} };
  for (const operation of operations) {
    const [, field, key] = operation.path.split('/') as [string, 'counts' | 'posts' | 'announcements' | 'people', string];
    if (operation.op === 'incr') {
      const target = document[field as 'posts'];
      target[key] = (target[key] ?? 0) + (operation.value as number);
    } else if (operation.op === 'add') document.people.push(operation.value as string);
  }
  return document;
}
