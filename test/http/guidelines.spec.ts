import { strict as assert } from 'assert';
import { DEFAULT_KUDOS_SETTINGS } from '../../src/domain/kudos';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { actionExecute, botInstalled, demoPerson, invoke, mentioning, postActivity, taskSubmit } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { MockConnector } from '../support/connector';
import { assertValidCard, requireSchemas } from '../support/schemas';

const ALEX = demoPerson('Alex Wilber'); // admin
const LYNNE = demoPerson('Lynne Robbins');
const MEGAN = demoPerson('Megan Bowen');
const TENANT_B = '0b0b0b0b-0000-4000-8000-00000000000b';
const B_PERSON = { id: '29:b-person', name: 'Bea Other', aadObjectId: '0b0b0b0b-0000-4000-8000-0000000000a7' };

/**
 * Community guidelines (issue 17, item 1): once an admin publishes a version, each
 * person accepts it before their first post, comment, kudos or poll; the check is the
 * one every publishing path makes (screenBeforePublishing), so a refused write stores
 * nothing. Each test publishes its own version, which nobody has accepted yet.
 */
describe('guidelines: accepted before the first post, comment, kudos or poll', function () {
  this.timeout(120_000);
  let commons: TestCommons;
  let connector: MockConnector;
  let published = 0;
  const channel = (from = ALEX) => ({ serviceUrl: connector.url, place: 'channel' as const, from });
  const groupChat = (from = ALEX) => ({ serviceUrl: connector.url, place: 'groupChat' as const, from });
  const api = async (as: { aadObjectId: string }, method: string, path: string, body?: unknown, tenantId = DEMO_TENANT_ID) => {
    const response = await fetch(`${commons.url}${path}`, { method, headers: { 'content-type': 'application/json', 'X-Dev-Tenant': tenantId, 'X-Dev-User': as.aadObjectId }, ...(body !== undefined && { body: JSON.stringify(body) }) });
    return { status: response.status, body: (await response.json()) as any };
  };
  const say = async (activity: unknown) => {
    connector.reset();
    assert.equal((await postActivity(commons.url, activity)).status, 200);
    return (await connector.waitFor((call) => call.method === 'POST' && call.path.includes('/activities'), 40_000)).body;
  };
  const invokeBody = async (activity: unknown) => (await (await postActivity(commons.url, activity)).json()) as any;
  const count = async (type: string) =>
    (await commons.store.containers.posts.items.query({ query: 'SELECT VALUE COUNT(1) FROM c WHERE c.type = @type', parameters: [{ name: '@type', value: type }] }).fetchAll()).resources[0] as number;
  const publish = async (markdown: string) => {
    const answer = await api(ALEX, 'PUT', '/api/v1/settings/guidelines', { markdown, publish: true });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    published = answer.body.current.version;
    return published;
  };
  const kudosCommand = (to: typeof MEGAN, rest: string, from = ALEX) => {
    const base = mentioning(`kudos <at>${to.name}</at> ${rest}`, groupChat(from));
    return { ...base, entities: [...base.entities, { type: 'mention', text: `<at>${to.name}</at>`, mentioned: { id: to.id, name: to.name, aadObjectId: to.aadObjectId } }] };
  };
  const postIdOf = (answer: unknown) => JSON.stringify(answer).match(/"postId":"([0-9a-f-]{36})"/)![1];

  before(async () => {
    connector = await new MockConnector().start();
    const wide = { burst: 10_000, refillPerSecond: 100, maxTrackedUsers: 1000 };
    commons = await startTestCommons({ SEED: 'true' }, { rateLimits: { write: wide, read: wide } });
    await commons.repositories.kudos.setSettings(DEMO_TENANT_ID, { ...DEFAULT_KUDOS_SETTINGS, sendPolicy: 'everyone', weeklyAllowance: 50 }, 'test', new Date().toISOString());
    await postActivity(commons.url, botInstalled(channel()));
    await postActivity(commons.url, botInstalled(groupChat()));
  });
  after(async () => {
    await commons.dispose();
    await connector.stop();
  });

  it('asks nothing in a tenant that never published guidelines, even while another tenant has', async () => {
    await publish('# Tenant A rules\n\nBe kind.');
    const none = await api(B_PERSON, 'GET', '/api/v1/guidelines', undefined, TENANT_B);
    assert.deepEqual([none.status, none.body], [200, {}], "A's guidelines never appear in B");
    const community = await api(B_PERSON, 'POST', '/api/v1/communities', { name: 'B book club', privacy: 'open' }, TENANT_B);
    assert.equal(community.status, 201, JSON.stringify(community.body));
    const posted = await api(B_PERSON, 'POST', `/api/v1/communities/${community.body.id}/posts`, { kind: 'discussion', text: 'What are we reading?' }, TENANT_B);
    assert.equal(posted.status, 201, JSON.stringify(posted.body));
    // And accepting in B finds nothing to accept: A's version is not B's.
    assert.equal((await api(B_PERSON, 'POST', '/api/v1/guidelines/accept', { version: published }, TENANT_B)).status, 404);
    assert.equal((await api(B_PERSON, 'GET', '/api/v1/settings/guidelines', undefined, TENANT_B)).status, 403);
  });

  it('refuses a first post with the guidelines card and stores nothing; after "I accept" the same post is published', async function () {
    const version = await publish('# How we talk here\n\nBe **kind** and assume good intent.\n\n- No personal attacks\n- Keep customer data out');
    const posts = await count('post');
    const refused = await say(mentioning('post Hello everyone, first post here', channel()));
    const card = refused.attachments[0].content;
    requireSchemas(this);
    assertValidCard(card);
    const text = JSON.stringify(card);
    assert.match(text, new RegExp(`Community guidelines \\(version ${version}\\)`));
    assert.match(text, /How we talk here.*Be \*\*kind\*\* and assume good intent.*No personal attacks/);
    assert.match(text, /try again/);
    assert.deepEqual(card.actions.map((a: any) => [a.type, a.verb, a.data]), [['Action.Execute', 'guidelines.accept', { version }]]);
    assert.equal(await count('post'), posts, 'nothing published');
    assert.equal((await commons.store.containers.moderation.items.query('SELECT * FROM c WHERE c.type = "heldItem"').fetchAll()).resources.length, 0, 'nothing held either');

    const accepted = await invokeBody(actionExecute('guidelines.accept', { version }, channel()));
    assertValidCard(accepted.value);
    assert.match(JSON.stringify(accepted.value), new RegExp(`You accepted version ${version} on \\d{4}-\\d{2}-\\d{2}`));
    const mine = await api(ALEX, 'GET', '/api/v1/guidelines');
    assert.deepEqual([mine.body.current.version, mine.body.accepted.version, mine.body.accepted.userId], [version, version, ALEX.aadObjectId]);

    await say(mentioning('post Hello everyone, first post here', channel()));
    assert.equal(await count('post'), posts + 1, 'the retried post is published');
  });

  it('refuses a first comment, kudos and poll the same way, then lets each through once accepted', async function () {
    requireSchemas(this);
    // A post to comment on, from someone who accepted.
    const version = await publish('Comments, kudos and polls follow these rules too.');
    assert.equal((await api(ALEX, 'POST', '/api/v1/guidelines/accept', { version })).status, 200);
    const postId = postIdOf(await say(mentioning('post Something to discuss', channel())));
    const posts = await count('post');

    connector.reset();
    const comment = await invokeBody(taskSubmit({ verb: 'post.comments', postId, text: 'My first comment' }, channel(LYNNE)));
    assert.match(comment.task.value, new RegExp(`accept your organisation's community guidelines first \\(version ${version}\\)`));
    const inChat = (await connector.waitFor((call) => call.method === 'POST' && call.path.includes('/activities') && Boolean(call.body?.attachments), 40_000)).body.attachments[0].content;
    assertValidCard(inChat);
    assert.equal(inChat.actions[0].verb, 'guidelines.accept');
    assert.equal((await commons.repositories.posts.get(DEMO_TENANT_ID, postId))!.commentCount, 0);

    const kudos = (await say(kudosCommand(MEGAN, 'Mentor thanks for the onboarding', LYNNE))).attachments[0].content;
    assertValidCard(kudos);
    assert.deepEqual(kudos.actions[0].data, { version });
    const poll = (await say(mentioning('poll Lunch on Friday? | Pizza | Tacos', groupChat(LYNNE)))).attachments[0].content;
    assert.equal(poll.actions[0].verb, 'guidelines.accept');
    assert.equal(await count('post'), posts, 'no kudos, no poll');

    const accepted = await invokeBody(actionExecute('guidelines.accept', { version }, groupChat(LYNNE)));
    assert.match(JSON.stringify(accepted.value), /Thanks for accepting/);
    const retried = await invokeBody(taskSubmit({ verb: 'post.comments', postId, text: 'My first comment' }, channel(LYNNE)));
    assert.doesNotMatch(JSON.stringify(retried), /guidelines/);
    assert.equal((await commons.repositories.posts.get(DEMO_TENANT_ID, postId))!.commentCount, 1);
    await say(kudosCommand(MEGAN, 'Mentor thanks for the onboarding', LYNNE));
    await say(mentioning('poll Lunch on Friday? | Pizza | Tacos', groupChat(LYNNE)));
    assert.equal(await count('post'), posts + 2, 'the kudos and the poll are published');
  });

  it('asks before joining a kudos ("Add your kudos" gives kudos too), and joins once accepted', async function () {
    requireSchemas(this);
    const version = await publish('Joining kudos follows the rules too.');
    assert.equal((await api(ALEX, 'POST', '/api/v1/guidelines/accept', { version })).status, 200);
    const sent = await say(kudosCommand(MEGAN, 'Mentor thanks for the migration'));
    const kudosId = (await commons.store.containers.posts.items.query('SELECT * FROM c WHERE c.type = "post" AND IS_DEFINED(c.kudos)').fetchAll()).resources
      .filter((post) => post.body === 'thanks for the migration' || JSON.stringify(post).includes('thanks for the migration'))
      .map((post) => post.postId)[0];
    assert.ok(kudosId, `the kudos is sent (${JSON.stringify(sent).slice(0, 120)})`);
    const refused = await invokeBody(actionExecute('kudos.join', { postId: kudosId }, groupChat(LYNNE)));
    assertValidCard(refused.value);
    assert.deepEqual(refused.value.actions.map((a: any) => [a.verb, a.data]), [['guidelines.accept', { version }]]);
    assert.deepEqual((await commons.repositories.posts.get(DEMO_TENANT_ID, kudosId) as any).kudos.joiners, [], 'not joined');
    assert.equal((await api(LYNNE, 'POST', '/api/v1/guidelines/accept', { version })).status, 200);
    await invokeBody(actionExecute('kudos.join', { postId: kudosId }, groupChat(LYNNE)));
    assert.deepEqual((await commons.repositories.posts.get(DEMO_TENANT_ID, kudosId) as any).kudos.joiners.map((j: any) => j.userId), [LYNNE.aadObjectId.toLowerCase()]);
  });

  it('answers a message extension with words and sends the card to the chat; the discussion starts once accepted', async function () {
    requireSchemas(this);
    const version = await publish('Message extensions follow the rules too.');
    const posts = await count('post');
    const start = async () => invokeBody(invoke('composeExtension/submitAction', { commandId: 'startDiscussion', commandContext: 'compose', data: { place: 'here', kind: 'discussion', text: 'Async stand-ups?' } }, groupChat(MEGAN)));
    connector.reset();
    const refused = await start();
    assert.match(refused.task.value, new RegExp(`community guidelines first \\(version ${version}\\): I sent them to you in this chat`));
    const inChat = (await connector.waitFor((call) => call.method === 'POST' && call.path.includes('/activities') && Boolean(call.body?.attachments), 40_000)).body.attachments[0].content;
    assertValidCard(inChat);
    assert.deepEqual(inChat.actions[0].data, { version });
    assert.equal(await count('post'), posts, 'nothing started');
    assert.equal((await invokeBody(actionExecute('guidelines.accept', { version }, groupChat(MEGAN)))).value.type, 'AdaptiveCard');
    assert.doesNotMatch(JSON.stringify(await start()), /guidelines/);
    assert.equal(await count('post'), posts + 1);
  });

  it('asks again for a new version, and refuses accepting the superseded one with the current shown', async function () {
    requireSchemas(this);
    const first = await publish('Version one of the rules.');
    assert.equal((await api(LYNNE, 'POST', '/api/v1/guidelines/accept', { version: first })).status, 200);
    const second = await publish('Version two: also no spoilers.');
    assert.equal(second, first + 1);
    assert.equal((await api(LYNNE, 'GET', '/api/v1/guidelines')).body.accepted, undefined, 'the old acceptance does not count');
    const posts = await count('post');
    const asked = (await say(mentioning('poll Which spoilers? | None | All', groupChat(LYNNE)))).attachments[0].content;
    assert.deepEqual(asked.actions[0].data, { version: second });

    const stale = await invokeBody(actionExecute('guidelines.accept', { version: first }, groupChat(LYNNE)));
    assertValidCard(stale.value);
    assert.match(JSON.stringify(stale.value), /have changed since you opened them.*Version two: also no spoilers/);
    assert.deepEqual(stale.value.actions[0].data, { version: second });
    const staleApi = await api(LYNNE, 'POST', '/api/v1/guidelines/accept', { version: first });
    assert.deepEqual([staleApi.status, staleApi.body.error.code], [403, 'guidelines_required']);
    assert.equal((await api(LYNNE, 'GET', '/api/v1/guidelines')).body.accepted, undefined, 'still not accepted');
    assert.equal(await count('post'), posts);
  });

  it('stores one acceptance for ten parallel accepts', async () => {
    const version = await publish('Parallel accept rules.');
    const answers = await Promise.all(Array.from({ length: 10 }, () => api(MEGAN, 'POST', '/api/v1/guidelines/accept', { version })));
    assert.deepEqual(answers.map((a) => a.status), Array(10).fill(200));
    assert.equal(answers.filter((a) => a.body.created).length, 1, 'one of them stored it');
    assert.equal(new Set(answers.map((a) => a.body.acceptance.acceptedAt)).size, 1, 'all answer the one stored acceptance');
    const documents = (await commons.store.containers.people.items.query({ query: 'SELECT * FROM c WHERE c.type = "guidelinesAccepted" AND c.userId = @user', parameters: [{ name: '@user', value: MEGAN.aadObjectId }] }).fetchAll()).resources;
    assert.deepEqual(documents.map((d) => [d.id, d.version]), [[`${DEMO_TENANT_ID}|guidelinesAccepted|${MEGAN.aadObjectId}`, version]]);
  });

  it('refuses an API community post with 403 guidelines_required, stores nothing, then accepts it', async () => {
    const community = await api(LYNNE, 'POST', '/api/v1/communities', { name: `Guided ${Date.now()}`, privacy: 'open' });
    assert.equal(community.status, 201, 'creating a community is not gated');
    const version = await publish('Tab rules.');
    const posts = await count('post');
    for (const body of [{ kind: 'discussion', text: 'First!' }, { kind: 'poll', text: 'Best day?', options: ['Mon', 'Fri'] }]) {
      const refused = await api(LYNNE, 'POST', `/api/v1/communities/${community.body.id}/posts`, body);
      assert.deepEqual([refused.status, refused.body.error.code], [403, 'guidelines_required']);
      assert.match(refused.body.error.message, new RegExp(`version ${version}`));
    }
    assert.equal(await count('post'), posts);
    assert.equal((await api(LYNNE, 'POST', '/api/v1/guidelines/accept', { version })).status, 200);
    assert.equal((await api(LYNNE, 'POST', `/api/v1/communities/${community.body.id}/posts`, { kind: 'discussion', text: 'First!' })).status, 201);
  });

  it('lets only admins save drafts and publish, audited, and refuses a publish over a newer version', async () => {
    const before = await publish('Before the draft.');
    for (const [as, body] of [[LYNNE, { markdown: 'x', publish: true }], [ALEX, { markdown: '   ', publish: false }], [ALEX, { markdown: 'x', publish: 'yes' }], [ALEX, { markdown: 'x', publish: false, extra: 1 }]] as const) {
      assert.ok([400, 403].includes((await api(as, 'PUT', '/api/v1/settings/guidelines', body)).status), JSON.stringify(body));
    }
    assert.equal((await api(LYNNE, 'GET', '/api/v1/settings/guidelines')).status, 403);
    const draft = await api(ALEX, 'PUT', '/api/v1/settings/guidelines', { markdown: 'A draft, not yet in force.', publish: false });
    assert.deepEqual([draft.status, draft.body.draft.markdown, draft.body.current.version], [200, 'A draft, not yet in force.', before]);
    assert.equal((await api(LYNNE, 'GET', '/api/v1/guidelines')).body.current.markdown, 'Before the draft.', 'a draft asks nothing new');
    const stale = await api(ALEX, 'PUT', '/api/v1/settings/guidelines', { markdown: 'Edited from an old copy', publish: true, basedOn: before - 1 });
    assert.equal(stale.status, 409);
    const next = await api(ALEX, 'PUT', '/api/v1/settings/guidelines', { markdown: 'A draft, now in force.', publish: true, basedOn: before });
    assert.deepEqual([next.body.current.version, next.body.draft], [before + 1, undefined]);
    const audit = (await api(ALEX, 'GET', '/api/v1/audit?action=guidelines.publish')).body.entries;
    assert.deepEqual([audit[0].details.version, audit[0].actorId], [before + 1, ALEX.aadObjectId]);
    assert.ok((await api(ALEX, 'GET', '/api/v1/audit?action=guidelines.draft')).body.entries.length >= 1);
    // A publisher that stopped between appending version n and moving the pointer: n is
    // published by the next attempt (which is asked to look again), and no number is stuck.
    const orphan = before + 2;
    await commons.store.containers.tenants.items.create({ id: `${DEMO_TENANT_ID}|guidelines|v|${orphan}`, pk: DEMO_TENANT_ID, tenantId: DEMO_TENANT_ID, type: 'guidelinesVersion', version: orphan, markdown: 'Appended, pointer not moved.', publishedAt: new Date().toISOString(), publishedBy: ALEX.aadObjectId });
    assert.equal((await api(ALEX, 'PUT', '/api/v1/settings/guidelines', { markdown: 'Racing the orphan', publish: true })).status, 409);
    assert.deepEqual([(await api(LYNNE, 'GET', '/api/v1/guidelines')).body.current.version, (await api(LYNNE, 'GET', '/api/v1/guidelines')).body.current.markdown], [orphan, 'Appended, pointer not moved.']);
    assert.equal((await api(ALEX, 'PUT', '/api/v1/settings/guidelines', { markdown: 'After the orphan', publish: true })).body.current.version, orphan + 1);
    const versions = (await commons.store.containers.tenants.items.query('SELECT * FROM c WHERE c.type = "guidelinesVersion"').fetchAll()).resources;
    assert.ok(versions.some((v) => v.version === before && v.markdown === 'Before the draft.'), 'earlier versions are kept');
  });
});
