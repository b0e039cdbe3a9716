/**
 * npm run bench:analytics — the analytics page (GET /api/v1/analytics, 90 days) on a
 * large tenant: 90 days of counters as events would have written them (BENCH_PEOPLE
 * people in 25 departments, BENCH_ACTIVE active a day, BENCH_POSTS posts a day with
 * their reactions and comments, an announcement a day), then today's events through
 * ActivityCounters.record itself. Prints p50/p95 of the page, cold (the first read of
 * each closed day sums its shards into a summary) and warm, and the store round trips
 * one page costs, and a new instance's read of the stored week and day summaries.
 * Goal: p95 ≤ 300 ms.
 *
 * The embedded Cosmos server keeps these ~1,000 documents in this process's heap
 * (about 100 MB of it), hence a larger heap than the server's 256 MB in production,
 * where the data lives in Cosmos DB.
 */
import { randomUUID } from 'crypto';
import { mapBounded } from '../src/bounded';
import { analyticsFigures } from '../src/domain/analytics';
import { ActivityCounters, COUNTER_SHARDS } from '../src/store/activity-counters';
import { tenantKey } from '../src/store/containers';
import { seededDayShards } from './analytics-days';
import { startTestCommons } from '../test/support/app';

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 20_000);
const ACTIVE = Number(process.env.BENCH_ACTIVE ?? 2_000);
const POSTS = Number(process.env.BENCH_POSTS ?? 150);
const DAYS = 90;
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const TODAY_EVENTS = Number(process.env.BENCH_TODAY ?? 300);
const TENANT = 'b0b0b0b0-0000-4000-8000-00000000be0c';
const ADMIN = 'b0b0b0b0-0000-4000-8000-00000000ad00';
const DAY_MS = 86_400_000;

const userId = (n: number) => `b0b0b0b0-0000-4000-8000-${String(n).padStart(12, '0')}`;
const departmentOf = (n: number) => `Department ${n % 25}`;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

const dayShards = (day: string, dayIndex: number) => seededDayShards({ people: PEOPLE, active: ACTIVE, posts: POSTS, userId, departmentOf }, day, dayIndex);

async function main() {
  const commons = await startTestCommons({ SEED: 'false', COMMONS_ADMINS: ADMIN });
  const container = commons.store.containers.analytics;
  const today = new Date();
  const days = Array.from({ length: DAYS }, (_, i) => new Date(today.getTime() - (DAYS - 1 - i) * DAY_MS).toISOString().slice(0, 10));
  const seeding = Date.now();
  await mapBounded(days.slice(0, -1), 4, async (day, index) => {
    const shards = dayShards(day, index);
    await Promise.all(shards.map((shard, n) => {
      const id = tenantKey(TENANT, 'analytics', 'tenant', day, String(n));
      return container.items.create({ ...shard, id, pk: id, type: 'activityCounters', tenantId: TENANT, scope: 'tenant', day });
    }));
  });
  const firstDay = tenantKey(TENANT, 'analytics', 'tenant', 'first-day'); // as the first event's record() notes it
  await container.items.create({ id: firstDay, pk: firstDay, type: 'activityFirstDay', tenantId: TENANT, day: days[0] });
  // Today: real events through the port (posts, reactions, comments by different people).
  const postId = randomUUID();
  await mapBounded(Array.from({ length: TODAY_EVENTS }, (_, i) => i), 32, (i) =>
    commons.repositories.activity.record(i % 10 === 0
      ? { kind: 'post', tenantId: TENANT, userId: userId(i), postId: randomUUID(), postKind: 'post', at: new Date().toISOString() }
      : { kind: i % 3 ? 'reaction' : 'comment', tenantId: TENANT, userId: userId(i), postId, delta: 1, at: new Date().toISOString() } as never));
  console.log(`seeded ${DAYS} days (${PEOPLE} people, ${ACTIVE} active a day, ${POSTS} posts a day) and ${TODAY_EVENTS} events today in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);

  let roundTrips = 0;
  for (const name of ['analytics', 'posts', 'communities'] as const) {
    const target = commons.store.containers[name];
    const item = target.item.bind(target);
    target.item = ((id: string, pk: string) => (roundTrips++, item(id, pk))) as typeof target.item;
  }
  const url = `${commons.url}/api/v1/analytics?from=${days[0]}&to=${days[DAYS - 1]}`;
  const page = async () => {
    const before = roundTrips;
    const started = performance.now();
    const response = await fetch(url, { headers: { 'x-dev-tenant': TENANT, 'x-dev-user': ADMIN } });
    const body = (await response.json()) as { totals: { activePeople: number } };
    if (response.status !== 200) throw new Error(`status ${response.status}: ${JSON.stringify(body)}`);
    return { ms: performance.now() - started, trips: roundTrips - before, active: body.totals.activePeople };
  };
  const cold = await page();
  const warm = [];
  for (let i = 0; i < RUNS; i++) warm.push(await page());
  const ms = warm.map((w) => w.ms);
  // Another instance (or after a restart): the summaries are stored, its memory is empty.
  const fresh: number[] = [];
  const freshReads: number[] = [];
  let freshTrips = 0;
  for (let i = 0; i < 5; i++) {
    const counters = new ActivityCounters(container, { departmentOf: async () => undefined });
    const before = roundTrips;
    const started = performance.now();
    const read = await counters.days(TENANT, { kind: 'tenant' }, days);
    freshReads.push(performance.now() - started);
    analyticsFigures(days[0], days[DAYS - 1], read);
    fresh.push(performance.now() - started);
    freshTrips = roundTrips - before;
  }
  console.log(`\nanalytics page, ${DAYS} days, embedded Cosmos server (active people in the period: ${cold.active})`);
  console.log(`cold (summarises ${DAYS - 1} closed days): ${cold.ms.toFixed(1)} ms, ${cold.trips} point reads/writes`);
  console.log(`new instance, summaries stored (store reads and figures, no HTTP) ×5: p50 ${percentile(fresh, 50).toFixed(1)} ms, p95 ${percentile(fresh, 95).toFixed(1)} ms (of which store reads p50 ${percentile(freshReads, 50).toFixed(1)} ms), ${freshTrips} point reads (week and day summaries, ${COUNTER_SHARDS} shards of today)`);
  console.log(`warm ×${RUNS}: p50 ${percentile(ms, 50).toFixed(1)} ms, p95 ${percentile(ms, 95).toFixed(1)} ms (goal ≤ 300 ms), ${warm[0].trips} point reads a page`);
  await commons.dispose();
  if (percentile(ms, 95) > 300) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
