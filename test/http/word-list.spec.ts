import { strict as assert } from 'assert';
import { DEFAULT_KUDOS_SETTINGS } from '../../src/domain/kudos';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { botInstalled, demoPerson, mentioning, postActivity, taskSubmit } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { MockConnector } from '../support/connector';
import { assertValidCard, requireSchemas } from '../support/schemas';

const ALEX = demoPerson('Alex Wilber'); // admin
const PATTI = demoPerson('Patti Fernandez'); // moderator
const LYNNE = demoPerson('Lynne Robbins');
const MEGAN = demoPerson('Megan Bowen');

const LIST = [
  { kind: 'word', pattern: 'frobnicate', action: 'block' },
  { kind: 'phrase', pattern: 'secret project', action: 'hold' },
  { kind: 'regex', pattern: 'acct-\\d{6}', action: 'block' },
  { kind: 'word', pattern: 'layoffs', action: 'hold' },
];

/**
 * Content checks before publishing (issue 17, item 3): the tenant's word list, edited
 * by admins, blocks text with a message naming the rule (nothing stored) or holds it
 * for review (stored as held with the matched terms, not published), on posts,
 * discussions, polls, comments, kudos, community names and community posts.
 */
describe('word list: block and hold before publishing', function () {
  this.timeout(120_000);
  let commons: TestCommons;
  let connector: MockConnector;
  const channel = (from = ALEX) => ({ serviceUrl: connector.url, place: 'channel' as const, from });
  // The test channel's activities all name one thread root, which the first post published there takes:
  // commands that are not \`post\` are sent in a group chat, where no thread turns them into comments.
  const groupChat = (from = ALEX) => ({ serviceUrl: connector.url, place: 'groupChat' as const, from });
  const api = async (as: { aadObjectId: string }, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${commons.url}${path}`, { method, headers: { 'content-type': 'application/json', 'X-Dev-Tenant': DEMO_TENANT_ID, 'X-Dev-User': as.aadObjectId }, ...(body !== undefined && { body: JSON.stringify(body) }) });
    return { status: response.status, body: (await response.json()) as any };
  };
  /** Sends a command and returns what the bot answered. */
  const say = async (activity: unknown) => {
    connector.reset();
    assert.equal((await postActivity(commons.url, activity)).status, 200);
    // Replies share the conversation's outbound budget (Teams' limits), so a busy channel may wait a while.
    return (await connector.waitFor((call) => call.method === 'POST' && call.path.includes('/activities'), 40_000)).body;
  };
  const count = async (container: 'posts' | 'moderation' | 'communities', type: string) =>
    (await commons.store.containers[container].items.query({ query: 'SELECT VALUE COUNT(1) FROM c WHERE c.type = @type', parameters: [{ name: '@type', value: type }] }).fetchAll()).resources[0] as number;
  const heldItems = async () => (await commons.store.containers.moderation.items.query('SELECT * FROM c WHERE c.type = "heldItem"').fetchAll()).resources;
  const kudosCommand = (to: typeof MEGAN, rest: string) => {
    const base = mentioning(`kudos <at>${to.name}</at> ${rest}`, groupChat());
    return { ...base, entities: [...base.entities, { type: 'mention', text: `<at>${to.name}</at>`, mentioned: { id: to.id, name: to.name, aadObjectId: to.aadObjectId } }] };
  };

  before(async () => {
    connector = await new MockConnector().start();
    const wide = { burst: 10_000, refillPerSecond: 100, maxTrackedUsers: 1000 };
    commons = await startTestCommons({ SEED: 'true' }, { rateLimits: { write: wide, read: wide } });
    await commons.repositories.kudos.setSettings(DEMO_TENANT_ID, { ...DEFAULT_KUDOS_SETTINGS, weeklyAllowance: 50 }, 'test', new Date().toISOString());
    await postActivity(commons.url, botInstalled(channel()));
    await postActivity(commons.url, botInstalled(groupChat()));
    assert.equal((await api(ALEX, 'PUT', '/api/v1/settings/word-list', { entries: LIST })).status, 200);
  });
  after(async () => {
    await commons.dispose();
    await connector.stop();
  });

  it('refuses a bad list with the line and why, and stores nothing', async () => {
    const bad: Array<[unknown[], RegExp]> = [
      [[LIST[0], { kind: 'regex', pattern: '(unclosed', action: 'block' }], /line 2: not a valid regular expression/],
      [[{ kind: 'regex', pattern: '(a+)+$', action: 'hold' }], /line 1: a repeated group/],
      [[{ kind: 'regex', pattern: '(x|xy)*z', action: 'hold' }], /line 1: a repeated group/],
      [[{ kind: 'regex', pattern: '(ab)\\1', action: 'hold' }], /line 1: back-references/],
      [[{ kind: 'regex', pattern: 'a.*b.*c.*d.*e', action: 'hold' }], /line 1: at most 2 unbounded repeats/],
      [[LIST[0], LIST[1], { kind: 'word', pattern: '   ', action: 'block' }], /line 3: empty/],
      [[{ kind: 'word', pattern: 'x'.repeat(201), action: 'block' }], /line 1: longer than 200/],
      [[{ kind: 'word', pattern: 'two words', action: 'block' }], /line 1: a word has no spaces/],
      [[LIST[0], { ...LIST[0], pattern: 'FROBNICATE' }], /line 2: the same entry appears twice/],
      [Array.from({ length: 201 }, (_, i) => ({ kind: 'word', pattern: `w${i}`, action: 'hold' })), /at most 200 entries/],
    ];
    for (const [entries, message] of bad) {
      const answer = await api(ALEX, 'PUT', '/api/v1/settings/word-list', { entries });
      assert.equal(answer.status, 400, JSON.stringify(entries).slice(0, 80));
      assert.match(answer.body.error.message, message);
    }
    for (const shape of [{ entries: [{ kind: 'glob', pattern: 'x', action: 'block' }] }, { entries: [{ kind: 'word', pattern: 'x', action: 'delete' }] }, { entries: [], extra: 1 }, {}]) {
      assert.equal((await api(ALEX, 'PUT', '/api/v1/settings/word-list', shape)).status, 400, JSON.stringify(shape));
    }
    assert.equal((await api(LYNNE, 'PUT', '/api/v1/settings/word-list', { entries: LIST })).status, 403);
    assert.equal((await api(LYNNE, 'GET', '/api/v1/settings/word-list')).status, 403);
    assert.deepEqual((await api(PATTI, 'GET', '/api/v1/settings/word-list')).body.entries, LIST, 'unchanged');
  });

  it('lets an admin save the list, audited; moderators read it', async () => {
    const before = (await api(ALEX, 'GET', '/api/v1/audit?action=wordList.change')).body.entries.length;
    const saved = await api(ALEX, 'PUT', '/api/v1/settings/word-list', { entries: [...LIST, { kind: 'phrase', pattern: '  out   of office ', action: 'hold' }] });
    assert.equal(saved.status, 200);
    assert.deepEqual((await api(PATTI, 'GET', '/api/v1/settings/word-list')).body.entries.at(-1), { kind: 'phrase', pattern: 'out of office', action: 'hold' }, 'trimmed');
    const audit = await api(ALEX, 'GET', '/api/v1/audit?action=wordList.change');
    assert.deepEqual([audit.body.entries.length, audit.body.entries[0].details.entries, audit.body.entries[0].actorId], [before + 1, 5, ALEX.aadObjectId]);
    assert.equal((await api(ALEX, 'PUT', '/api/v1/settings/word-list', { entries: LIST })).status, 200);
  });

  it('blocks a post with a message naming the rule, and publishes nothing', async function () {
    const posts = await count('posts', 'post');
    const answer = await say(mentioning('post We will FROBNICATE the roadmap', channel()));
    const card = answer.attachments[0].content;
    requireSchemas(this);
    assertValidCard(card);
    assert.match(JSON.stringify(card), /“FROBNICATE”.*rule 1/);
    const regex = await say(mentioning('post Refund to acct-123456 please', channel()));
    assert.match(JSON.stringify(regex), /“acct-123456”.*rule 3/);
    assert.equal(await count('posts', 'post'), posts);
    assert.ok(!(await heldItems()).some((h) => JSON.stringify(h).includes('acct-123456') || /FROBNICATE/.test(JSON.stringify(h))), 'nothing held');
    // Words that merely contain a listed word are not it.
    const fine = await say(mentioning('post Frobnicated widgets ship today', channel()));
    assert.doesNotMatch(JSON.stringify(fine), /word list/);
    assert.equal(await count('posts', 'post'), posts + 1);
  });

  it('holds a post for review with the matched terms, and publishes nothing', async function () {
    const posts = await count('posts', 'post');
    const answer = await say(mentioning('post The Secret   Project ships in May', channel()));
    const card = answer.attachments[0].content;
    requireSchemas(this);
    assertValidCard(card);
    assert.match(JSON.stringify(card), /reviews before they are published \(“Secret   Project”\)/);
    assert.equal(await count('posts', 'post'), posts, 'not published');
    const [held] = (await heldItems()).filter((h) => h.texts[0] === 'The Secret   Project ships in May');
    assert.deepEqual([held.authorId, held.texts, held.matches, held.state], [ALEX.aadObjectId, ['The Secret   Project ships in May'], [{ rule: 2, term: 'Secret   Project', pattern: 'secret project' }], 'held']);
    const index = (await commons.store.containers.moderation.items.query('SELECT * FROM c WHERE c.type = "moderationQueue"').fetchAll()).resources.flatMap((s) => s.entries);
    assert.ok(index.some((e: any) => e.itemKey === `held:${held.heldId}` && e.cause === 'held'), 'listed for the queue');
  });

  it('holds and blocks discussions and polls, options included', async () => {
    const posts = await count('posts', 'post');
    assert.match(JSON.stringify(await say(mentioning('discuss What do we know about the secret project?', groupChat()))), /Held for review|reviews before/);
    assert.match(JSON.stringify(await say(mentioning('poll Lunch on Friday? | Pizza | Layoffs talk', groupChat()))), /“Layoffs”/);
    assert.match(JSON.stringify(await say(mentioning('poll Which account? | acct-654321 | Other', groupChat()))), /rule 3/);
    assert.equal(await count('posts', 'post'), posts);
    const held = (await heldItems()).filter((h) => h.texts.some((text: string) => /secret project\?|Lunch on Friday/.test(text)));
    assert.deepEqual(held.map((h) => h.kind).sort(), ['poll', 'post']);
    const poll = held.find((h) => h.kind === 'poll');
    assert.deepEqual(poll.texts, ['Lunch on Friday?', 'Pizza', 'Layoffs talk']);
  });

  it('refuses an edit that adds blocked or held words, keeping the published version', async () => {
    const posted = await say(mentioning('post A post that will be edited', channel()));
    const postId = JSON.stringify(posted).match(/"postId":"([0-9a-f-]{36})"/)![1];
    const blocked = await (await postActivity(commons.url, taskSubmit({ verb: 'post.edit', postId, title: '', body: 'Now we frobnicate' }, channel()))).json() as any;
    assert.match(blocked.task.value, /rule 1/);
    const held = await (await postActivity(commons.url, taskSubmit({ verb: 'post.edit', postId, title: 'About the layoffs', body: 'Edited' }, channel()))).json() as any;
    assert.match(held.task.value, /This edit can't be saved.*“layoffs”/);
    assert.equal((await commons.repositories.posts.get(DEMO_TENANT_ID, postId))!.body, 'A post that will be edited');
    const fine = await postActivity(commons.url, taskSubmit({ verb: 'post.edit', postId, title: '', body: 'Edited cleanly' }, channel()));
    assert.equal(fine.status, 200);
    assert.doesNotMatch(await fine.text(), /can't be|word list/, 'the dialog closes');
    assert.equal((await commons.repositories.posts.get(DEMO_TENANT_ID, postId))!.body, 'Edited cleanly');
  });

  it('blocks and holds comments, which do not reach the post', async () => {
    const posted = await say(mentioning('post A post to comment on', channel()));
    const postId = JSON.stringify(posted).match(/"postId":"([0-9a-f-]{36})"/)![1];
    const blocked = await (await postActivity(commons.url, taskSubmit({ verb: 'post.comments', postId, text: 'Let us frobnicate it' }, channel(LYNNE)))).json() as any;
    assert.match(blocked.task.value, /rule 1/);
    const held = await (await postActivity(commons.url, taskSubmit({ verb: 'post.comments', postId, text: 'Is this about layoffs?' }, channel(LYNNE)))).json() as any;
    assert.match(JSON.stringify(held.task.value.card.content), /reviews before they are published/);
    assert.doesNotMatch(JSON.stringify(held.task.value.card.content), /Is this about layoffs/, 'not among the comments');
    const post = await commons.repositories.posts.get(DEMO_TENANT_ID, postId);
    assert.equal(post!.commentCount, 0);
    assert.ok((await heldItems()).some((h) => h.kind === 'comment' && h.payload.postId === postId));
  });

  it('blocks and holds kudos before any is sent', async () => {
    const posts = await count('posts', 'post');
    assert.match(JSON.stringify(await say(kudosCommand(MEGAN, 'Mentor thanks for the frobnicate demo'))), /rule 1/);
    assert.match(JSON.stringify(await say(kudosCommand(MEGAN, 'Mentor thanks for the layoffs briefing'))), /reviews before they are published/);
    assert.equal(await count('posts', 'post'), posts);
    const kudos = (await heldItems()).filter((h) => h.kind === 'kudos');
    assert.deepEqual(kudos.map((k) => k.matches.map((m: any) => m.term)), [['layoffs']]);
    // An invalid kudos is refused as before, not held.
    assert.match(JSON.stringify(await say(kudosCommand(MEGAN, 'Rockstar layoffs'))), /Choose one of the badges/);
    assert.equal((await heldItems()).filter((h) => h.kind === 'kudos').length, 1);
  });

  it('blocks and holds community names and community posts from the tab', async () => {
    const communities = await count('communities', 'community');
    const blocked = await api(LYNNE, 'POST', '/api/v1/communities', { name: 'Frobnicate fans', privacy: 'open' });
    assert.equal(blocked.status, 400);
    assert.match(blocked.body.error.message, /“Frobnicate”.*rule 1/);
    const held = await api(LYNNE, 'POST', '/api/v1/communities', { name: 'Secret project club', privacy: 'open' });
    assert.deepEqual([held.status, held.body.held, held.body.matched], [202, true, ['Secret project']]);
    assert.equal(await count('communities', 'community'), communities, 'nothing created');

    const created = await api(LYNNE, 'POST', '/api/v1/communities', { name: 'Running club', privacy: 'open' });
    assert.equal(created.status, 201);
    const posts = await count('posts', 'post');
    const poll = await api(LYNNE, 'POST', `/api/v1/communities/${created.body.id}/posts`, { kind: 'poll', text: 'Next race?', options: ['10k', 'acct-111111'] });
    assert.equal(poll.status, 400);
    assert.match(poll.body.error.message, /rule 3/);
    const discussion = await api(LYNNE, 'POST', `/api/v1/communities/${created.body.id}/posts`, { kind: 'discussion', text: 'Training during the layoffs?' });
    assert.deepEqual([discussion.status, discussion.body.held], [202, true]);
    assert.equal(await count('posts', 'post'), posts, 'nothing published');
    assert.deepEqual((await heldItems()).filter((h) => h.kind === 'community').map((h) => h.texts), [['Secret project club']]);
  });
});
