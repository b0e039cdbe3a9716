/**
 * npm run bench:fanout — the delivery engine against the mock Bot Connector.
 *
 *   scenarios: 2,000 and 20,000 recipients at 50/s (Teams' tenant limit) and at
 *   200/s; 10,000 at 500/s; with BENCH_100K=1 also 100,000 at 500/s. The connector
 *   injects 5% 429s (half with Retry-After) and 1% 5xx. A scheduler run measures how
 *   late 20 due sends start.
 *
 * The embedded Cosmos server and the mock connector run in child processes of their
 * own (bench/fanout-harness.ts), so "peak RSS" is the memory of Commons' own process.
 * Reported: achieved request rate ÷ limit (all calls the connector accepted for
 * processing, faults included, ÷ the limit) over the whole run and over the sending
 * phase (until the last first attempt; after it only retries remain, each waiting out
 * its Retry-After or backoff: the retry tail); the first-attempt rate ÷ limit (new
 * recipients addressed per second of the sending phase, retries not counted: the
 * rate at which the audience is worked through); delivered rate ÷ limit, start lag,
 * losses (recipients neither sent nor failed with a reason), duplicates (copies
 * beyond the first in one chat), peak RSS, the engine's event-loop delay, Cosmos
 * requests per delivery. On stderr: the connector's accepted and refused requests per
 * second and its own event-loop delay.
 *
 * Env: BENCH_100K=1, BENCH_ONLY=<names, comma-separated: schedule, 2k@50, 2k@200,
 * 20k@50, 20k@200, 10k@500, 100k@500>, BENCH_SEED; for diagnosis BENCH_FAKE=1
 * (a plain fetch sender instead of botbuilder) and BENCH_NOFAULTS=1.
 */
import { spawn } from 'child_process';
import { monitorEventLoopDelay } from 'perf_hooks';
import path from 'path';
import { createRepositories } from '../src/store';
import { connectStore } from './fanout-store';
import { DeliveryEngine } from '../src/delivery/engine';
import { DEFAULT_TIMINGS } from '../src/delivery/limits';
import { createLogger } from '../src/log';
import type { DeliverySender } from '../src/delivery/sender';
import { realSender, scheduleAnnouncement } from '../test/support/delivery';
import type { ConnectorOptions, ConnectorStats } from '../test/support/connector';
import { Part, startPart } from './harness-parts';

/** Diagnosis only (BENCH_FAKE=1): the engine without botbuilder's per-call cost. */
function fetchSender(): DeliverySender {
  const unused = async () => undefined;
  return {
    update: unused,
    delete: unused,
    async send(target, card) {
      const r = await fetch(`${target.serviceUrl}v3/conversations/${target.conversationId}/activities`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', attachments: [{ content: card }] }) });
      if (!r.ok) throw Object.assign(new Error(`status ${r.status}`), { statusCode: r.status, response: { headers: r.headers } });
      return { activityId: ((await r.json()) as { id: string }).id, conversationId: target.conversationId };
    },
  };
}

interface Harness {
  cosmos: Part;
  connector: Part;
}

interface HarnessStats {
  connector: ConnectorStats;
  cosmosRequests: number;
  cosmosConnections: number;
  connectorLoopDelayMs: number[];
}

const ROOT = path.resolve(__dirname, '..');
const FAULTS: ConnectorOptions['faults'] = { throttle: 0.025, throttleNoRetryAfter: 0.025, serverError: 0.004, badGateway: 0.003, unavailable: 0.003 };

async function startHarness(): Promise<Harness> {
  const [cosmos, connector] = await Promise.all([startPart('cosmos'), startPart('connector')]);
  return { cosmos, connector };
}

async function control(harness: Harness, options?: ConnectorOptions): Promise<HarnessStats> {
  const connector = await fetch(`${harness.connector.control}/${options ? 'configure' : 'stats'}`, { method: options ? 'POST' : 'GET', body: options ? JSON.stringify(options) : undefined });
  const cosmos = await fetch(`${harness.cosmos.control}/stats`);
  return { ...((await cosmos.json()) as Omit<HarnessStats, 'connector'>), ...((await connector.json()) as Pick<HarnessStats, 'connector'>) };
}

/**
 * Seeds `count` personal chats in a child process: the garbage of 100,000 writes would
 * otherwise stay in this process's memory and count as Commons' own.
 */
async function seedInChild(harness: Harness, tenantId: string, count: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/fanout-seed.ts'), harness.cosmos.url, tenantId, String(count), harness.connector.url], { cwd: ROOT, stdio: 'inherit' });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`seeding ${count} chats failed (exit ${code})`);
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

let peakRss = 0;
let peakHeap = 0;
setInterval(() => {
  const usage = process.memoryUsage();
  peakRss = Math.max(peakRss, usage.rss);
  peakHeap = Math.max(peakHeap, usage.heapUsed);
}, 100).unref();

interface Row {
  scenario: string;
  recipients: number;
  'limit/s': number;
  'seconds': string;
  'whole run ÷ limit': string;
  'sending ÷ limit': string;
  'first attempts ÷ limit': string;
  'retry tail s': string;
  'steady rate ÷ limit': string;
  'delivered ÷ limit': string;
  'start lag s': string;
  sent: number;
  failed: number;
  losses: number;
  duplicates: number;
  '429s': number;
  'peak RSS MB': number;
  'peak heap MB': number;
  'loop delay p99/max ms': string;
  'Cosmos ops/delivery': string;
}

async function fanout(harness: Harness, name: string, recipients: number, limit: number): Promise<Row> {
  const store = await connectStore(harness.cosmos.url);
  const repositories = createRepositories(store);
  const tenantId = crypto.randomUUID();
  process.stderr.write(`[${name}] seeding ${recipients} personal chats…\n`);
  await seedInChild(harness, tenantId, recipients);
  await control(harness, { tenantLimitPerSecond: limit, faults: process.env.BENCH_NOFAULTS ? {} : FAULTS, retryAfterSeconds: 1, seed: Number(process.env.BENCH_SEED ?? 42), recordCalls: false });
  global.gc?.();
  peakRss = process.memoryUsage().rss;
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  peakHeap = process.memoryUsage().heapUsed;
  const engine = new DeliveryEngine({
    announcements: repositories.announcements,
    deliveries: repositories.deliveries,
    senders: repositories.senders,
    budgets: repositories.outboundBudgets,
    lookups: { conversations: repositories.conversations, people: repositories.people, rosters: repositories.rosters },
    sender: process.env.BENCH_FAKE ? fetchSender() : realSender(),
    logger: createLogger(process.env.LOG_LEVEL ?? 'silent'),
    maxRps: limit,
    timings: { ...DEFAULT_TIMINGS },
  }).start();
  const before = await control(harness);
  const due = new Date(Date.now() + 2_000);
  const announcement = await scheduleAnnouncement(repositories, { everyone: true }, due, tenantId);
  process.stderr.write(`[${name}] sending to ${recipients} at ${limit}/s…\n`);
  let lastReport = Date.now();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const current = await repositories.announcements.get(tenantId, announcement.announcementId);
    if (current?.status === 'completed' && !current.work) break;
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      const progress = (await repositories.deliveries.readLease(tenantId, announcement.announcementId))?.progress?.deliver;
      process.stderr.write(`[${name}]   ${progress?.counts.sent ?? 0} sent, ${progress?.counts.failed ?? 0} failed, ${progress?.ratePerSecond ?? 0}/s\n`);
    }
  }
  const after = await control(harness);
  process.stderr.write(`[${name}] connections: cosmos ${after.cosmosConnections - before.cosmosConnections}, connector ${after.connector.connections}; requests per second: ${after.connector.perSecond.join(' ')}; refused by the limit: ${after.connector.rejectedPerSecond.join(' ')}; connector loop delay p99/max ${after.connectorLoopDelayMs.join('/')} ms\n`);
  await engine.stop();
  const progress = (await repositories.deliveries.readLease(tenantId, announcement.announcementId))?.progress?.deliver;
  const stats = after.connector;
  const seconds = (stats.lastRequestAt! - stats.firstRequestAt!) / 1000;
  const accepted = stats.requests - stats.limitRejections;
  const sendingSeconds = Math.max(1, Math.floor((stats.lastFirstAttemptAt! - stats.firstRequestAt!) / 1000));
  const sent = progress?.counts.sent ?? 0;
  const failed = progress?.counts.failed ?? 0;
  await store.close();
  return {
    scenario: name,
    recipients,
    'limit/s': limit,
    seconds: seconds.toFixed(1),
    'whole run ÷ limit': (accepted / seconds / limit).toFixed(3),
    // Until the last first attempt: the part of the run the rate limit governs. After it only
    // retries remain, each waiting out its Retry-After or backoff: the tail.
    'sending ÷ limit': (stats.perSecond.slice(0, sendingSeconds).reduce((sum, n) => sum + n, 0) / sendingSeconds / limit).toFixed(3),
    'first attempts ÷ limit': (stats.firstAttempts / ((stats.lastFirstAttemptAt! - stats.firstRequestAt!) / 1000) / limit).toFixed(3),
    'retry tail s': ((stats.lastRequestAt! - stats.lastFirstAttemptAt!) / 1000).toFixed(1),
    // Median of whole seconds, ignoring the first and last (partial) ones and the retry tail.
    'steady rate ÷ limit': (percentile(stats.perSecond.slice(1, -1).filter((n) => n > limit / 4), 50) / limit).toFixed(3),
    'delivered ÷ limit': (stats.delivered / seconds / limit).toFixed(3),
    'start lag s': ((stats.firstRequestAt! - due.getTime()) / 1000).toFixed(2),
    sent,
    failed,
    // Every recipient must end sent or failed-with-reason, and every sent one must have reached its chat.
    losses: recipients - sent - failed + Math.max(0, sent - stats.conversationsReached),
    duplicates: stats.duplicates,
    '429s': stats.byStatus['429'] ?? 0,
    'peak RSS MB': Math.round(peakRss / 1e6),
    'peak heap MB': Math.round(peakHeap / 1e6),
    'loop delay p99/max ms': `${Math.round(loopDelay.percentile(99) / 1e6)}/${Math.round(loopDelay.max / 1e6)}`,
    'Cosmos ops/delivery': ((after.cosmosRequests - before.cosmosRequests) / recipients).toFixed(2),
  };
}

/** 20 small sends due at scattered times: how late does each start? */
async function schedulerLag(harness: Harness): Promise<{ p50: number; p95: number; max: number }> {
  const store = await connectStore(harness.cosmos.url);
  const repositories = createRepositories(store);
  const tenantId = crypto.randomUUID();
  await seedInChild(harness, tenantId, 5);
  await control(harness, { tenantLimitPerSecond: 50, faults: {}, recordCalls: false });
  const engine = new DeliveryEngine({
    announcements: repositories.announcements,
    deliveries: repositories.deliveries,
    senders: repositories.senders,
    budgets: repositories.outboundBudgets,
    lookups: { conversations: repositories.conversations, people: repositories.people, rosters: repositories.rosters },
    sender: realSender(),
    logger: createLogger('silent'),
    maxRps: 50,
  }).start();
  const base = Date.now();
  const scheduled = await Promise.all(
    Array.from({ length: 20 }, (_, i) => scheduleAnnouncement(repositories, { everyone: true }, new Date(base + 1_000 + i * 397), tenantId)),
  );
  const lags: number[] = [];
  for (const announcement of scheduled) {
    for (;;) {
      const current = await repositories.announcements.get(tenantId, announcement.announcementId);
      if (current?.startedAt) {
        lags.push((Date.parse(current.startedAt) - Date.parse(announcement.scheduledAt)) / 1000);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  // Let every send finish: one left half-done would be resumed by the next scenario's engine.
  for (const announcement of scheduled) {
    while ((await repositories.announcements.get(tenantId, announcement.announcementId))?.work) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await engine.stop();
  await store.close();
  return { p50: percentile(lags, 50), p95: percentile(lags, 95), max: Math.max(...lags) };
}

/**
 * Runs one scenario with a deadline: a scenario that stalls ends the benchmark with a
 * line naming it (and a non-zero exit) instead of hanging silently.
 */
async function scenario<T>(name: string, deadlineSeconds: number, run: () => Promise<T>): Promise<T> {
  const timer = setTimeout(() => {
    process.stderr.write(`bench: "${name}" did not finish within ${deadlineSeconds} s; stopping\n`);
    process.exit(1);
  }, deadlineSeconds * 1000);
  try {
    return await run();
  } finally {
    clearTimeout(timer);
  }
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
  const wanted = (name: string, byDefault = true) => (only ? only.includes(name) : byDefault);
  const harness = await scenario('starting the harness', 60, startHarness);
  try {
    const rows: Row[] = [];
    let lag;
    if (wanted('schedule')) lag = await scenario('scheduler lag', 90, () => schedulerLag(harness));
    // Teams' tenant limit (50/s) and four times it, at 2,000 and 20,000 recipients; the
    // deadline allows for the run at the limit plus seeding and the retry tail.
    const sizes: Array<[string, number, number, boolean]> = [
      ['2k@50', 2_000, 50, true],
      ['2k@200', 2_000, 200, true],
      ['20k@200', 20_000, 200, true],
      ['20k@50', 20_000, 50, true],
      ['10k@500', 10_000, 500, true],
      ['100k@500', 100_000, 500, process.env.BENCH_100K === '1'],
    ];
    for (const [name, recipients, limit, byDefault] of sizes) {
      if (!wanted(name, byDefault)) continue;
      rows.push(await scenario(name, 120 + (recipients / limit) * 2, () => fanout(harness, name, recipients, limit)));
    }
    console.log('\nFan-out benchmark (mock connector: 5% 429 — half with Retry-After — and 1% 5xx; goals: sending ÷ limit ≥ 0.97, lag p95 ≤ 2 s, 0 losses, 0 duplicates, RSS < 300 MB at 100k)\n');
    if (rows.length) console.table(rows);
    if (lag) console.log(`Scheduler: 20 sends due at scattered times started late by p50 ${lag.p50.toFixed(3)} s, p95 ${lag.p95.toFixed(3)} s, max ${lag.max.toFixed(3)} s`);
  } finally {
    harness.cosmos.child.kill('SIGTERM');
    harness.connector.child.kill('SIGTERM');
  }
}

main().then(
  // Exit only once stdout has drained: piped output is written asynchronously.
  () => process.stdout.write('', () => process.exit(0)),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
