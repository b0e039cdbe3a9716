import { strict as assert } from 'assert';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { actionExecute, botInstalled, demoPerson, mentioning, postActivity } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { MockConnector } from '../support/connector';
import { eventually } from '../support/delivery';
import { assertValidCard, requireSchemas } from '../support/schemas';

const MEGAN = demoPerson('Megan Bowen'); // owner of the community
const LYNNE = demoPerson('Lynne Robbins'); // a member, the host Megan names
const ADELE = demoPerson('Adele Vance'); // a member
const NESTOR = demoPerson('Nestor Wilke'); // in the tenant, not a member
const OTHER_TENANT = '0c0c0c0c-0000-4000-8000-00000000000c';

/** The questions listed on an AMA card: "text · author · ▲ n". */
function listed(card: any): string[] {
  return card.body
    .filter((e: any) => e.type === 'Container' && e.separator)
    .map((e: any) => `${e.items[0].text} · ${e.items[1].text}`);
}
const answersOn = (card: any) => JSON.stringify(card).match(/Answer from Lynne Robbins/g) ?? [];

/**
 * Ask-me-anything events: opened from the tab in a closed community with a linked
 * channel; members ask (from the card and the tab, optionally anonymously) and upvote;
 * the host answers; every copy follows; at its end it closes by itself and a summary
 * card goes out once.
 */
describe('ask-me-anything events through the API and /api/messages', function () {
  this.timeout(180_000);
  let commons: TestCommons;
  let connector: MockConnector;
  let communityId: string;
  const channel = (from: typeof MEGAN) => ({ serviceUrl: connector.url, place: 'channel' as const, from });
  const api = async (as: typeof MEGAN, method: string, path: string, body?: unknown, tenant = DEMO_TENANT_ID) => {
    const response = await fetch(`${commons.url}${path}`, { method, headers: { 'content-type': 'application/json', 'X-Dev-Tenant': tenant, 'X-Dev-User': as.aadObjectId }, ...(body !== undefined && { body: JSON.stringify(body) }) });
    return { status: response.status, body: (await response.json()) as any };
  };
  const click = async (verb: string, data: object, as: typeof MEGAN) => {
    const response = await postActivity(commons.url, actionExecute(verb, data, channel(as)));
    assert.equal(response.status, 200);
    return ((await response.json()) as any).value;
  };
  const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
  async function openAma(title: string, extra: object = {}): Promise<{ id: string; card: any; activityId: string }> {
    connector.reset();
    const opened = await api(MEGAN, 'POST', `/api/v1/communities/${communityId}/amas`, { title, endsAt: inAnHour(), hostId: LYNNE.aadObjectId, ...extra });
    assert.equal(opened.status, 201, JSON.stringify(opened.body));
    const sent = await connector.waitFor((call) => call.method === 'POST' && JSON.stringify(call.body).includes(title));
    const stored = (await commons.store.containers.posts.item(`${DEMO_TENANT_ID}|${opened.body.id}`, `${DEMO_TENANT_ID}|${opened.body.id}`).read()).resource;
    return { id: opened.body.id, card: sent.body.attachments[0].content, activityId: stored.deliveredTo[0].activityId };
  }
  const lastCopy = async (activityId: string) => {
    await commons.bot.refresher.drain();
    return [...connector.calls].reverse().find((call) => call.method === 'PUT' && call.activityId === activityId)!.body.attachments[0].content;
  };

  before(async () => {
    connector = await new MockConnector().start();
    const wide = { burst: 10_000, refillPerSecond: 100, maxTrackedUsers: 100_000 };
    commons = await startTestCommons({ SEED: 'true' }, { rateLimits: { write: wide, read: wide } });
    await postActivity(commons.url, botInstalled({ serviceUrl: connector.url, place: 'channel' }));
    communityId = (await api(MEGAN, 'POST', '/api/v1/communities', { name: 'Leadership AMA club', privacy: 'closed' })).body.id;
    for (const member of [LYNNE, ADELE]) assert.equal((await api(MEGAN, 'POST', `/api/v1/communities/${communityId}/members`, { userId: member.aadObjectId })).status, 201);
    connector.reset();
    await postActivity(commons.url, mentioning('community link Leadership AMA club', channel(MEGAN)));
    assert.match(JSON.stringify((await connector.waitFor((call) => call.method === 'POST')).body), /now speaks for/);
  });
  after(async () => {
    await commons.dispose();
    await connector.stop();
  });

  it('opens an event with a named host: a valid card in the linked channel, listed for members, 404 for others', async function () {
    const { id, card } = await openAma('Ask Lynne about the roadmap');
    assert.match(JSON.stringify(card), /Ask me anything in Leadership AMA club/);
    assert.match(JSON.stringify(card), /Hosted by Lynne Robbins/);
    assert.ok(card.body.some((e: any) => e.type === 'Input.Text' && e.id === 'question'));
    requireSchemas(this);
    assertValidCard(card);
    const list = await api(ADELE, 'GET', `/api/v1/communities/${communityId}/amas`);
    assert.ok(list.body.amas.some((a: any) => a.id === id && a.host.displayName === 'Lynne Robbins' && a.phase === 'live'));
    assert.equal((await api(NESTOR, 'GET', `/api/v1/communities/${communityId}/amas`)).status, 404);
    assert.equal((await api(NESTOR, 'GET', `/api/v1/amas/${id}`)).status, 404);
    assert.equal((await api(MEGAN, 'GET', `/api/v1/amas/${id}`, undefined, OTHER_TENANT)).status, 404, 'another tenant');
  });

  it('lets only owners and moderators name another host, and only members open one', async () => {
    const before = (await api(MEGAN, 'GET', `/api/v1/communities/${communityId}/amas`)).body.amas.length;
    const named = await api(ADELE, 'POST', `/api/v1/communities/${communityId}/amas`, { title: 'Mine?', endsAt: inAnHour(), hostId: LYNNE.aadObjectId });
    assert.deepEqual([named.status, named.body.error.code], [403, 'forbidden']);
    assert.match(named.body.error.message, /Only owners and moderators can name/);
    assert.equal((await api(NESTOR, 'POST', `/api/v1/communities/${communityId}/amas`, { title: 'Me', endsAt: inAnHour() })).status, 404);
    assert.equal((await api(MEGAN, 'POST', `/api/v1/communities/${communityId}/amas`, { title: 'Him', endsAt: inAnHour(), hostId: NESTOR.aadObjectId })).status, 400, 'host not a member');
    for (const bad of [{ title: '   ', endsAt: inAnHour() }, { title: 'Past', endsAt: new Date(Date.now() - 1000).toISOString() }, { title: 'x'.repeat(201), endsAt: inAnHour() }, { title: 'Backwards', startsAt: inAnHour(), endsAt: new Date(Date.now() + 60_000).toISOString() }]) {
      const refused = await api(MEGAN, 'POST', `/api/v1/communities/${communityId}/amas`, bad);
      assert.equal(refused.status, 400, JSON.stringify(bad));
      assert.ok(refused.body.error.message.length > 10);
    }
    const hostsOwn = await api(ADELE, 'POST', `/api/v1/communities/${communityId}/amas`, { title: 'Ask Adele', endsAt: inAnHour() });
    assert.deepEqual([hostsOwn.status, hostsOwn.body.host.displayName], [201, 'Adele Vance']);
    assert.equal((await api(MEGAN, 'GET', `/api/v1/communities/${communityId}/amas`)).body.amas.length, before + 1, 'only the valid one stored');
  });

  it('takes questions from the card and the tab; anonymous ones show as "Anonymous" except to the host, moderators and the asker', async function () {
    const { id, activityId } = await openAma('Ask Lynne about hiring');
    const mine = await click('ama.ask', { postId: id, question: 'Are we hiring in Lisbon?', anonymous: 'true' }, ADELE);
    assert.match(JSON.stringify(mine), /Are we hiring in Lisbon\?/);
    assert.match(JSON.stringify(mine), /Adele Vance/, 'the asker sees their own name');
    const asked = await api(MEGAN, 'POST', `/api/v1/amas/${id}/questions`, { text: 'What is the hiring plan for 2027?' });
    assert.deepEqual([asked.status, asked.body.author.displayName], [201, 'Megan Bowen']);
    const shared = await lastCopy(activityId);
    assert.deepEqual(listed(shared).sort(), ['Are we hiring in Lisbon? · Anonymous · ▲ 0', 'What is the hiring plan for 2027? · Megan Bowen · ▲ 0']);
    requireSchemas(this);
    assertValidCard(shared);
    const authorAs = async (as: typeof MEGAN) => (await api(as, 'GET', `/api/v1/amas/${id}`)).body.questions.find((q: any) => q.anonymous).author;
    assert.deepEqual(await authorAs(MEGAN), { displayName: 'Adele Vance', userId: ADELE.aadObjectId }, 'the owner (a moderator) sees who asked');
    assert.equal((await authorAs(LYNNE)).displayName, 'Adele Vance', 'the host sees who asked');
    const stored = await commons.repositories.amas.question(DEMO_TENANT_ID, id, (await api(MEGAN, 'GET', `/api/v1/amas/${id}`)).body.questions.find((q: any) => q.anonymous).id);
    assert.equal(stored?.authorId, ADELE.aadObjectId.toLowerCase(), 'stored with its author');
    // Another member sees "Anonymous", without an id.
    await api(MEGAN, 'POST', `/api/v1/communities/${communityId}/members`, { userId: demoPerson('Isaiah Langer').aadObjectId });
    assert.deepEqual(await authorAs(demoPerson('Isaiah Langer')), { displayName: 'Anonymous' });
  });

  it('refuses empty and over-long questions, non-members and forged payloads, with a clear message and nothing stored', async () => {
    const { id } = await openAma('Ask Lynne about budgets');
    assert.match(JSON.stringify(await click('ama.ask', { postId: id, question: '   ' }, ADELE)), /Write your question first/);
    assert.match(JSON.stringify(await click('ama.ask', { postId: id, question: 'x'.repeat(501) }, ADELE)), /at most 500 characters/);
    assert.equal((await api(ADELE, 'POST', `/api/v1/amas/${id}/questions`, { text: '' })).status, 400);
    assert.equal((await api(ADELE, 'POST', `/api/v1/amas/${id}/questions`, { text: 'ok', extra: 1 })).status, 400, 'unknown fields');
    assert.equal((await api(NESTOR, 'POST', `/api/v1/amas/${id}/questions`, { text: 'Can I ask?' })).status, 404);
    assert.doesNotMatch(JSON.stringify(await click('ama.ask', { postId: id, question: 'Can I ask?' }, NESTOR)), /Can I ask/);
    assert.equal((await api(ADELE, 'POST', `/api/v1/amas/${id}/questions`, { text: 'ok' }, OTHER_TENANT)).status, 404);
    // Forged: a question id that does not exist, one that is not an id, a post that is not an event.
    assert.match(JSON.stringify(await click('ama.upvote', { postId: id, questionId: 'q000000000zzzz' }, ADELE)), /not part of this event/);
    assert.doesNotMatch(JSON.stringify(await click('ama.upvote', { postId: id, questionId: '../x' }, ADELE)), /Upvote/);
    assert.equal((await api(ADELE, 'PUT', `/api/v1/amas/${id}/questions/q000000000zzzz/upvote`)).status, 400);
    const discussion = (await api(MEGAN, 'POST', `/api/v1/communities/${communityId}/posts`, { kind: 'discussion', text: 'Not an event' })).body.id;
    assert.equal((await api(ADELE, 'POST', `/api/v1/amas/${discussion}/questions`, { text: 'Hmm' })).status, 400);
    const { asked } = (await api(MEGAN, 'GET', `/api/v1/amas/${id}`)).body.ama;
    assert.equal(asked, 0, 'nothing stored');
  });

  it('lets anyone read an open community\'s event, but only members ask and upvote', async () => {
    const open = (await api(MEGAN, 'POST', '/api/v1/communities', { name: 'Open AMA club', privacy: 'open' })).body.id;
    const ama = await api(MEGAN, 'POST', `/api/v1/communities/${open}/amas`, { title: 'Ask Megan openly', endsAt: inAnHour() });
    const question = (await api(MEGAN, 'POST', `/api/v1/amas/${ama.body.id}/questions`, { text: 'Open to all?' })).body.id;
    assert.equal((await api(NESTOR, 'GET', `/api/v1/amas/${ama.body.id}`)).body.questions[0].text, 'Open to all?', 'readable');
    const asked = await api(NESTOR, 'POST', `/api/v1/amas/${ama.body.id}/questions`, { text: 'And me?' });
    assert.deepEqual([asked.status, asked.body.error.message], [403, 'Only members of Open AMA club can ask and upvote questions. Join it in the Commons tab first.']);
    assert.equal((await api(NESTOR, 'PUT', `/api/v1/amas/${ama.body.id}/questions/${question}/upvote`)).status, 403);
    assert.match(JSON.stringify(await click('ama.upvote', { postId: ama.body.id, questionId: question }, NESTOR)), /Only members of Open AMA club/);
    assert.deepEqual([(await api(MEGAN, 'GET', `/api/v1/amas/${ama.body.id}`)).body.ama.asked, (await commons.repositories.amas.tally(DEMO_TENANT_ID, ama.body.id)).votes[question]], [1, 0], 'nothing stored');
  });

  it('counts upvotes exactly: 200 people at once, each twice; a repeated upvote changes nothing; the tab takes one back', async function () {
    const { id, activityId } = await openAma('Ask Lynne anything at scale');
    const question = (await api(ADELE, 'POST', `/api/v1/amas/${id}/questions`, { text: 'Will we go hybrid?' })).body.id;
    const people = Array.from({ length: 200 }, (_, i) => ({ id: `29:ama-${i}`, name: `Voter ${i}`, aadObjectId: `00000000-0000-4000-8000-${String(7000 + i).padStart(12, '0')}` }));
    // Members, so they may vote (added straight into the store: 200 API calls would only be slower).
    await Promise.all(people.map((p) => commons.repositories.communities.addMembership(DEMO_TENANT_ID, { communityId, userId: p.aadObjectId, displayName: p.name, status: 'member', role: 'member', since: new Date().toISOString() })));
    const clicks = await Promise.all([...people, ...people].map((p) => postActivity(commons.url, actionExecute('ama.upvote', { postId: id, questionId: question }, channel(p)))));
    assert.deepEqual([...new Set(clicks.map((r) => r.status))], [200]);
    assert.equal((await commons.repositories.amas.tally(DEMO_TENANT_ID, id)).votes[question], 200);
    const again = await api(ADELE, 'PUT', `/api/v1/amas/${id}/questions/${question}/upvote`);
    assert.deepEqual([again.body.changed, again.body.votes], [true, 201]);
    const twice = await api(ADELE, 'PUT', `/api/v1/amas/${id}/questions/${question}/upvote`);
    assert.deepEqual([twice.body.changed, twice.body.votes], [false, 201], 'idempotent');
    const back = await api(ADELE, 'DELETE', `/api/v1/amas/${id}/questions/${question}/upvote`);
    assert.deepEqual([back.body.changed, back.body.votes], [true, 200]);
    assert.equal((await api(ADELE, 'GET', `/api/v1/amas/${id}`)).body.questions[0].upvoted, false);
    assert.deepEqual(listed(await lastCopy(activityId)), ['Will we go hybrid? · Adele Vance · ▲ 200']);
  });

  it('ranks by upvotes, and the host answers from the card and the tab: every copy and the tab show the answers', async function () {
    const { id, activityId } = await openAma('Ask Lynne about the offsite');
    const first = (await api(ADELE, 'POST', `/api/v1/amas/${id}/questions`, { text: 'Where is it?' })).body.id;
    const second = (await api(MEGAN, 'POST', `/api/v1/amas/${id}/questions`, { text: 'When is it?' })).body.id;
    await click('ama.upvote', { postId: id, questionId: second }, ADELE);
    assert.deepEqual(listed(await lastCopy(activityId)).map((q) => q.split(' · ')[0]), ['When is it?', 'Where is it?'], 'most upvoted first');
    // Not the host: refused on the card and in the tab.
    assert.match(JSON.stringify(await click('ama.host', { postId: id }, ADELE)), /Only Lynne Robbins, the host/);
    assert.match(JSON.stringify(await click('ama.answer', { postId: id, questionId: first, [`answer_${first}`]: 'Forged' }, ADELE)), /Only Lynne Robbins, the host/);
    assert.equal((await api(MEGAN, 'PUT', `/api/v1/amas/${id}/questions/${first}/answer`, { text: 'Forged' })).status, 403);
    // The host's own view has an answer form under each question.
    const hostView = await click('ama.host', { postId: id }, LYNNE);
    assert.match(JSON.stringify(hostView), new RegExp(`"id":"answer_${second}"`));
    requireSchemas(this);
    assertValidCard(hostView);
    const answered = await click('ama.answer', { postId: id, questionId: second, [`answer_${second}`]: 'In May, for two days.' }, LYNNE);
    assert.match(JSON.stringify(answered), /In May, for two days\./);
    assert.match(JSON.stringify(await click('ama.answer', { postId: id, questionId: first, [`answer_${first}`]: '  ' }, LYNNE)), /Write your answer first/);
    const fromTab = await api(LYNNE, 'PUT', `/api/v1/amas/${id}/questions/${first}/answer`, { text: 'Lisbon.' });
    assert.deepEqual([fromTab.status, fromTab.body.answer.text, fromTab.body.answer.byName], [200, 'Lisbon.', 'Lynne Robbins']);
    const shared = await lastCopy(activityId);
    assert.equal(answersOn(shared).length, 2, JSON.stringify(shared));
    assertValidCard(shared);
    const tab = (await api(ADELE, 'GET', `/api/v1/amas/${id}`)).body;
    assert.deepEqual([tab.ama.asked, tab.ama.answered, tab.questions.map((q: any) => q.answer?.text)], [2, 2, ['In May, for two days.', 'Lisbon.']]);
  });

  it('closes on time with no traffic: every copy shows it closed, one summary card goes out, questions and upvotes are refused', async function () {
    const soon = new Date(Date.now() + 8_000).toISOString();
    const { id, activityId } = await openAma('Ask Lynne, briefly', { endsAt: soon });
    const question = (await api(ADELE, 'POST', `/api/v1/amas/${id}/questions`, { text: 'Is this quick?' })).body.id;
    await api(LYNNE, 'PUT', `/api/v1/amas/${id}/questions/${question}/answer`, { text: 'Very.' });
    const summary = await connector.waitFor((call) => call.method === 'POST' && JSON.stringify(call.body).includes('Ask me anything is over: Ask Lynne, briefly'), 30_000);
    const card = summary.body.attachments[0].content;
    assert.match(JSON.stringify(card), /Questions asked: 1 · answered by Lynne Robbins: 1/);
    assert.match(JSON.stringify(card), /Very\./);
    requireSchemas(this);
    assertValidCard(card);
    await eventually(async () => (await commons.repositories.heldNotices.get(DEMO_TENANT_ID, id, 'amaClose')) === undefined, 30_000, 'the close is done', 500);
    const closedCopy = await lastCopy(activityId);
    assert.match(JSON.stringify(closedCopy), /Closed/);
    assertValidCard(closedCopy);
    assert.ok(!closedCopy.body.some((e: any) => e.type === 'Input.Text'), 'no more asking');
    const late = await api(ADELE, 'POST', `/api/v1/amas/${id}/questions`, { text: 'Too late?' });
    assert.deepEqual([late.status, late.body.error.message], [409, '"Ask Lynne, briefly" is over: it no longer takes questions, upvotes or answers.']);
    assert.equal((await api(MEGAN, 'PUT', `/api/v1/amas/${id}/questions/${question}/upvote`)).status, 409);
    assert.match(JSON.stringify(await click('ama.upvote', { postId: id, questionId: question }, MEGAN)), /is over/);
    assert.equal((await commons.repositories.amas.tally(DEMO_TENANT_ID, id)).votes[question], 0, 'nothing counted');
    const summaries = connector.calls.filter((call) => call.method === 'POST' && JSON.stringify(call.body).includes('Ask me anything is over: Ask Lynne, briefly'));
    assert.equal(summaries.length, 1, 'one summary');
    assert.equal((await api(ADELE, 'GET', `/api/v1/amas/${id}`)).body.ama.phase, 'closed');
  });
});
