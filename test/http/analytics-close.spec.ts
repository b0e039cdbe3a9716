import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import type { Container } from '@azure/cosmos';
import { analyticsFigures, ActivityEvent } from '../../src/domain/analytics';
import { ANALYTICS_CLOSE_SUBJECT, closeAnalyticsDays, nextAnalyticsCloseAt } from '../../src/delivery/analytics-close';
import { ActivityCounters, COUNTER_SHARDS, SUMMARY_GRACE_MS } from '../../src/store/activity-counters';
import { periodClosed, weekOf } from '../../src/store/activity-weeks';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { startTestCommons, TestCommons } from '../support/app';
import { devApi } from '../support/dev-api';

/**
 * The nightly analytics run (a held notice per tenant whose analytics are read): it sums
 * each closed day and week into their summaries before anyone asks, so a newly started
 * instance's 90-day report is point reads of stored summaries; the figures are those of
 * the shards; a rerun changes nothing; a late event is still counted.
 */
const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const today = Date.parse(`${dayOf(Date.now())}T00:00:00Z`);
const daysAgo = (n: number, minute = 0) => new Date(today - n * DAY_MS + 9 * 3_600_000 + minute * 60_000).toISOString();
const uid = (n: number) => `7c7c7c7c-0000-4000-8000-${String(n).padStart(12, '0')}`;
const ADMIN = DEMO_PEOPLE.find((p) => p.roles.includes('admin'))!;
const tenant = { kind: 'tenant' } as const;
const departmentOf = async (_tenantId: string, userId: string) => `Department ${Number(userId.slice(-2)) % 3}`;

describe('analytics: the nightly run summarises closed days and weeks before anyone reads them', function () {
  this.timeout(60_000);
  let commons: TestCommons;
  let container: Container;
  const period = Array.from({ length: 90 }, (_, i) => dayOf(today - (89 - i) * DAY_MS));
  /** A new instance (nothing in memory): its figures and the point reads it made. */
  async function newInstance() {
    let reads = 0;
    const counting = new Proxy(container, { get: (target, name) => (name === 'item' ? (id: string, pk: string) => (reads++, target.item(id, pk)) : Reflect.get(target, name)) });
    const read = await new ActivityCounters(counting, { departmentOf }).days(DEMO_TENANT_ID, tenant, period);
    return { figures: analyticsFigures(period[0], period[89], read), reads };
  }
  /** The figures from the shards alone (to a clock before every day, nothing has closed). */
  const fromShards = async () => analyticsFigures(period[0], period[89], await new ActivityCounters(container, { departmentOf, now: () => 0 }).days(DEMO_TENANT_ID, tenant, period));
  /** The run as another instance would make it (nothing of this tenant in its memory). */
  const run = () => closeAnalyticsDays(new ActivityCounters(container, { departmentOf }), DEMO_TENANT_ID, Date.now());
  const storedWeeks = async () =>
    (await container.items.query<{ week: string; _etag: string }>({ query: "SELECT c.week, c._etag FROM c WHERE c.type = 'activityWeek' AND c.tenantId = @t AND c.scope = 'tenant'", parameters: [{ name: '@t', value: DEMO_TENANT_ID }] }).fetchAll()).resources;

  before(async () => {
    commons = await startTestCommons({ SEED: 'true' });
    container = commons.store.containers.analytics;
    const counters = new ActivityCounters(container, { departmentOf });
    const events: ActivityEvent[] = [];
    for (let ago = 40; ago >= 0; ago -= 2) {
      const postId = randomUUID();
      events.push({ kind: 'post', tenantId: DEMO_TENANT_ID, userId: uid(ago % 5), postId, postKind: 'post', at: daysAgo(ago) });
      for (let p = 0; p < 6; p++) events.push({ kind: 'reaction', tenantId: DEMO_TENANT_ID, userId: uid(10 + ((p * 7 + ago) % 20)), postId, delta: 1, at: daysAgo(ago, p) });
    }
    for (const event of events) await counters.record(event);
  });
  after(async () => commons?.dispose());

  it('is held for a tenant once its analytics are read, due after the next UTC midnight and its grace', async () => {
    assert.equal(await commons.repositories.heldNotices.get(DEMO_TENANT_ID, ANALYTICS_CLOSE_SUBJECT, 'analyticsClose'), undefined);
    const asked = Date.now();
    assert.equal((await devApi(commons.url, DEMO_TENANT_ID, ADMIN.userId)('GET', '/api/v1/analytics')).status, 200);
    const held = await (async () => {
      for (let i = 0; i < 50; i++) {
        const notice = await commons.repositories.heldNotices.get(DEMO_TENANT_ID, ANALYTICS_CLOSE_SUBJECT, 'analyticsClose');
        if (notice) return notice;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return undefined;
    })();
    assert.ok(held, 'the nightly run is held');
    assert.equal(held.dueAt, nextAnalyticsCloseAt(asked));
    assert.equal(held.dueAt % DAY_MS, SUMMARY_GRACE_MS + 60_000, 'a minute past the grace after midnight');
    assert.ok(held.dueAt > asked && held.dueAt <= asked + DAY_MS + SUMMARY_GRACE_MS + 60_000);
  });

  it('leaves a new instance only point reads of week summaries for the closed weeks, with the shards\' figures; a rerun rewrites nothing', async () => {
    // Forget what the read above summarised: the run alone must make the summaries.
    for (const week of await storedWeeks()) await container.item(`${DEMO_TENANT_ID}|analytics|tenant|week|${week.week}`, `${DEMO_TENANT_ID}|analytics|tenant|week|${week.week}`).delete().catch(() => undefined);
    assert.equal((await storedWeeks()).length, 0);
    const ran = await run();
    assert.equal(ran.retryAt, nextAnalyticsCloseAt(Date.now()), 'it holds itself for the next night');
    const closedWeeks = [...new Set(period.map(weekOf))].filter((monday) => Date.parse(`${monday}T00:00:00Z`) + 7 * DAY_MS + SUMMARY_GRACE_MS <= Date.now());
    const stored = await storedWeeks();
    const active = closedWeeks.filter((monday) => monday >= weekOf(dayOf(today - 40 * DAY_MS)));
    assert.deepEqual(stored.map((w) => w.week).sort(), active.sort(), 'every closed week since the first activity is summarised');
    const fresh = await newInstance();
    assert.deepEqual(fresh.figures, await fromShards());
    // The first-day marker, one per closed week, then each other day: its summary once closed, its shards while open.
    const otherDays = period.filter((day) => !closedWeeks.includes(weekOf(day)));
    const expected = 1 + active.length + otherDays.reduce((reads, day) => reads + (periodClosed(day, 1, SUMMARY_GRACE_MS, Date.now()) ? 1 : COUNTER_SHARDS), 0);
    assert.equal(fresh.reads, expected, `${fresh.reads} point reads for ${active.length} closed weeks and ${otherDays.length} other days`);
    await run();
    assert.deepEqual((await storedWeeks()).map((w) => w._etag).sort(), stored.map((w) => w._etag).sort(), 'the rerun wrote nothing');
  });

  it('still counts a late event for a day it summarised', async () => {
    await run();
    const before = (await newInstance()).figures;
    await new ActivityCounters(container, { departmentOf }).record({ kind: 'post', tenantId: DEMO_TENANT_ID, userId: uid(99), postId: randomUUID(), postKind: 'post', at: daysAgo(30, 5) });
    await run();
    const after = (await newInstance()).figures;
    assert.equal(after.totals.posts, before.totals.posts + 1);
    assert.deepEqual(after, await fromShards());
  });
});
