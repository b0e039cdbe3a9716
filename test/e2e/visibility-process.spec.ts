import { strict as assert } from 'assert';
import { ChildProcess, spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { actionExecute, botInstalled, mentioning, person, postActivity, taskSubmit } from '../support/activities';
import { MockConnector } from '../support/connector';

/**
 * From outside: Commons as its own process (from source, as `npm run dev` runs it),
 * a group chat with three members, and forty people hitting it at once: the members
 * see, react to and comment on its post; the thirty-seven strangers (reading the feed,
 * clicking react and submitting comments on it from their own chats, all concurrently)
 * see nothing and change nothing.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const GROUP_CHAT = '19:process-group@thread.v2';
const SECRET = 'Reorg announced to the leads first';
const alex = DEMO_PEOPLE.find((p) => p.displayName === 'Alex Wilber')!;
const MEMBERS = [alex, ...DEMO_PEOPLE.filter((p) => ['Megan Bowen', 'Lee Gu'].includes(p.displayName))].map((p) => ({ id: `29:${p.userId}`, name: p.displayName, aadObjectId: p.userId }));
const STRANGERS = Array.from({ length: 37 }, (_, i) => person(700 + i));

function startProcess(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`Commons did not start:\n${output}`)), 30_000);
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const url = /"url":"(http:\/\/[^"]+)"/.exec(output)?.[1];
      if (url && output.includes('Commons is listening')) {
        clearTimeout(timer);
        resolve({ child, url });
      }
    });
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => reject(new Error(`Commons exited with ${code}:\n${output}`)));
  });
}

describe('visibility from outside: a real process, many people at once', function () {
  this.timeout(90_000);
  let connector: MockConnector;
  let child: ChildProcess;
  let url: string;
  let dataDir: string;

  before(async () => {
    connector = await new MockConnector({ members: { [GROUP_CHAT]: MEMBERS.map((m) => m.aadObjectId) } }).start();
    dataDir = mkdtempSync(path.join(tmpdir(), 'commons-visibility-'));
    ({ child, url } = await startProcess({ PORT: '0', SEED: 'true', DATA_DIR: dataDir, SNAPSHOT_INTERVAL_SECONDS: '0', LOG_LEVEL: 'info' }));
  });
  after(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    await connector?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const inGroupChat = (from: { id: string; name: string; aadObjectId: string }) => ({ serviceUrl: connector.url, place: 'groupChat' as const, from });
  const inOwnChat = (activity: any, userId: string) => ({ ...activity, conversation: { ...activity.conversation, id: `a:personal-${userId}` } });
  const feedOf = async (userId: string) => (await (await fetch(`${url}/api/v1/feed`, { headers: { 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': userId } })).json()).posts as Array<{ id: string; body: string; reactionCount: number; commentCount: number }>;

  it('keeps a group chat post to its members while forty people act at once', async () => {
    const groupChat = (activity: any) => ({ ...activity, conversation: { ...activity.conversation, id: GROUP_CHAT } });
    assert.equal((await postActivity(url, groupChat(botInstalled(inGroupChat(MEMBERS[0]))))).status, 200);
    assert.equal((await postActivity(url, groupChat(mentioning(`post ${SECRET}`, inGroupChat(MEMBERS[0]))))).status, 200);
    const post = (await feedOf(alex.userId)).find((p) => p.body === SECRET);
    assert.ok(post, "the author's feed has it");

    const member = async (m: (typeof MEMBERS)[number]) => {
      // Members act from their own chats: Teams' roster (through the Bot Connector) vouches for them.
      const reacted = await postActivity(url, inOwnChat(actionExecute('post.react', { postId: post.id, reaction: 'like' }, { serviceUrl: connector.url, from: m }), m.aadObjectId));
      const commented = await postActivity(url, inOwnChat(taskSubmit({ verb: 'post.comments', postId: post.id, text: `ok from ${m.name}` }, { serviceUrl: connector.url, from: m }), m.aadObjectId));
      return { reacted: await reacted.text(), commented: await commented.text(), feed: await feedOf(m.aadObjectId) };
    };
    const stranger = async (s: (typeof STRANGERS)[number]) => {
      const [feed, reacted, commented] = await Promise.all([
        feedOf(s.aadObjectId),
        postActivity(url, inOwnChat(actionExecute('post.react', { postId: post.id, reaction: 'like' }, { serviceUrl: connector.url, from: s }), s.aadObjectId)).then((r) => r.text()),
        postActivity(url, inOwnChat(taskSubmit({ verb: 'post.comments', postId: post.id, text: `hello from ${s.name}` }, { serviceUrl: connector.url, from: s }), s.aadObjectId)).then((r) => r.text()),
      ]);
      return { feed, reacted, commented };
    };
    const [members, strangers] = await Promise.all([Promise.all(MEMBERS.map(member)), Promise.all(STRANGERS.map(stranger))]);

    for (const s of strangers) {
      assert.ok(!s.feed.some((p) => p.id === post.id), 'not in a stranger’s feed');
      assert.match(s.reacted, /This post was removed/, 'a stranger’s click is answered as for a missing post');
      assert.doesNotMatch(s.reacted + s.commented, new RegExp(SECRET));
    }
    for (const m of members) {
      assert.doesNotMatch(m.reacted, /This post was removed/);
      assert.match(m.commented, new RegExp(SECRET), 'members get the comment thread');
    }
    const after = (await feedOf(alex.userId)).find((p) => p.id === post.id)!;
    assert.equal(after.reactionCount, MEMBERS.length, 'only the members’ reactions counted');
    assert.equal(after.commentCount, MEMBERS.length, 'only the members’ comments stored');
    assert.ok(!JSON.stringify(connector.calls).includes('hello from'), 'no stranger’s words reached Teams');
  });

  it("follows Teams' member events in forty feeds read at once: who leaves stops seeing the chat's post, who joins starts, and a restart keeps both", async () => {
    const groupChat = (activity: any) => ({ ...activity, conversation: { ...activity.conversation, id: GROUP_CHAT } });
    const post = (await feedOf(alex.userId)).find((p) => p.body === SECRET);
    assert.ok(post, 'the first test made the post');
    const [leaver, joiner] = [MEMBERS[2], STRANGERS[0]];
    const shownTo = async () => {
      const readers = [...MEMBERS, ...STRANGERS];
      const feeds = await Promise.all(readers.map((r) => feedOf(r.aadObjectId)));
      return new Set(readers.filter((_, i) => feeds[i].some((p) => p.id === post.id)).map((r) => r.aadObjectId));
    };
    const expect = (ids: string[], why: string, shown: Set<string>) => assert.deepEqual([...shown].sort(), [...ids].sort(), why);
    expect(MEMBERS.map((m) => m.aadObjectId), "before: the members (Teams' roster vouched for them when they clicked), no stranger", await shownTo());
    // Teams tells the bot who is in the chat: everyone's events, then one leaves and a stranger joins.
    const event = (kind: 'membersAdded' | 'membersRemoved', account: (typeof MEMBERS)[number]) => postActivity(url, groupChat({ ...botInstalled(inGroupChat(MEMBERS[0])), membersAdded: undefined, [kind]: [account] }));
    for (const m of MEMBERS) assert.equal((await event('membersAdded', m)).status, 200);
    expect(MEMBERS.map((m) => m.aadObjectId), 'the same once the events say so', await shownTo());
    assert.equal((await event('membersRemoved', leaver)).status, 200);
    assert.equal((await event('membersAdded', joiner)).status, 200);
    const after = MEMBERS.filter((m) => m !== leaver).map((m) => m.aadObjectId).concat(joiner.aadObjectId);
    expect(after, 'at once: the leaver no longer, the joiner now', await shownTo());
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    ({ child, url } = await startProcess({ PORT: '0', SEED: 'true', DATA_DIR: dataDir, SNAPSHOT_INTERVAL_SECONDS: '0', LOG_LEVEL: 'info' }));
    expect(after, 'and after a restart', await shownTo());
  });

  it('stops cleanly on SIGTERM', async () => {
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.once('exit', resolve));
    assert.equal(code, 0);
  });
});
