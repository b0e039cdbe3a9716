/**
 * npm run bench:visibility — what visibility costs a feed read. A tenant timeline of
 * 500 posts (50 tenant-wide, 450 in 45 group chats), read through the domain gate by
 * a stranger (in no chat: only the tenant posts qualify, deep in the timeline) and by a
 * member of five chats. Prints per-read latency and how many post and membership point
 * reads one feed read makes (memberships cached after the first read).
 */
import { randomUUID } from 'crypto';
import { readableBy } from '../src/domain/post-access';
import { composePost } from '../src/domain/posts';
import { FEED_PAGE_SIZE } from '../src/domain/posts';
import { TENANT_VISIBILITY } from '../src/domain/visibility';
import { createRepositories } from '../src/store';
import { openStore } from '../src/store/cosmos';
import { knownMembership } from '../src/store/memberships';

const TENANT = '4b4b4b4b-0000-4000-8000-000000000001';
const READS = Number(process.env.BENCH_READS ?? 50);
const chatOf = (n: number) => `19:chat-${n}@thread.v2`;

async function main() {
  const store = await openStore({ mode: 'embedded', database: `bench-visibility-${process.pid}` });
  const repositories = createRepositories(store);
  const author = { tenantId: TENANT, userId: '4b4b4b4b-0000-4000-8000-0000000000a0', roles: [] as const, displayName: 'Author' };
  const start = Date.parse('2026-12-01T00:00:00Z');
  for (let i = 0; i < 500; i++) {
    // Tenant-wide posts are the oldest tenth: a stranger's page needs the whole timeline.
    const visibility = i < 50 ? TENANT_VISIBILITY : ({ kind: 'members', conversationId: chatOf(i % 45) } as const);
    await repositories.posts.create(composePost({ body: `post ${i}`, audience: {}, visibility }, author, randomUUID(), new Date(start + i * 60_000)));
  }
  const member = '4b4b4b4b-0000-4000-8000-0000000000b1';
  for (let n = 0; n < 5; n++) await repositories.memberships.record(TENANT, chatOf(n), member, true, 'event');

  let postReads = 0;
  let membershipChecks = 0;
  const get = repositories.posts.get.bind(repositories.posts);
  repositories.posts.get = (tenantId, postId) => (postReads++, get(tenantId, postId));
  const known = knownMembership(repositories.memberships);
  const counted = { isMember: (t: string, c: string, u: string) => (membershipChecks++, known.isMember(t, c, u)) };
  const ports = { posts: repositories.posts, membership: counted, place: (t: string, c: string) => repositories.conversations.get(t, c) };

  for (const [label, userId] of [['stranger (in no chat)', '4b4b4b4b-0000-4000-8000-0000000000c2'], ['member of 5 chats', member]] as const) {
    const identity = { tenantId: TENANT, userId, roles: [] as const };
    const times: number[] = [];
    let shown = 0;
    postReads = 0;
    membershipChecks = 0;
    for (let r = 0; r < READS; r++) {
      const began = process.hrtime.bigint();
      shown = (await repositories.posts.feed(TENANT, FEED_PAGE_SIZE, readableBy(ports, identity))).length;
      times.push(Number(process.hrtime.bigint() - began) / 1e6);
    }
    times.sort((a, b) => a - b);
    console.log(`${label}: ${shown} posts shown; p50 ${times[Math.floor(READS / 2)].toFixed(1)} ms, p95 ${times[Math.floor(READS * 0.95)].toFixed(1)} ms; per read ${(postReads / READS).toFixed(0)} post point reads, ${(membershipChecks / READS).toFixed(0)} membership checks (cached after the first read)`);
  }
  await store.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
