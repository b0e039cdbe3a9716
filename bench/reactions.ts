/**
 * npm run bench:reactions — invoke latency and throughput of reaction toggles at
 * concurrency 50 against the embedded store, next to a bare Action.Execute handler
 * that returns a static card on the same server, in the same run. The load comes
 * from a separate process (bench/load.mjs); this process is the server, and its
 * peak RSS is the server's (embedded Cosmos server included).
 */
import { execFile } from 'child_process';
import path from 'path';
import { promisify } from 'util';
import { adaptiveCard } from '../src/cards/types';
import { createRepositories } from '../src/store';
import { DEMO_TEAM, DEMO_TENANT_ID } from '../src/store/demo-tenant';
import { botInstalled, mentioning, postActivity } from '../test/support/activities';
import { startTestCommons } from '../test/support/app';
import { MockConnector } from '../test/support/connector';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const USERS = Number(process.env.BENCH_USERS ?? 500);
const TOGGLES = Number(process.env.BENCH_TOGGLES ?? 5);

interface LoadResult {
  requests: number;
  failures: number;
  p50: number;
  p95: number;
  p99: number;
  throughput: number;
}

async function load(input: Record<string, unknown>): Promise<LoadResult> {
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(__dirname, 'load.mjs'), JSON.stringify(input)], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

async function main() {
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);
  const connector = await new MockConnector().start();
  const commons = await startTestCommons({ SEED: 'false' });
  const options = { serviceUrl: connector.url, place: 'channel' as const };
  await postActivity(commons.url, botInstalled(options));
  await postActivity(commons.url, mentioning('post Benchmark post', options)); // a channel command must @mention Commons
  const postId: string = (await createRepositories(commons.store).posts.feed(DEMO_TENANT_ID, 1, (_entry, load) => load()))[0].postId; // the newest post
  const staticCard = adaptiveCard({ body: [{ type: 'TextBlock', text: 'static' }] });
  commons.bot.app.adaptiveCards.actionExecute('bench.static', async () => staticCard);

  const base = { url: commons.url, serviceUrl: connector.url, tenantId: DEMO_TENANT_ID, channelId: DEMO_TEAM.channels[0].channelId, concurrency: CONCURRENCY };
  await load({ ...base, verb: 'bench.static', data: {}, users: 100, toggles: 1 }); // warm-up
  const bare = await load({ ...base, verb: 'bench.static', data: {}, users: USERS, toggles: TOGGLES });
  const reactions = await load({ ...base, verb: 'post.react', data: { postId, reaction: 'like' }, users: USERS, toggles: TOGGLES });

  await commons.bot.refresher.drain();
  const key = `${DEMO_TENANT_ID}|${postId}`;
  const post = (await commons.store.containers.posts.item(key, key).read()).resource;
  const expected = TOGGLES % 2 === 1 ? USERS : 0;
  const updates = connector.calls.filter((c) => c.method === 'PUT').length;
  clearInterval(sampler);

  const row = (label: string, r: LoadResult) =>
    `${label.padEnd(36)} ${String(r.requests).padStart(6)} ${String(r.failures).padStart(5)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${r.throughput.toFixed(0).padStart(7)}`;
  console.log(`\nconcurrency ${CONCURRENCY}, ${USERS} people × ${TOGGLES} toggles on one post, embedded Cosmos server`);
  console.log(`${'handler'.padEnd(36)} ${'reqs'.padStart(6)} ${'fail'.padStart(5)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'req/s'.padStart(7)}`);
  console.log(row('bare Action.Execute (static card)', bare));
  console.log(row('reaction toggle (post.react)', reactions));
  console.log(`p95 ratio, reactions ÷ bare: ${(reactions.p95 / bare.p95).toFixed(2)} (goal ≤ 2)`);
  const likes = post.reactionCounts.like ?? 0;
  console.log(`final 👍 count ${likes}, expected ${expected}: ${likes === expected ? 'no lost or doubled reactions' : 'MISMATCH'}`);
  console.log(`card updates sent to the channel copy: ${updates} for ${USERS * TOGGLES} toggles`);
  console.log(`server peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MB (goal < 300 MB)`);
  await commons.dispose();
  await connector.stop();
  if (likes !== expected) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
