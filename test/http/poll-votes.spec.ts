import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { actionExecute, ALEX, botInstalled, mentioning, postActivity } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { MockConnector } from '../support/connector';
import { eventually } from '../support/delivery';
import { devApi } from '../support/dev-api';

/** Each option's "votes · percent" text on a card, in order. */
function bars(card: any): string[] {
  return card.body
    .filter((e: any) => e.type === 'ColumnSet' && e.columns.length === 2 && e.columns[1].items?.[0]?.text?.includes('%'))
    .map((e: any) => `${e.columns[0].items[0].text}: ${e.columns[1].items[0].text}`);
}

/**
 * Voting from the tab (PUT /api/v1/posts/{id}/poll/vote): the card's own vote, so the
 * same rules refuse the same things, a person counts once whichever door they use,
 * and the poll card delivered in Teams shows the new bars.
 */
describe('poll votes from the tab: the card\'s vote, the card\'s rules, the card updated', function () {
  this.timeout(300_000);
  let commons: TestCommons;
  let connector: MockConnector;
  const channel = () => ({ serviceUrl: connector.url, place: 'channel' as const, from: ALEX });
  const as = (userId: string) => devApi(commons.url, DEMO_TENANT_ID, userId);
  const vote = (userId: string, postId: string, body: unknown) => as(userId)('PUT', `/api/v1/posts/${postId}/poll/vote`, body);
  const tally = (postId: string) => commons.repositories.polls.tally(DEMO_TENANT_ID, postId);
  /** The latest update of the channel copy whose bars read `expected`. */
  const cardShows = (activityId: string, expected: string[]) =>
    eventually(() => [...connector.calls].reverse().find((call) => call.method === 'PUT' && call.activityId === activityId && JSON.stringify(bars(call.body.attachments[0].content)) === JSON.stringify(expected)), 15_000, `the Teams card showing ${expected.join(', ')}`);

  async function startPoll(text: string): Promise<{ postId: string; activityId: string }> {
    const marker = randomUUID().slice(0, 8);
    assert.equal((await postActivity(commons.url, mentioning(`poll ${text} ${marker} | ${OPTIONS.join(' | ')}`, channel()))).status, 200);
    await connector.waitFor((call) => call.method === 'POST' && JSON.stringify(call.body).includes(marker));
    const post = (await commons.repositories.posts.feed(DEMO_TENANT_ID, 5, (_entry, load) => load())).find((p) => p.body.includes(marker))!;
    return { postId: post.postId, activityId: post.deliveredTo[0].activityId };
  }
  const OPTIONS = ['Spring', 'Summer', 'Autumn', 'Winter'];

  before(async () => {
    connector = await new MockConnector().start();
    const wide = { burst: 10_000, refillPerSecond: 100, maxTrackedUsers: 100_000 };
    commons = await startTestCommons({ SEED: 'true' }, { rateLimits: { write: wide, read: wide } });
    await postActivity(commons.url, botInstalled(channel()));
  });
  after(async () => {
    await commons?.dispose();
    await connector?.stop();
  });

  it('votes, answers the results with "your choice", and the Teams card shows the new bars', async () => {
    const { postId, activityId } = await startPoll('Best season?');
    const reader = randomUUID();
    const { status, body } = await vote(reader, postId, { choices: ['2'] });
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual(body.myChoices, ['2']);
    assert.equal(body.voters, 1);
    assert.deepEqual(body.options.map((o: any) => o.votes), [0, 1, 0, 0]);
    await cardShows(activityId, ['Spring: 0 · 0%', 'Summer: 1 · 100%', 'Autumn: 0 · 0%', 'Winter: 0 · 0%']);
  });

  it('counts a changed vote once, also across doors (card first, then the tab)', async () => {
    const { postId, activityId } = await startPoll('Change of heart?');
    const card = await postActivity(commons.url, actionExecute('poll.vote', { postId, choices: '1' }, channel()));
    assert.equal(card.status, 200);
    const changed = await vote(ALEX.aadObjectId, postId, { choices: ['4'] });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.deepEqual([changed.body.voters, changed.body.myChoices], [1, ['4']]);
    const again = await vote(ALEX.aadObjectId, postId, { choices: ['4'] });
    assert.deepEqual(again.body.options.map((o: any) => o.votes), [0, 0, 0, 1], 'the same vote again changes nothing');
    assert.deepEqual(await tally(postId), { voters: 1, counts: { '1': 0, '2': 0, '3': 0, '4': 1 } });
    await cardShows(activityId, ['Spring: 0 · 0%', 'Summer: 0 · 0%', 'Autumn: 0 · 0%', 'Winter: 1 · 100%']);
  });

  it('counts exactly: 200 people vote at once through the tab, then 50 change their vote twice at once', async () => {
    const { postId, activityId } = await startPoll('Which quarter?');
    const people = Array.from({ length: 200 }, () => randomUUID());
    const first = await Promise.all(people.map((userId, i) => vote(userId, postId, { choices: [String((i % 4) + 1)] })));
    assert.deepEqual([...new Set(first.map((a) => a.status))], [200], JSON.stringify(first.find((a) => a.status !== 200)?.body));
    assert.deepEqual(await tally(postId), { voters: 200, counts: { '1': 50, '2': 50, '3': 50, '4': 50 } });
    const movers = people.filter((_, i) => i % 4 === 0);
    const changes = await Promise.all([...movers, ...movers].map((userId) => vote(userId, postId, { choices: ['3'] })));
    assert.deepEqual([...new Set(changes.map((a) => a.status))], [200]);
    assert.deepEqual(await tally(postId), { voters: 200, counts: { '1': 0, '2': 50, '3': 100, '4': 50 } });
    await cardShows(activityId, ['Spring: 0 · 0%', 'Summer: 50 · 25%', 'Autumn: 100 · 50%', 'Winter: 50 · 25%']);
  });

  it('refuses options out of range, two in a single-choice poll, none, and bodies it does not know, with a clear message and nothing stored', async () => {
    const { postId } = await startPoll('Tea or coffee?');
    const reader = randomUUID();
    const cases: Array<[unknown, number, RegExp]> = [
      [{ choices: ['9'] }, 400, /not part of this poll/],
      [{ choices: ['0'] }, 400, /not part of this poll/],
      [{ choices: ['1', '2'] }, 400, /one choice only/],
      [{ choices: [] }, 400, /Choose an option/],
      [{ choices: Array.from({ length: 11 }, (_, i) => String(i + 1)) }, 400, /./],
      [{ choices: '1' }, 400, /./],
      [{ choices: ['1'], extra: true }, 400, /./],
      [{}, 400, /./],
    ];
    for (const [body, status, message] of cases) {
      const answer = await vote(reader, postId, body);
      assert.equal(answer.status, status, `${JSON.stringify(body)}: ${JSON.stringify(answer.body)}`);
      assert.match(answer.body.error.message, message, JSON.stringify(body));
    }
    assert.equal(await commons.repositories.polls.myVote(DEMO_TENANT_ID, postId, reader), null, 'nothing stored');
    assert.equal((await vote(reader, 'not a post', { choices: ['1'] })).status, 400);
    assert.equal((await vote(reader, randomUUID(), { choices: ['1'] })).status, 404);
  });

  it('refuses a vote on a closed poll and says why', async () => {
    const { postId } = await startPoll('Closing soon?');
    assert.equal((await vote(randomUUID(), postId, { choices: ['1'] })).status, 200);
    assert.equal((await postActivity(commons.url, actionExecute('poll.close', { postId }, channel()))).status, 200);
    const refused = await vote(randomUUID(), postId, { choices: ['2'] });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'conflict');
    assert.match(refused.body.error.message, /closed/);
    assert.equal((await tally(postId)).voters, 1);
    const results = await as(randomUUID())('GET', `/api/v1/posts/${postId}/poll`);
    assert.deepEqual([results.body.closed, results.body.resultsShown], [true, true]);
  });

  it('answers 404 for a poll in a secret community to someone outside it, and stores nothing', async () => {
    const owner = randomUUID();
    await commons.repositories.people.upsert({ tenantId: DEMO_TENANT_ID, userId: owner, displayName: 'Owner', roles: [] });
    const community = await as(owner)('POST', '/api/v1/communities', { name: `Secret polls ${randomUUID().slice(0, 6)}`, privacy: 'secret' });
    assert.equal(community.status, 201, JSON.stringify(community.body));
    const posted = await as(owner)('POST', `/api/v1/communities/${community.body.id}/posts`, { kind: 'poll', text: 'Inside only?', options: ['Yes', 'No'] });
    assert.equal(posted.status, 201, JSON.stringify(posted.body));
    const stranger = randomUUID();
    const refused = await vote(stranger, posted.body.id, { choices: ['1'] });
    assert.equal(refused.status, 404);
    assert.equal(await commons.repositories.polls.myVote(DEMO_TENANT_ID, posted.body.id, stranger), null);
    assert.equal((await vote(owner, posted.body.id, { choices: ['1'] })).status, 200, 'a member votes');
  });

  // Last: publishing guidelines asks every later writer of this tenant to accept them.
  it('asks for the community guidelines before a vote, as other writes do, then takes it', async () => {
    const { postId } = await startPoll('Guided?');
    const published = await as(ALEX.aadObjectId)('PUT', '/api/v1/settings/guidelines', { markdown: 'Be kind.', publish: true });
    assert.equal(published.status, 200, JSON.stringify(published.body));
    const reader = randomUUID();
    const refused = await vote(reader, postId, { choices: ['1'] });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'guidelines_required');
    assert.equal(await commons.repositories.polls.myVote(DEMO_TENANT_ID, postId, reader), null);
    const version = published.body.current.version;
    assert.equal((await as(reader)('POST', '/api/v1/guidelines/accept', { version })).status, 200);
    assert.equal((await vote(reader, postId, { choices: ['1'] })).status, 200);
  });
});
