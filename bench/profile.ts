/**
 * npm run bench:profile — what a profile page costs the store as the tenant grows.
 * Two tenants, one with 500 posts and one with 5,000 (and a directory a tenth that
 * size), each with the same person to look at: a manager, five direct reports, three
 * communities (one secret), kudos, and 60 posts of their own, a third of them in a
 * group chat the viewer is not in. The profile is read through the domain
 * (readProfile with the API's ports: the real repositories on the real SDK against
 * the embedded server, which counts the requests it serves), by a stranger, cold
 * (first read) and warm (the repositories' short caches as a tab's reloads find them),
 * next to a plain point read of one post.
 */
import { execFile } from 'child_process';
import { randomUUID } from 'crypto';
import { promisify } from 'util';
import { profilePorts } from '../src/api/profiles';
import type { KudosPost } from '../src/domain/kudos';
import { DEFAULT_BADGES } from '../src/domain/badges';
import { composePost } from '../src/domain/posts';
import { readProfile } from '../src/domain/profiles';
import { TENANT_VISIBILITY } from '../src/domain/visibility';
import { createRepositories } from '../src/store';
import { openCountingStore } from '../test/support/counting-store';

const READS = Number(process.env.BENCH_READS ?? 200);
const SUBJECT_POSTS = 60;

const guid = (tenant: number, n: number) => `${String(tenant).padStart(8, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;

async function benchTenant(posts: number) {
  const counting = await openCountingStore();
  const repositories = createRepositories(counting.store);
  const tenantId = guid(posts, 0);
  const people = Math.max(50, posts / 10);
  const subject = guid(posts, 1);
  const manager = guid(posts, 2);
  const stranger = guid(posts, 3);
  const now = new Date().toISOString();
  const updates = Array.from({ length: people }, (_, i) => {
    const userId = guid(posts, i + 1);
    const managerId = i === 0 ? manager : i >= 3 && i < 8 ? subject : i > 1 ? manager : undefined;
    return { userId, source: 'seed' as const, profile: { displayName: `Person ${i + 1}`, email: `person${i + 1}@contoso.example`, department: ['Engineering', 'Sales', 'Marketing'][i % 3], jobTitle: 'Engineer', ...(managerId && { managerId }) } };
  });
  for (let i = 0; i < updates.length; i += 500) await repositories.people.save(tenantId, updates.slice(i, i + 500), now);
  await repositories.people.setSkillsAndInterests(tenantId, subject, ['Kubernetes', 'Incident response'], ['Climbing'], now);

  const identityOf = (userId: string) => ({ tenantId, userId, roles: [] as const, displayName: userId });
  const start = Date.parse('2026-11-01T00:00:00Z');
  const chat = '19:subject-private-chat@thread.v2';
  // Exactly SUBJECT_POSTS of the subject's, spread through the timeline, every third in the chat: the same pattern at every size.
  let ownCount = 0;
  for (let i = 0; i < posts; i++) {
    const own = i % Math.floor(posts / SUBJECT_POSTS) === 0 && ownCount < SUBJECT_POSTS;
    const author = own ? subject : guid(posts, 10 + (i % (people - 10)));
    const visibility = own && ownCount++ % 3 === 0 ? ({ kind: 'members', conversationId: chat } as const) : TENANT_VISIBILITY;
    await repositories.posts.create(composePost({ body: `post ${i}`, audience: {}, visibility }, identityOf(author), randomUUID(), new Date(start + i * 60_000)));
  }
  for (const [name, privacy] of [['Open guild', 'open'], ['Closed club', 'closed'], ['Secret project', 'secret']] as const) {
    const communityId = randomUUID();
    const community = { tenantId, communityId, name: `${name} ${posts}`, description: '', emoji: '💬', colour: 'blue' as const, privacy, archived: false, memberCount: 0, ownerCount: 0, linkedChannels: [], createdBy: subject, createdAt: now, lastActivityAt: now };
    await repositories.communities.create(community, { communityId, userId: subject, displayName: 'Person 1', status: 'member', role: 'owner', since: now });
  }
  for (let k = 0; k < 3; k++) {
    const recipient = { userId: subject, displayName: 'Person 1', managerId: manager };
    const post = { ...composePost({ body: 'Thanks', kind: 'kudos', audience: {}, visibility: TENANT_VISIBILITY }, identityOf(guid(posts, 20 + k)), randomUUID(), new Date()), kudos: { badge: DEFAULT_BADGES[k], recipients: [recipient], joiners: [], private: false } } as KudosPost;
    await repositories.kudos.record(post);
  }

  const ports = profilePorts({ repositories });
  const viewer = identityOf(stranger);
  const time = async (run: () => Promise<unknown>) => {
    const before = counting.requests();
    const began = process.hrtime.bigint();
    await run();
    return { ms: Number(process.hrtime.bigint() - began) / 1e6, requests: counting.requests() - before };
  };
  const cold = await time(() => readProfile(ports, viewer, subject));
  const profile = await readProfile(ports, viewer, subject);
  const samples = [];
  for (let r = 0; r < READS; r++) samples.push(await time(() => readProfile(ports, viewer, subject)));
  const postId = profile.recentPosts[0].postId;
  const pointReads = [];
  for (let r = 0; r < READS; r++) pointReads.push(await time(() => repositories.posts.get(tenantId, postId)));
  await counting.stop();
  const stats = (list: Array<{ ms: number; requests: number }>) => {
    const ms = list.map((s) => s.ms).sort((a, b) => a - b);
    return { p50: ms[Math.floor(ms.length / 2)], p95: ms[Math.floor(ms.length * 0.95)], requests: list.reduce((n, s) => n + s.requests, 0) / list.length };
  };
  return { posts, people, cold, warm: stats(samples), point: stats(pointReads), shown: profile.recentPosts.length, communities: profile.communities.map((c) => c.name) };
}

/** Each size in its own process: a second tenant built in the same heap reads slower for the garbage the first left, not for its size. */
async function main() {
  const only = process.env.BENCH_SIZE;
  if (only) return void console.log(JSON.stringify(await benchTenant(Number(only))));
  console.log(`profile page (readProfile through the API's ports), ${READS} reads by a stranger, embedded Cosmos server; RT = store round trips`);
  console.log(`${'tenant'.padEnd(26)} ${'cold ms'.padStart(8)} ${'cold RT'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'RT/read'.padStart(8)} │ ${'point p50'.padStart(9)} ${'p95'.padStart(6)} ${'RT'.padStart(4)}`);
  for (const size of (process.env.BENCH_SIZES ?? '500,5000').split(',').map(Number)) {
    const { stdout } = await promisify(execFile)(process.execPath, [...process.execArgv, __filename], { env: { ...process.env, BENCH_SIZE: String(size) }, maxBuffer: 1 << 20 });
    const r = JSON.parse(stdout.trim().split('\n').pop()!) as Awaited<ReturnType<typeof benchTenant>>;
    console.log(
      `${`${r.posts} posts, ${r.people} people`.padEnd(26)} ${r.cold.ms.toFixed(1).padStart(8)} ${String(r.cold.requests).padStart(8)} ${r.warm.p50.toFixed(2).padStart(8)} ${r.warm.p95.toFixed(2).padStart(8)} ${r.warm.requests.toFixed(1).padStart(8)} │ ${r.point.p50.toFixed(2).padStart(9)} ${r.point.p95.toFixed(2).padStart(6)} ${r.point.requests.toFixed(0).padStart(4)}`,
    );
    console.log(`  ${r.shown} recent posts shown, communities seen: ${r.communities.join(', ')} (the secret one must be absent)`);
    if (r.communities.some((name) => name.startsWith('Secret'))) process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
