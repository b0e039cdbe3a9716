import { strict as assert } from 'assert';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { actionExecute, ALEX, botInstalled, mentioning, person, postActivity } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { MockConnector } from '../support/connector';
import { assertValidCard, requireSchemas } from '../support/schemas';

/** Each option's "votes · percent" text on a card, in order. */
function results(card: any): string[] {
  return card.body
    .filter((e: any) => e.type === 'ColumnSet' && e.columns.length === 2 && e.columns[1].items?.[0]?.text?.includes('%'))
    .map((e: any) => `${e.columns[0].items[0].text}: ${e.columns[1].items[0].text}`);
}
const total = (card: any) => card.body.find((e: any) => e.type === 'TextBlock' && / voted$/.test(e.text))?.text;
const choiceSet = (card: any) => card.body.find((e: any) => e.type === 'Input.ChoiceSet');

describe('polls through /api/messages', function () {
  this.timeout(120_000);
  let commons: TestCommons;
  let connector: MockConnector;
  const options = (from = ALEX) => ({ serviceUrl: connector.url, place: 'channel' as const, from });
  const wide = { burst: 10_000, refillPerSecond: 100, maxTrackedUsers: 100_000 };

  async function startPoll(text: string): Promise<{ postId: string; card: any; activityId: string }> {
    connector.reset();
    assert.equal((await postActivity(commons.url, mentioning(`poll ${text}`, options()))).status, 200);
    const sent = await connector.waitFor((call) => call.method === 'POST' && JSON.stringify(call.body).includes('"Poll"'));
    const card = sent.body.attachments[0].content;
    const postId = card.actions[0].data.postId;
    const stored = (await commons.store.containers.posts.item(`${DEMO_TENANT_ID}|${postId}`, `${DEMO_TENANT_ID}|${postId}`).read()).resource;
    return { postId, card, activityId: stored.deliveredTo[0].activityId };
  }
  async function vote(postId: string, choices: string, from = ALEX): Promise<any> {
    const response = await postActivity(commons.url, actionExecute('poll.vote', { postId, choices }, options(from)));
    assert.equal(response.status, 200);
    return ((await response.json()) as any).value;
  }

  before(async () => {
    connector = await new MockConnector().start();
    commons = await startTestCommons({ SEED: 'true' }, { rateLimits: { write: wide, read: wide } });
    await postActivity(commons.url, botInstalled(options()));
  });
  after(async () => {
    await commons.dispose();
    await connector.stop();
  });

  it('starts a poll in a channel as a valid card with one radio choice per option', async function () {
    const { card, postId } = await startPoll('Where should we hold the offsite? | Lisbon | Dublin | Online');
    assert.equal(card.body[1].text, 'Where should we hold the offsite?');
    assert.deepEqual(results(card), ['Lisbon: 0 · 0%', 'Dublin: 0 · 0%', 'Online: 0 · 0%']);
    assert.deepEqual([choiceSet(card).isMultiSelect, choiceSet(card).choices.map((c: any) => c.value)], [false, ['1', '2', '3']]);
    const stored = (await commons.store.containers.posts.item(`${DEMO_TENANT_ID}|${postId}`, `${DEMO_TENANT_ID}|${postId}`).read()).resource;
    assert.deepEqual([stored.kind, stored.poll.multiple, stored.poll.anonymous], ['poll', false, false]);
    requireSchemas(this);
    assertValidCard(card);
  });

  it('votes, changes the vote, and updates the bars on the channel copy for everyone', async function () {
    const { postId, activityId } = await startPoll('Lunch? | Pizza | Sushi');
    let card = await vote(postId, '1');
    assert.deepEqual(results(card), ['Pizza: 1 · 100%', 'Sushi: 0 · 0%']);
    assert.equal(choiceSet(card).value, '1', 'the voter sees their own choice');
    card = await vote(postId, '2');
    assert.deepEqual(results(card), ['Pizza: 0 · 0%', 'Sushi: 1 · 100%']);
    assert.equal(total(card), '1 person voted', 'a changed vote is not a second vote');
    await vote(postId, '2', person(3));
    await commons.bot.refresher.drain();
    const update = [...connector.calls].reverse().find((call) => call.method === 'PUT' && call.activityId === activityId)!;
    const shared = update.body.attachments[0].content;
    assert.deepEqual(results(shared), ['Pizza: 0 · 0%', 'Sushi: 2 · 100%']);
    assert.equal(choiceSet(shared).value, undefined, 'the shared copy checks nobody\'s choice');
    requireSchemas(this);
    assertValidCard(shared);
  });

  it('takes several choices in a multiple-choice poll, one in a single-choice poll', async () => {
    const multi = await startPoll('multiple anonymous Which days work? | Mon | Tue | Wed');
    assert.equal(choiceSet(multi.card).isMultiSelect, true);
    const card = await vote(multi.postId, '1,3');
    assert.deepEqual(results(card), ['Mon: 1 · 50%', 'Tue: 0 · 0%', 'Wed: 1 · 50%']);
    assert.match(JSON.stringify(card), /Anonymous/);
    const single = await startPoll('Tea or coffee? | Tea | Coffee');
    const refused = await vote(single.postId, '1,2');
    assert.match(JSON.stringify(refused), /one choice only/);
    assert.equal(await commons.repositories.polls.myVote(DEMO_TENANT_ID, single.postId, ALEX.aadObjectId), null, 'nothing stored');
  });

  it('hides the results until you vote when started with "hidden", and shows them to everyone once closed', async function () {
    const { postId, card, activityId } = await startPoll('hidden Secret ballot? | Red | Blue');
    assert.deepEqual(results(card), []);
    assert.match(JSON.stringify(card), /Results show once you vote/);
    const mine = await vote(postId, '2', person(40));
    assert.deepEqual(results(mine), ['Red: 0 · 0%', 'Blue: 1 · 100%'], 'the voter sees them');
    await commons.bot.refresher.drain();
    const shared = [...connector.calls].reverse().find((call) => call.method === 'PUT' && call.activityId === activityId)!.body.attachments[0].content;
    assert.deepEqual(results(shared), [], 'the shared copy still hides them');
    assert.equal(total(shared), '1 person voted');
    const closed = ((await (await postActivity(commons.url, actionExecute('poll.close', { postId }, options()))).json()) as any).value;
    assert.deepEqual(results(closed), ['Red: 0 · 0%', 'Blue: 1 · 100%']);
    requireSchemas(this);
    assertValidCard(shared);
  });

  it('refuses 1 or 11 options, options out of range, and empty votes, with a clear message and nothing changed', async () => {
    for (const text of ['Only one? | Yes', `Too many? | ${Array.from({ length: 11 }, (_, i) => `o${i}`).join(' | ')}`, ' | a | b', 'Same? | A | a']) {
      connector.reset();
      await postActivity(commons.url, mentioning(`poll ${text}`, options()));
      const sent = await connector.waitFor((call) => call.method === 'POST');
      assert.doesNotMatch(JSON.stringify(sent.body), /"Input.ChoiceSet"/, text);
      assert.match(JSON.stringify(sent.body), /options|question|different/, text);
    }
    const { postId } = await startPoll('Pick | A | B');
    for (const choices of ['3', '0', '', 'x']) assert.doesNotMatch(JSON.stringify(await vote(postId, choices)), /"Input.ChoiceSet"/, `choices "${choices}"`);
    assert.equal((await commons.repositories.polls.tally(DEMO_TENANT_ID, postId)).voters, 0);
  });

  it('lets the author close the poll: final results, and votes refused', async () => {
    const { postId } = await startPoll('Ship it? | Yes | No');
    await vote(postId, '1', person(5));
    const refusedClose = await postActivity(commons.url, actionExecute('poll.close', { postId }, options(person(5))));
    assert.match(await refusedClose.text(), /Only the person who started the poll/);
    const closed = ((await (await postActivity(commons.url, actionExecute('poll.close', { postId }, options()))).json()) as any).value;
    assert.match(JSON.stringify(closed), /Closed: final results/);
    assert.equal(choiceSet(closed), undefined, 'no more choosing');
    assert.deepEqual(results(closed), ['Yes: 1 · 100%', 'No: 0 · 0%']);
    const late = await vote(postId, '2', person(6));
    assert.match(JSON.stringify(late), /no longer takes votes/);
    assert.equal((await commons.repositories.polls.tally(DEMO_TENANT_ID, postId)).voters, 1);
  });

  it('counts exactly: 500 people vote at once, then 100 of them change their vote at once', async function () {
    this.timeout(600_000); // 1,100 votes on a loaded machine: no time is asserted, only the totals
    const { postId } = await startPoll('Best season? | Spring | Summer | Autumn | Winter');
    const voters = Array.from({ length: 500 }, (_, i) => person(2000 + i));
    const first = await Promise.all(voters.map((p, i) => postActivity(commons.url, actionExecute('poll.vote', { postId, choices: String((i % 4) + 1) }, options(p)))));
    assert.deepEqual([...new Set(first.map((r) => r.status))], [200]);
    let tally = await commons.repositories.polls.tally(DEMO_TENANT_ID, postId);
    assert.deepEqual([tally.voters, tally.counts], [500, { '1': 125, '2': 125, '3': 125, '4': 125 }]);
    // 100 people who chose Spring move to Winter, each clicking twice at once.
    const movers = voters.filter((_, i) => i % 4 === 0).slice(0, 100);
    const changes = await Promise.all([...movers, ...movers].map((p) => postActivity(commons.url, actionExecute('poll.vote', { postId, choices: '4' }, options(p)))));
    assert.deepEqual([...new Set(changes.map((r) => r.status))], [200]);
    tally = await commons.repositories.polls.tally(DEMO_TENANT_ID, postId);
    assert.deepEqual([tally.voters, tally.counts], [500, { '1': 25, '2': 125, '3': 125, '4': 225 }]);
    await commons.bot.refresher.drain();
    const last = [...connector.calls].reverse().find((call) => call.method === 'PUT')!;
    assert.deepEqual(results(last.body.attachments[0].content), ['Spring: 25 · 5%', 'Summer: 125 · 25%', 'Autumn: 125 · 25%', 'Winter: 225 · 45%']);
  });
});
