/**
 * npm run bench:reactions — invoke latency and throughput of reaction toggles at
 * concurrency 50 against the embedded store, next to a bare Action.Execute handler
 * that returns a static card on the same server, in the same run.
 */
import { adaptiveCard } from '../src/cards/types';
import { DEMO_TENANT_ID } from '../src/store/demo-tenant';
import { actionExecute, botInstalled, message, person, postActivity } from '../test/support/activities';
import { startTestCommons } from '../test/support/app';
import { MockConnector } from '../test/support/connector';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const USERS = Number(process.env.BENCH_USERS ?? 500);
const TOGGLES_PER_USER = Number(process.env.BENCH_TOGGLES ?? 5);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function run(label: string, jobs: Array<() => Promise<void>>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++];
        const t0 = performance.now();
        await job();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { label, requests: jobs.length, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), throughput: jobs.length / seconds };
}

async function main() {
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);
  const connector = await new MockConnector().start();
  const commons = await startTestCommons({ SEED: 'false' });
  const options = { serviceUrl: connector.url, place: 'channel' as const };
  await postActivity(commons.url, botInstalled(options));
  await postActivity(commons.url, message('post Benchmark post', options));
  const timeline = (await commons.store.containers.timelines.item(`${DEMO_TENANT_ID}|feed`, `${DEMO_TENANT_ID}|feed`).read()).resource;
  const postId: string = timeline.entries[0].postId;

  const staticCard = adaptiveCard({ body: [{ type: 'TextBlock', text: 'static' }] });
  commons.bot.app.adaptiveCards.actionExecute('bench.static', async () => staticCard);

  const send = async (activity: unknown) => {
    const response = await postActivity(commons.url, activity);
    if (response.status !== 200) throw new Error(`status ${response.status}`);
    await response.arrayBuffer();
  };
  const bareJob = (u: number) => send(actionExecute('bench.static', {}, { ...options, from: person(u + 1) }));
  const reactJob = (u: number) => send(actionExecute('post.react', { postId, reaction: 'like' }, { ...options, from: person(u + 1) }));

  await run('warm-up', flattenPerToggle(50, 1, bareJob));
  const bare = await run('bare Action.Execute (static card)', flattenPerToggle(USERS, TOGGLES_PER_USER, bareJob));
  const reactions = await run('reaction toggle (post.react)', flattenPerToggle(USERS, TOGGLES_PER_USER, reactJob));

  await commons.bot.refresher.drain();
  const key = `${DEMO_TENANT_ID}|${postId}`;
  const post = (await commons.store.containers.posts.item(key, key).read()).resource;
  const expected = TOGGLES_PER_USER % 2 === 1 ? USERS : 0;
  const updates = connector.calls.filter((c) => c.method === 'PUT').length;
  clearInterval(sampler);

  const row = (r: Awaited<ReturnType<typeof run>>) =>
    `${r.label.padEnd(36)} ${String(r.requests).padStart(6)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${r.throughput.toFixed(0).padStart(8)}`;
  console.log(`\nconcurrency ${CONCURRENCY}, ${USERS} people × ${TOGGLES_PER_USER} toggles, embedded Cosmos server`);
  console.log(`${'handler'.padEnd(36)} ${'reqs'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'req/s'.padStart(8)}`);
  console.log(row(bare));
  console.log(row(reactions));
  console.log(`p95 ratio (reactions ÷ bare): ${(reactions.p95 / bare.p95).toFixed(2)}  (goal ≤ 2)`);
  console.log(`final like count ${post.reactionCounts.like ?? 0}, expected ${expected}: ${(post.reactionCounts.like ?? 0) === expected ? 'no lost or doubled reactions' : 'MISMATCH'}`);
  console.log(`card updates sent to the channel copy: ${updates} for ${USERS * TOGGLES_PER_USER} toggles`);
  console.log(`peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MB (goal < 300 MB)`);
  await commons.dispose();
  await connector.stop();
}

/**
 * One job per toggle, ordered so a person's toggles never run at the same time as
 * each other (toggle k of everyone, then toggle k+1), keeping the expected final
 * state exact while 50 requests are in flight.
 */
function flattenPerToggle(users: number, toggles: number, toggle: (user: number) => Promise<void>): Array<() => Promise<void>> {
  const jobs: Array<() => Promise<void>> = [];
  for (let k = 0; k < toggles; k++) for (let u = 0; u < users; u++) jobs.push(() => toggle(u));
  return jobs;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
