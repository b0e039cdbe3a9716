import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import type { Container } from '@azure/cosmos';
import { ActivityEvent, analyticsFigures, DayCounters } from '../../src/domain/analytics';
import { ActivityCounters } from '../../src/store/activity-counters';
import { weekDays, weekOf } from '../../src/store/activity-weeks';
import { startTestCommons, TestCommons } from '../support/app';

/**
 * Week summaries of the analytics counters: a closed week is one point read for a new
 * instance, its figures are those of the shards themselves (exact distinct people, for
 * periods that start or end inside a week), a late event for a summarised week is
 * counted, and an erasure leaves the pseudonym in them, never the person.
 */
const TENANT = '7b7b7b7b-0000-4000-8000-00000000aaaa';
const uid = (n: number) => `7b7b7b7b-0000-4000-8000-${String(n).padStart(12, '0')}`;
const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const today = Date.parse(`${dayOf(Date.now())}T00:00:00Z`);
const daysAgo = (n: number, minute = 0) => new Date(today - n * DAY_MS + 9 * 3_600_000 + minute * 60_000).toISOString();
const departmentOf = async (_tenantId: string, userId: string) => `Department ${Number(userId.slice(-2)) % 3}`;
const tenant = { kind: 'tenant' } as const;

describe('analytics: week summaries', function () {
  this.timeout(60_000);
  let commons: TestCommons;
  let container: Container;
  const period = (fromAgo: number, toAgo: number) => Array.from({ length: fromAgo - toAgo + 1 }, (_, i) => dayOf(today - (fromAgo - i) * DAY_MS));
  /** Figures read from the shards alone: to a clock before every day, no day has closed, so no summary is read or made. */
  const fromShards = async (days: string[]) => analyticsFigures(days[0], days[days.length - 1], await new ActivityCounters(container, { departmentOf, now: () => 0 }).days(TENANT, tenant, days));
  /** A new instance (nothing in memory), counting the point reads it makes. */
  async function newInstance(days: string[]) {
    let reads = 0;
    const counting = new Proxy(container, { get: (target, name) => (name === 'item' ? (id: string, pk: string) => (reads++, target.item(id, pk)) : Reflect.get(target, name)) });
    const read = await new ActivityCounters(counting, { departmentOf }).days(TENANT, tenant, days);
    return { figures: analyticsFigures(days[0], days[days.length - 1], read), reads };
  }
  const weeksStored = async () =>
    (await container.items.query<{ week: string; days: DayCounters[] | null }>({ query: "SELECT c.week, c.days FROM c WHERE c.type = 'activityWeek' AND c.tenantId = @t", parameters: [{ name: '@t', value: TENANT }] }).fetchAll()).resources;

  before(async () => {
    commons = await startTestCommons({ SEED: 'false' });
    container = commons.store.containers.analytics;
    const counters = new ActivityCounters(container, { departmentOf });
    const events: ActivityEvent[] = [];
    // 25 days of posts, reactions and comments by overlapping groups of people (some every day, some once).
    for (let ago = 24; ago >= 0; ago--) {
      const postId = randomUUID();
      events.push({ kind: 'post', tenantId: TENANT, userId: uid(ago % 5), postId, postKind: 'post', at: daysAgo(ago) });
      for (let p = 0; p < 12; p++) if ((p + ago) % 3 !== 0) events.push({ kind: 'reaction', tenantId: TENANT, userId: uid(10 + ((p * 7 + ago) % 30)), postId, delta: 1, at: daysAgo(ago, p) });
      events.push({ kind: 'comment', tenantId: TENANT, userId: uid(50 + (ago % 4)), postId, at: daysAgo(ago, 30) });
    }
    for (const event of events) await counters.record(event);
  });
  after(async () => commons?.dispose());

  it('folds each closed week into one document that a new instance reads instead of its days, with the figures of the shards', async () => {
    const days = period(20, 0);
    const first = await newInstance(days);
    const closedWeeks = [...new Set(days.map(weekOf))].filter((monday) => Date.parse(`${monday}T00:00:00Z`) + 8 * DAY_MS <= Date.now());
    assert.ok(closedWeeks.length >= 2, 'the period covers closed weeks');
    const stored = await weeksStored();
    for (const monday of closedWeeks) {
      const week = stored.find((w) => w.week === monday);
      assert.ok(week?.days, `week ${monday} is summarised`);
      assert.deepEqual(week.days.map((d) => d.day), weekDays(monday));
    }
    assert.deepEqual(first.figures, await fromShards(days));
    const second = await newInstance(days);
    assert.deepEqual(second.figures, first.figures);
    assert.ok(second.reads < days.length, `fewer point reads than days: ${second.reads} for ${days.length}`);
    assert.ok(first.figures.totals.activePeople > 0 && first.figures.contributors.returning > 0);
  });

  it('gives a period that starts and ends inside closed weeks just its days, people counted once', async () => {
    const days = period(17, 9);
    const { figures } = await newInstance(days);
    assert.deepEqual(figures.daily.map((d) => d.day), days);
    assert.deepEqual(figures, await fromShards(days));
  });

  it('counts a late event for a summarised week: its day and week are summed again', async () => {
    const days = period(20, 0);
    const before = (await newInstance(days)).figures;
    const late = 15; // a closed week's day
    const newcomer = uid(99);
    await commons.repositories.activity.record({ kind: 'comment', tenantId: TENANT, userId: newcomer, postId: randomUUID(), at: daysAgo(late, 50) });
    const after = (await newInstance(days)).figures;
    assert.equal(after.totals.comments, before.totals.comments + 1);
    assert.equal(after.totals.activePeople, before.totals.activePeople + 1);
    assert.deepEqual(after, await fromShards(days));
    const week = (await weeksStored()).find((w) => w.week === weekOf(dayOf(today - late * DAY_MS)));
    assert.ok(week?.days?.some((d) => d.people.some((entry) => entry.startsWith(`${newcomer}\t`))), 'the week is summarised again with the late event');
  });

  it('replaces an erased person by their pseudonym in week summaries, with the same figures', async () => {
    const days = period(20, 0);
    const before = (await newInstance(days)).figures;
    const erased = uid(1); // posts every fifth day
    const pseudonym = uid(900);
    assert.ok((await weeksStored()).some((w) => w.days?.some((d) => d.people.some((entry) => entry.startsWith(`${erased}\t`)))), 'the person is in a week summary');
    await commons.repositories.activity.forget(TENANT, erased, pseudonym);
    const weeks = await weeksStored();
    const entries = weeks.flatMap((w) => (w.days ?? []).flatMap((d) => d.people));
    assert.ok(!entries.some((entry) => entry.startsWith(`${erased}\t`)), 'the person is in no week summary');
    assert.ok(entries.some((entry) => entry.startsWith(`${pseudonym}\t`)), 'their pseudonym is');
    assert.deepEqual((await newInstance(days)).figures, before);
    assert.deepEqual(await fromShards(days), before);
  });
});
