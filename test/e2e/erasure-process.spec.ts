import { strict as assert } from 'assert';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { botInstalled, mentioning, postActivity, taskSubmit } from '../support/activities';
import { MockConnector } from '../support/connector';
import { eventually } from '../support/delivery';
import { CommonsProcess, killProcess, startServerProcess } from '../support/process';

const person = (name: string) => DEMO_PEOPLE.find((p) => p.displayName === name)!;
const ALEX = person('Alex Wilber'); // admin
const LYNNE = person('Lynne Robbins');
const DIEGO = person('Diego Siciliani');
const MIRIAM = person('Miriam Graham');
const from = (p: typeof LYNNE) => ({ id: `29:${p.givenName.toLowerCase()}`, name: p.displayName, aadObjectId: p.userId });

/**
 * Erasure from outside: Commons as its own process, a person erased through the API,
 * the process stopped (SIGTERM) and started again on the same data. What was erased
 * stays erased: her name is nowhere, her post carries the pseudonym, the person is gone
 * from the directory, and asking again answers the finished job's report. And an
 * erasure killed part way (SIGKILL, in the background job) is finished by the next
 * process, with nothing stored that names the person.
 */
describe('erasing a person across a restart (a real process)', function () {
  this.timeout(180_000);
  let connector: MockConnector;
  let commons: (CommonsProcess & { url: string }) | undefined;
  let dataDir: string;
  let messages = 200;

  before(async () => {
    connector = await new MockConnector().start();
    dataDir = mkdtempSync(path.join(tmpdir(), 'commons-erasure-restart-'));
  });
  after(async () => {
    await killProcess(commons);
    await connector?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = (env: Record<string, string> = {}) => startServerProcess({ SEED: 'true', DATA_DIR: dataDir, SNAPSHOT_INTERVAL_SECONDS: '1', ...env });
  const api = async (as: typeof LYNNE, method: string, route: string) => {
    const response = await fetch(`${commons!.url}${route}`, { method, headers: { 'content-type': 'application/json', 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': as.userId } });
    return { status: response.status, body: (await response.json().catch(() => undefined)) as any };
  };
  const channel = (p: typeof LYNNE) => ({ serviceUrl: connector.url, place: 'channel' as const, from: from(p) });
  async function post(p: typeof LYNNE, text: string) {
    connector.reset();
    const activity = mentioning(text, channel(p));
    activity.conversation.id = `${activity.conversation.id.split(';')[0]};messageid=${++messages}`;
    assert.equal((await postActivity(commons!.url, activity)).status, 200);
    await connector.waitFor((call) => call.method === 'POST');
  }
  /** Asks for the erasure (202) and follows its job until `until` says so. */
  async function eraseFollowing(p: typeof LYNNE, until: (status: any) => boolean, timeoutMs = 30_000) {
    const asked = await api(ALEX, 'POST', `/api/v1/people/${p.userId}/erasure`);
    assert.ok([200, 202].includes(asked.status), JSON.stringify(asked.body));
    return eventually(async () => {
      const { status, body } = await api(ALEX, 'GET', asked.body.location);
      return status === 200 && until(body) && body;
    }, timeoutMs, 'the erasure job', 50);
  }
  const feedPost = async (marker: string) => ((await api(ALEX, 'GET', '/api/v1/feed')).body.posts as any[] | undefined)?.find((p) => p.body.includes(marker));

  it('keeps the erased person erased after the process restarts', async () => {
    commons = await start();
    assert.equal((await postActivity(commons.url, botInstalled({ serviceUrl: connector.url, place: 'channel' }))).status, 200);
    await post(LYNNE, 'post P-lynne notes from the offsite');
    await post(DIEGO, 'post P-diego the offsite agenda');
    const diegos = await feedPost('P-diego');
    const commented = await postActivity(commons.url, taskSubmit({ verb: 'post.comments', postId: diegos.id, text: 'P-comment by Lynne' }, channel(LYNNE)));
    assert.equal(commented.status, 200);
    await eventually(async () => (await feedPost('P-diego'))?.commentCount === 1, 10_000, `the comment stored (${(await commented.text()).slice(0, 300)})`, 250);

    const erased = { body: await eraseFollowing(LYNNE, (status) => status.state === 'done') };
    assert.deepEqual([erased.body.report.counts.posts, erased.body.report.counts.comments, erased.body.report.counts.profile], [1, 1, 1]);

    const first = commons;
    commons = undefined;
    await killProcess(first, 'SIGTERM');
    commons = await start();

    const feed = JSON.stringify((await api(ALEX, 'GET', '/api/v1/feed')).body);
    assert.ok(!feed.includes('Lynne'), 'her name is nowhere in the feed');
    const hers = await feedPost('P-lynne');
    assert.deepEqual([hers.author.userId, hers.author.displayName], [erased.body.report.subject, 'Former colleague'], 'her post carries the pseudonym');
    assert.equal((await feedPost('P-diego')).commentCount, 1, 'the comment stays, under the pseudonym');
    const people = (await api(ALEX, 'GET', '/api/v1/people?search=Lynne')).body.people as any[];
    assert.deepEqual(people.map((p) => p.userId), [], 'gone from the directory');
    const again = await api(ALEX, 'POST', `/api/v1/people/${LYNNE.userId}/erasure`);
    assert.deepEqual([again.status, again.body.alreadyDone, again.body.report.subject], [200, true, erased.body.report.subject], 'the job is remembered');
    const first2 = commons;
    commons = undefined;
    await killProcess(first2, 'SIGTERM');
  });

  it('finishes an erasure whose process was killed part way, once started again, with nothing left naming the person', async () => {
    // One task per slice (about a second apart): the erasure is still under way when the process is killed.
    commons = await start({ ERASURE_TASKS_PER_SLICE: '1' });
    await post(DIEGO, 'post K-diego quarterly plan');
    await post(MIRIAM, 'post K-miriam notes one');
    await post(MIRIAM, 'post K-miriam notes two');
    const diegos = await feedPost('K-diego');
    assert.equal((await postActivity(commons.url, taskSubmit({ verb: 'post.comments', postId: diegos.id, text: 'K-comment by Miriam' }, channel(MIRIAM)))).status, 200);
    await eventually(async () => (await feedPost('K-diego'))?.commentCount === 1, 10_000, 'the comment stored', 250);

    const midway = await eraseFollowing(MIRIAM, (status) => status.state === 'running' && status.progress.done >= 2);
    assert.ok(midway.progress.done < midway.progress.total, JSON.stringify(midway.progress));
    const killed = commons;
    commons = undefined;
    await killProcess(killed, 'SIGKILL');

    commons = await start();
    // The dead process's claim on the job expires (30 s), then this one continues it.
    const done = await eventually(async () => {
      const { body } = await api(ALEX, 'GET', midway.location);
      return body?.state === 'done' && body;
    }, 90_000, 'the erasure finished after the restart', 500);
    assert.deepEqual([done.report.counts.posts, done.report.counts.comments, done.report.counts.profile], [2, 1, 1]);
    const feed = JSON.stringify((await api(ALEX, 'GET', '/api/v1/feed')).body);
    assert.ok(!feed.includes('Miriam'), 'her name is nowhere in the feed');
    const stopped = commons;
    commons = undefined;
    await killProcess(stopped, 'SIGTERM');
    const stored = readFileSync(path.join(dataDir, 'snapshot.json'), 'utf8').toLowerCase();
    assert.ok(stored.length > 1000);
    const at = stored.indexOf(MIRIAM.userId.toLowerCase());
    assert.ok(at < 0, `her id is in no stored document, the job's included: …${stored.slice(Math.max(0, at - 600), at + 200)}…`);
    assert.ok(!stored.includes(from(MIRIAM).id), 'nor her Teams id');
  });
});
