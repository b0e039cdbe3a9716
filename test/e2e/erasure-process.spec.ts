import { strict as assert } from 'assert';
import { mkdtempSync, rmSync } from 'fs';
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
const from = (p: typeof LYNNE) => ({ id: `29:${p.givenName.toLowerCase()}`, name: p.displayName, aadObjectId: p.userId });

/**
 * Erasure from outside: Commons as its own process, a person erased through the API,
 * the process stopped (SIGTERM) and started again on the same data. What was erased
 * stays erased: her name is nowhere, her post carries the pseudonym, the person is gone
 * from the directory, and asking again answers the finished job's report.
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

  const start = () => startServerProcess({ SEED: 'true', DATA_DIR: dataDir, SNAPSHOT_INTERVAL_SECONDS: '1' });
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

    const erased = await api(ALEX, 'POST', `/api/v1/people/${LYNNE.userId}/erasure`);
    assert.equal(erased.status, 200, JSON.stringify(erased.body));
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
  });
});
