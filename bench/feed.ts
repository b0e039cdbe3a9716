/**
 * npm run bench:feed — the feed on a large tenant, through the real API, against an
 * embedded Cosmos server that counts the requests it serves. Two tenants share the
 * store: one of 5,000 posts and one of 50,000 (with 250,000 reactions, 20,000 comments
 * and 5,000 people), seeded with bulk operations. For each: the first feed page and
 * the next one, p50/p95 and store round trips per page, next to a plain point read of
 * the same store timed between the pages (the store runs in a process of its own, as
 * Cosmos DB runs apart from Commons, and the seeding's garbage is collected before the
 * server starts: neither is the server's own cost); then on the large tenant a profile and the analytics page (90 days of
 * counters seeded as events would have written them). Set BENCH_POSTS_LARGE / BENCH_READS for a quicker run,
 * BENCH_TRACE=1 to see what the store is asked for during one page of each kind, BENCH_PROFILE to profile (below).
 * Commons runs in this process with the young generation `npm run start:server` gives it
 * (--max-semi-space-size, package.json): a page's garbage is collected as in production.
 */
import { randomUUID } from 'crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { Session } from 'inspector/promises';
import { AddressInfo } from 'net';
import { tmpdir } from 'os';
import path from 'path';
import { PerformanceObserver } from 'perf_hooks';
import type { Container, OperationInput } from '@azure/cosmos';
import { CosmosClient } from '@azure/cosmos';
import { loadConfig } from '../src/config';
import { composePost, Post } from '../src/domain/posts';
import type { Visibility } from '../src/domain/visibility';
import { startCommons } from '../src/index';
import { closeAnalyticsDays } from '../src/delivery/analytics-close';
import { createRepositories } from '../src/store';
import { executeBulk } from '../src/store/bulk';
import { CONTAINERS, ContainerName, tenantKey } from '../src/store/containers';
import { seededDayShards } from './analytics-days';
import { startPart } from './harness-parts';
import { ensureContainers, Store } from '../src/store/cosmos';
import { Timelines } from '../src/store/timelines';
import { readerReactionDocuments } from '../src/store/reader-reactions';
import { visibilityKey } from '../src/domain/visibility';

const LARGE = Number(process.env.BENCH_POSTS_LARGE ?? 50_000);
const SMALL = Math.min(5_000, LARGE);
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 5_000);
const READS = Number(process.env.BENCH_READS ?? 500);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 200);
const REACTIONS_PER_POST = 5;
const COMMENTS = Math.round(LARGE * 0.4);
const DAY_MS = 86_400_000;

const ADMINS = Array.from({ length: 10 }, (_, n) => `5e5e5e5e-0000-4000-8000-ad00000000${String(n).padStart(2, '0')}`);
const person = (n: number) => `5e5e5e5e-0000-4000-8000-${String(n).padStart(12, '0')}`;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function inChunks<T>(items: T[], size: number, each: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await each(items.slice(i, i + size));
}

/** Garbage-collection pauses of this process (Commons' server and the bench's client), as they happen. */
const gcPauses: number[] = [];
new PerformanceObserver((list) => gcPauses.push(...list.getEntries().map((entry) => entry.duration))).observe({ entryTypes: ['gc'] });
const gcSince = (from: number) => {
  const pauses = gcPauses.slice(from);
  return `${pauses.length} GC pauses in this process, ${pauses.reduce((sum, pause) => sum + pause, 0).toFixed(0)} ms in all`;
};

/**
 * BENCH_PROFILE=file writes a profile of this process (Commons' server and the bench's
 * client) over the feed series: where the CPU goes, or with BENCH_HEAP=1 what allocates
 * (garbage included: young-generation collections are the p95's tail). Open it in Chrome's DevTools.
 */
async function startProfile(): Promise<(() => Promise<void>) | undefined> {
  const file = process.env.BENCH_PROFILE;
  if (!file) return undefined;
  const session = new Session();
  session.connect();
  if (process.env.BENCH_HEAP) {
    await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
    return async () => writeFileSync(file, JSON.stringify((await session.post('HeapProfiler.stopSampling')).profile));
  }
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 50 });
  await session.post('Profiler.start');
  return async () => writeFileSync(file, JSON.stringify((await session.post('Profiler.stop')).profile));
}

async function main() {
  // The store runs in a process of its own, as Cosmos DB runs apart from Commons: its
  // heap (the whole seeded tenant) and its garbage collection are not Commons' own.
  const cosmos = await startPart('cosmos', ['--max-old-space-size=3072', '--expose-gc']);
  const stats = async (): Promise<{ cosmosRequests: number; trace?: string[] }> => (await fetch(`${cosmos.control}/stats`)).json() as Promise<{ cosmosRequests: number; trace?: string[] }>;
  const served = async () => (await stats()).cosmosRequests;
  // BENCH_TRACE=1 prints what the store was asked for during one page of each kind.
  const tracing = (trace: boolean) => fetch(`${cosmos.control}/configure`, { method: 'POST', body: JSON.stringify({ trace }) }).then((response) => response.json());
  const endpoint = cosmos.url;
  const database = `bench-feed-${process.pid}`;
  const client = new CosmosClient({ endpoint, key: 'bench', connectionPolicy: { enableEndpointDiscovery: false } });
  const db = await ensureContainers(client, database);
  const container = (name: ContainerName) => db.container(CONTAINERS[name].id);
  const containers = Object.fromEntries(Object.keys(CONTAINERS).map((name) => [name, container(name as ContainerName)])) as Record<ContainerName, Container>;
  const seeding = createRepositories({ database: db, containers, mode: 'embedded', ping: async () => undefined, close: async () => undefined } as Store);

  const tenants = [
    { tenantId: randomUUID(), posts: SMALL, label: `${SMALL.toLocaleString('en')} posts` },
    { tenantId: randomUUID(), posts: LARGE, label: `${LARGE.toLocaleString('en')} posts` },
  ];
  const seedStarted = Date.now();
  const seededPostIds: string[] = [];
  for (const tenant of tenants) await seed(tenant.tenantId, tenant.posts);
  console.log(`seeded ${tenants.map((t) => t.label).join(' and ')}, ${(LARGE * REACTIONS_PER_POST).toLocaleString('en')} reactions and ${COMMENTS.toLocaleString('en')} comments on the large one, ${PEOPLE.toLocaleString('en')} people each, in ${((Date.now() - seedStarted) / 1000).toFixed(0)} s`);

  // The seeding's garbage is the bench's, not the server's: collect it before the server
  // starts, and the store's too (a store that has been running has long collected what its loading left).
  const heapBefore = process.memoryUsage().heapUsed;
  (globalThis as { gc?: () => void }).gc?.();
  await fetch(`${cosmos.control}/configure`, { method: 'POST', body: JSON.stringify({ collect: true }) });
  console.log(`heap after seeding ${(heapBefore / 2 ** 20).toFixed(0)} MiB, ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB once collected`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-feed-'));
  const config = loadConfig({ PORT: '0', SEED: 'false', SNAPSHOT_INTERVAL_SECONDS: '0', LOG_LEVEL: 'silent', DATA_DIR: dataDir, COSMOS_ENDPOINT: endpoint, COSMOS_KEY: 'bench', COSMOS_DATABASE: database, COMMONS_ADMINS: ADMINS.join(',') });
  const commons = await startCommons(config, { tabDir: path.resolve(__dirname, '..', 'dist', 'tab') });
  const url = `http://127.0.0.1:${(commons.server.server.address() as AddressInfo).port}`;

  // Requests rotate over the people, as a tenant's readers would (and within their rate limits).
  let turn = 0;
  async function timedPage(tenantId: string, query: string, path = '/api/v1/feed', userId = person(1 + (turn++ % (PEOPLE - 1)))): Promise<{ ms: number; body: { posts: unknown[]; continuationToken?: string } }> {
    const began = process.hrtime.bigint();
    const response = await fetch(`${url}${path}${query}`, { headers: { 'x-dev-tenant': tenantId, 'x-dev-user': userId } });
    const body = (await response.json()) as { posts: unknown[]; continuationToken?: string };
    const took = Number(process.hrtime.bigint() - began) / 1e6;
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(body)}`);
    return { ms: took, body };
  }

  // A plain point read: one post document by id, straight from the container (no cache).
  const postIds = seededPostIds.slice(-200).map((postId) => `${tenants[1].tenantId}|${postId}`);
  const pointReads: number[] = [];
  // Warmed up as the pages are: the first reads of a fresh client and server are slower.
  for (let i = 0; i < WARMUP; i++) await commons.store.containers.posts.item(postIds[i % postIds.length], postIds[i % postIds.length]).read();
  for (let i = 0; i < READS; i++) {
    const id = postIds[i % postIds.length];
    const began = process.hrtime.bigint();
    await commons.store.containers.posts.item(id, id).read();
    pointReads.push(Number(process.hrtime.bigint() - began) / 1e6);
  }
  pointReads.sort((a, b) => a - b);
  console.log(`point read (a post by id): p50 ${ms(percentile(pointReads, 0.5))}, p95 ${ms(percentile(pointReads, 0.95))}`);

  // The smallest API request (who am I: one point read of the caller), to show what HTTP and sign-in cost before any feed work.
  const smallest: number[] = [];
  // Store round trips are counted over a whole series (asking the store's process per page would add work to each).
  for (let i = 0; i < WARMUP; i++) await timedPage(tenants[1].tenantId, '', '/api/v1/me');
  const smallestFrom = await served();
  for (let i = 0; i < READS; i++) smallest.push((await timedPage(tenants[1].tenantId, '', '/api/v1/me')).ms);
  const smallestTrips = (await served()) - smallestFrom;
  smallest.sort((a, b) => a - b);
  console.log(`the smallest API request (GET /api/v1/me): p50 ${ms(percentile(smallest, 0.5))}, p95 ${ms(percentile(smallest, 0.95))} (${(percentile(smallest, 0.95) / percentile(pointReads, 0.95)).toFixed(1)}× a point read's p95); ${(smallestTrips / READS).toFixed(1)} store round trips`);

  // The pages below are only worth timing if they are right: a reader sees their own reaction.
  const reactor = await timedPage(tenants[1].tenantId, '?limit=20', '/api/v1/feed', person(5));
  const ownShown = (reactor.body.posts as { myReaction?: string | null }[]).filter((post) => post.myReaction).length;
  if (ownShown === 0) throw new Error('the reader of the check page does not see the reaction they gave');
  console.log(`check: a reader who reacted to posts of the first page sees ${ownShown} of their reactions there`);

  // A server that has been running has its feed code compiled (V8's JIT): the first
  // couple of hundred requests of a fresh process are slower, so warm up with other readers first.
  for (let i = 0; i < WARMUP; i++) await timedPage(tenants[i % tenants.length].tenantId, '?limit=20');
  console.log(`warm-up: ${WARMUP} untimed feed pages by other readers`);

  const profiling = await startProfile();
  for (const tenant of tenants) {
    // Warm-up: the first request of a tenant makes its token key and reads its settings.
    const warm = await timedPage(tenant.tenantId, '?limit=20');
    const token = warm.body.continuationToken!;
    for (const [label, query] of [['first page', '?limit=20'], ['next page', `?limit=20&continuationToken=${encodeURIComponent(token)}`]] as const) {
      const times: number[] = [];
      const tripsFrom = await served();
      let shown = 0;
      let mine = 0;
      const gcFrom = gcPauses.length;
      const alongside: number[] = [];
      for (let i = 0; i < READS; i++) {
        const traced = Boolean(process.env.BENCH_TRACE) && i === READS - 1;
        if (traced) await tracing(true);
        // A point read before each page, so both are timed under the same conditions (the store's own GC, the other core's load).
        const id = postIds[i % postIds.length];
        const pointBegan = process.hrtime.bigint();
        await commons.store.containers.posts.item(id, id).read();
        alongside.push(Number(process.hrtime.bigint() - pointBegan) / 1e6);
        const page = await timedPage(tenant.tenantId, query);
        if (traced) console.log(`${label}:\n  ${(await stats()).trace?.join('\n  ')}`);
        if (traced) await tracing(false);
        times.push(page.ms);
        shown += page.body.posts.length;
        mine += (page.body.posts as { myReaction?: string | null }[]).filter((post) => post.myReaction).length;
      }
      const trips = (await served()) - tripsFrom - alongside.length;
      times.sort((a, b) => a - b);
      const p95 = percentile(times, 0.95);
      alongside.sort((a, b) => a - b);
      const pointP95 = percentile(alongside, 0.95);
      console.log(`${tenant.label}, ${label}: p50 ${ms(percentile(times, 0.5))}, p95 ${ms(p95)} (${(p95 / pointP95).toFixed(1)}× the p95 of the point reads timed between these pages, ${ms(pointP95)}); ${(trips / READS).toFixed(1)} store round trips per page; ${(shown / READS).toFixed(0)} posts per page, ${mine} of them showing the reader's own reaction; ${gcSince(gcFrom)}`);
    }
  }

  await profiling?.();
  // A profile (a colleague's, by a reader) and the analytics page (90 days, by an admin), on the large tenant.
  const large = tenants[1].tenantId;
  await timedPage(large, '', `/api/v1/people/${person(2)}/profile`);
  const today = new Date();
  const from = new Date(today.getTime() - 89 * DAY_MS).toISOString().slice(0, 10);
  const to = today.toISOString().slice(0, 10);
  // The nightly run sums each closed day's shards once and stores a summary per closed
  // week (delivery/analytics-close.ts), as production's would have before anyone reads.
  const nightlyTrips = await served();
  const nightlyBegan = process.hrtime.bigint();
  await closeAnalyticsDays(commons.repositories.activity, large, Date.now());
  console.log(`${tenants[1].label}, analytics' nightly run (a year of closed days, in the background): ${ms(Number(process.hrtime.bigint() - nightlyBegan) / 1e6)}; ${(await served()) - nightlyTrips} store round trips`);
  const firstFrom = await served();
  const first = await timedPage(large, `?from=${from}&to=${to}`, '/api/v1/analytics', ADMINS[0]);
  console.log(`${tenants[1].label}, analytics, 90 days, this instance's first read: ${ms(first.ms)}; ${(await served()) - firstFrom} store round trips`);
  const second = await startCommons(config, { tabDir: path.resolve(__dirname, '..', 'dist', 'tab') });
  const secondUrl = `http://127.0.0.1:${(second.server.server.address() as AddressInfo).port}`;
  const before = await served();
  const began = process.hrtime.bigint();
  const response = await fetch(`${secondUrl}/api/v1/analytics?from=${from}&to=${to}`, { headers: { 'x-dev-tenant': large, 'x-dev-user': ADMINS[1] } });
  if (response.status !== 200) throw new Error(`a new instance's analytics answered ${response.status}`);
  await response.json();
  const newInstanceMs = ms(Number(process.hrtime.bigint() - began) / 1e6);
  console.log(`${tenants[1].label}, analytics, 90 days, a newly started instance's first read: ${newInstanceMs}; ${(await served()) - before} store round trips`);
  await second.stop();
  for (const [label, path, query, reader] of [
    ['a profile', () => `/api/v1/people/${person(2 + (turn % (PEOPLE - 2)))}/profile`, '', () => person(1 + (turn++ % (PEOPLE - 1)))],
    // Admins take turns: one person's reads are rate-limited like anyone's.
    ['analytics, 90 days', () => '/api/v1/analytics', `?from=${from}&to=${to}`, () => ADMINS[turn++ % ADMINS.length]],
  ] as const) {
    const times: number[] = [];
    const tripsFrom = await served();
    for (let i = 0; i < READS; i++) times.push((await timedPage(large, query, path(), reader())).ms);
    const trips = (await served()) - tripsFrom;
    times.sort((a, b) => a - b);
    console.log(`${tenants[1].label}, ${label}: p50 ${ms(percentile(times, 0.5))}, p95 ${ms(percentile(times, 0.95))}; ${(trips / READS).toFixed(1)} store round trips per page`);
  }

  await commons.stop();
  client.dispose();
  cosmos.child.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });

  async function seed(tenantId: string, posts: number): Promise<void> {
    const people = Array.from({ length: PEOPLE }, (_, n) => ({ userId: person(n), profile: { displayName: `Person ${n}`, department: `Department ${n % 25}` }, source: 'seed' as const }));
    await inChunks(people, 500, (chunk) => seeding.people.save(tenantId, chunk, new Date().toISOString()));
    const now = Date.now();
    const stored: Post[] = [];
    for (let i = 0; i < posts; i++) {
      // A year of posts, newest first; most tenant-wide, some in chats the readers are not in, some in communities.
      const visibility: Visibility = i % 20 === 7 ? { kind: 'members', conversationId: `19:chat-${i % 40}@thread.v2` } : { kind: 'tenant' };
      const author = { tenantId, userId: person(i % PEOPLE), roles: [] as const, displayName: `Person ${i % PEOPLE}` };
      const post = composePost({ body: `Post number ${i}: an update for everyone.`, audience: { everyone: true }, visibility }, author, randomUUID(), new Date(now - Math.floor((i / posts) * 365 * DAY_MS)));
      stored.push(tenantId === tenants[1].tenantId ? { ...post, reactionCount: REACTIONS_PER_POST } : post);
    }
    seededPostIds.push(...stored.map((p) => p.postId));
    // Each chat's posts came through the bot from someone in it, which recorded them as a member (and made the chat's member list).
    const chats = new Map(stored.filter((p) => p.visibility?.kind === 'members').map((p) => [(p.visibility as { conversationId: string }).conversationId, p.authorId]));
    for (const [conversationId, authorId] of chats) await seeding.memberships.record(tenantId, conversationId, authorId, true, 'activity');
    await inChunks(stored, 5000, (chunk) => executeBulk(container('posts'), chunk.map((p) => ({ operationType: 'Create', partitionKey: `${tenantId}|${p.postId}`, resourceBody: { ...p, id: `${tenantId}|${p.postId}`, pk: `${tenantId}|${p.postId}`, type: 'post' } }) as unknown as OperationInput)));
    const timelines = new Timelines(container('timelines'));
    await inChunks(stored, 2000, (chunk) => timelines.addMany(tenantId, 'feed', chunk.map((p) => ({ postId: p.postId, createdAt: p.createdAt, kind: p.kind, visibility: visibilityKey(p.visibility!) }))));
    if (tenantId !== tenants[1].tenantId) return;
    // 90 days of analytics counters, as events would have written them (bench/analytics-days.ts).
    const seeded = { people: PEOPLE, active: Math.round(PEOPLE / 5), posts: Math.max(1, Math.round(posts / 365)), userId: person, departmentOf: (n: number) => `Department ${n % 25}` };
    // Today is left to the events themselves.
    const counterDocuments = Array.from({ length: 89 }, (_, d) => new Date(now - (89 - d) * DAY_MS).toISOString().slice(0, 10)).flatMap((day, d) =>
      seededDayShards(seeded, day, d).map((shard, n) => {
        const id = tenantKey(tenantId, 'analytics', 'tenant', day, String(n));
        return { operationType: 'Create', partitionKey: id, resourceBody: { ...shard, id, pk: id, type: 'activityCounters', tenantId, scope: 'tenant', day } } as unknown as OperationInput;
      }),
    );
    await executeBulk(container('analytics'), counterDocuments);
    const firstDay = tenantKey(tenantId, 'analytics', 'tenant', 'first-day');
    await container('analytics').items.create({ id: firstDay, pk: firstDay, type: 'activityFirstDay', tenantId, day: new Date(now - 89 * DAY_MS).toISOString().slice(0, 10) });
    const reactions: OperationInput[] = stored.flatMap((p, i) =>
      Array.from({ length: REACTIONS_PER_POST }, (_, r) => {
        const userId = person((i + r * 997) % PEOPLE);
        const id = `${tenantId}|${p.postId}|reaction|${userId}`;
        return { operationType: 'Create', partitionKey: `${tenantId}|${p.postId}`, resourceBody: { id, pk: `${tenantId}|${p.postId}`, tenantId, type: 'reaction', postId: p.postId, userId, reaction: 'like', updatedAt: p.createdAt, seq: 1 } } as OperationInput;
      }),
    );
    await inChunks(reactions, 10_000, (chunk) => executeBulk(container('engagement'), chunk));
    // And their copies filed under each reader by the post's month, as a click files them.
    const filed = readerReactionDocuments(tenantId, stored.flatMap((p, i) => Array.from({ length: REACTIONS_PER_POST }, (_, r) => ({ userId: person((i + r * 997) % PEOPLE), post: p, reaction: 'like' as const, sequence: 1 }))));
    await inChunks(filed, 10_000, (chunk) => executeBulk(container('engagement'), chunk.map((d) => ({ operationType: 'Create', partitionKey: d.pk, resourceBody: d }) as unknown as OperationInput)));
    const comments: OperationInput[] = stored.slice(0, COMMENTS).map((p, i) => {
      const pk = `${tenantId}|${p.postId}`;
      const comment = { commentId: randomUUID(), postId: p.postId, authorId: person(i % PEOPLE), authorName: `Person ${i % PEOPLE}`, text: 'Nice one.', createdAt: p.createdAt, source: 'dialog' };
      return { operationType: 'Create', partitionKey: pk, resourceBody: { id: `${pk}|comments|0`, pk, tenantId, type: 'commentPage', postId: p.postId, page: 0, comments: [comment] } } as OperationInput;
    });
    await inChunks(comments, 10_000, (chunk) => executeBulk(container('engagement'), chunk));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
