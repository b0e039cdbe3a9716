import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import type { ChildProcess } from 'child_process';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { killProcess, startCosmosProcess, startServerProcess, until } from '../support/process';
import { TODAY_CACHE_TTL_MS } from '../../src/store/timelines';

type Instance = Awaited<ReturnType<typeof startServerProcess>>;
const ALEX = DEMO_PEOPLE.find((p) => p.displayName === 'Alex Wilber')!;
const READERS = Array.from({ length: 30 }, () => randomUUID());
const REACTIONS = ['like', 'love', 'celebrate'] as const;

async function call(url: string, userId: string, method: string, route: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}${route}`, { method, headers: { 'content-type': 'application/json', 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': userId }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/**
 * From outside: two Commons processes on one store (a Cosmos-protocol server of its
 * own), thirty people clicking reactions on three posts through both at once, some
 * clicking twice, then one process stopped and started again. Every reader's feed on
 * either process shows exactly the reaction they are left with, and each post's count
 * is exactly the number of readers left reacting: the copy a feed page reads agrees
 * with the reaction documents whichever process wrote them.
 */
describe('feed reactions from outside: two processes, thirty readers, a restart', function () {
  this.timeout(240_000);
  let cosmos: { child: ChildProcess; endpoint: string };
  let env: Record<string, string>;
  const instances: Instance[] = [];
  let postIds: string[];
  let countsBefore: Map<string, number>;

  const feedOf = async (url: string, userId: string) => {
    const feed = await call(url, userId, 'GET', '/api/v1/feed?limit=50');
    assert.equal(feed.status, 200, JSON.stringify(feed.body));
    return new Map<string, { myReaction: string | null; reactionCount: number }>(feed.body.posts.map((p: any) => [p.id, p]));
  };

  before(async () => {
    cosmos = await startCosmosProcess();
    env = { COSMOS_ENDPOINT: cosmos.endpoint, COSMOS_KEY: 'dGVzdC1rZXk=', COSMOS_DATABASE: `reactions-${process.pid}-${Date.now()}`, SNAPSHOT_INTERVAL_SECONDS: '0' };
    instances.push(await startServerProcess({ ...env, SEED: 'true' }));
    instances.push(await startServerProcess({ ...env, SEED: 'false' }));
    for (const instance of instances) assert.ok(await until(async () => (await fetch(`${instance.url}/readyz`)).status === 200, 60_000), `${instance.url} became ready`);
    const feed = await feedOf(instances[0].url, ALEX.userId);
    postIds = [...feed.keys()].slice(0, 3);
    assert.equal(postIds.length, 3, 'the seeded feed has posts to react to');
    countsBefore = new Map(postIds.map((id) => [id, feed.get(id)!.reactionCount]));
  });
  after(async () => {
    await Promise.all(instances.map((instance) => killProcess(instance)));
    cosmos?.child.kill('SIGKILL');
  });

  it('shows each reader their own reaction on both processes, before and after a restart, with exact counts', async () => {
    // What each reader clicks: one reaction per post, and every third reader clicks the first post's twice (taking it back).
    const clicks = READERS.flatMap((reader, r) =>
      postIds.flatMap((postId, p) => {
        const reaction = REACTIONS[(r + p) % REACTIONS.length];
        return r % 3 === 0 && p === 0 ? [{ reader, postId, reaction, twice: true }] : [{ reader, postId, reaction, twice: false }];
      }),
    );
    const expected = (reader: string, postId: string) => {
      const click = clicks.find((c) => c.reader === reader && c.postId === postId)!;
      return click.twice ? null : click.reaction;
    };
    const answers = await Promise.all(
      clicks.map(async (click, n) => {
        const first = await call(instances[n % 2].url, click.reader, 'PUT', `/api/v1/posts/${click.postId}/reaction`, { reaction: click.reaction });
        // The second click of the same reaction goes through the other process.
        return click.twice ? [first, await call(instances[(n + 1) % 2].url, click.reader, 'PUT', `/api/v1/posts/${click.postId}/reaction`, { reaction: click.reaction })] : [first];
      }),
    );
    const refused = answers.flat().filter((a) => a.status !== 200);
    assert.deepEqual(refused.slice(0, 3), [], `${refused.length} clicks were refused`);

    const check = async (when: string) => {
      for (const instance of instances) {
        const feeds = await Promise.all(READERS.map((reader) => feedOf(instance.url, reader)));
        READERS.forEach((reader, r) => {
          for (const postId of postIds) assert.equal(feeds[r].get(postId)?.myReaction ?? null, expected(reader, postId), `${when}: reader ${r} on post ${postId.slice(0, 8)} through ${instance.url}`);
        });
        // Counts are read through each process's posts cache (a few seconds old at most), so they are waited for.
        for (const postId of postIds) {
          const reacting = READERS.filter((reader) => expected(reader, postId) !== null).length;
          let shown: number | undefined;
          const exact = await until(async () => (shown = (await feedOf(instance.url, ALEX.userId)).get(postId)!.reactionCount) === countsBefore.get(postId)! + reacting, 20_000);
          assert.ok(exact, `${when}: the count of post ${postId.slice(0, 8)} through ${instance.url} is ${shown}, not ${countsBefore.get(postId)! + reacting}`);
        }
      }
    };
    await check('right after the clicks');

    // One process stops (as a deployment restarts it) and starts again on the same store.
    await killProcess(instances[0], 'SIGTERM');
    instances[0] = await startServerProcess({ ...env, SEED: 'false' });
    assert.ok(await until(async () => (await fetch(`${instances[0].url}/readyz`)).status === 200, 60_000), 'ready again');
    await check('after a restart');

    // And clicks after the restart land too: every reader switches their last post's reaction.
    const last = postIds[2];
    const switched = await Promise.all(READERS.map((reader, r) => call(instances[r % 2].url, reader, 'PUT', `/api/v1/posts/${last}/reaction`, { reaction: expected(reader, last) === 'like' ? 'love' : 'like' })));
    assert.ok(switched.every((a) => a.status === 200));
    for (const instance of instances) {
      const feeds = await Promise.all(READERS.map((reader) => feedOf(instance.url, reader)));
      READERS.forEach((reader, r) => assert.equal(feeds[r].get(last)!.myReaction, expected(reader, last) === 'like' ? 'love' : 'like', `reader ${r} after switching`));
      assert.ok(await until(async () => (await feedOf(instance.url, ALEX.userId)).get(last)!.reactionCount === countsBefore.get(last)! + READERS.length, 20_000), 'the count after switching');
    }
  });
  it("shows a post written through one process in the other's feed within a quarter of a second, to many readers at once, and after that reader's process restarts", async () => {
    const [writer, reader] = [0, 1];
    const community = await call(instances[writer].url, ALEX.userId, 'POST', '/api/v1/communities', { name: `Cache check ${randomUUID().slice(0, 8)}`, privacy: 'open' });
    assert.equal(community.status, 201, JSON.stringify(community.body));
    // Every reader's feed on the reading process first, so it holds the timeline's index and past days in its cache.
    await Promise.all(READERS.map((userId) => feedOf(instances[reader].url, userId)));
    const made = await call(instances[writer].url, ALEX.userId, 'POST', `/api/v1/communities/${community.body.id}/posts`, { kind: 'discussion', text: 'Posted through the other process' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    // The other process shares today's bucket among its readers for TODAY_CACHE_TTL_MS (a quarter of a second).
    await new Promise((resolve) => setTimeout(resolve, TODAY_CACHE_TTL_MS + 50));
    const feeds = await Promise.all(READERS.map((userId) => feedOf(instances[reader].url, userId)));
    assert.deepEqual(feeds.map((feed) => feed.has(made.body.id)), READERS.map(() => true), 'every reader sees it on the other process');
    await killProcess(instances[reader], 'SIGTERM');
    instances[reader] = await startServerProcess({ ...env, SEED: 'false' });
    assert.ok((await feedOf(instances[reader].url, READERS[0])).has(made.body.id), 'and after a restart');
  });
});
