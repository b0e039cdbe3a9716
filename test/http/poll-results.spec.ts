import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { startTestCommons, TestCommons } from '../support/app';
import { devApi } from '../support/dev-api';

/**
 * A poll's results in the tab (GET /api/v1/posts/{id}/poll): a named poll says who chose
 * what, an anonymous one never does, hidden results wait for the reader's own vote,
 * and a poll in a secret community is not found by a stranger.
 */
describe('poll results in the tab: named, anonymous and hidden until you vote', function () {
  this.timeout(120_000);
  let commons: TestCommons;

  before(async () => {
    commons = await startTestCommons();
  });
  after(async () => commons?.dispose());

  async function pollIn(privacy: 'open' | 'secret', poll: Record<string, unknown>) {
    const tenantId = randomUUID();
    const owner = randomUUID();
    const people = Array.from({ length: 4 }, () => randomUUID());
    for (const [n, userId] of [owner, ...people].entries()) await commons.repositories.people.upsert({ tenantId, userId, displayName: `Person ${n}`, roles: [] });
    const api = (userId: string) => devApi(commons.url, tenantId, userId);
    const community = await api(owner)('POST', '/api/v1/communities', { name: `Polls ${randomUUID().slice(0, 6)}`, privacy });
    assert.equal(community.status, 201, JSON.stringify(community.body));
    const posted = await api(owner)('POST', `/api/v1/communities/${community.body.id}/posts`, { kind: 'poll', text: 'Where shall we eat?', options: ['Pizza', 'Sushi', 'Tacos'], ...poll });
    assert.equal(posted.status, 201, JSON.stringify(posted.body));
    const postId: string = posted.body.id;
    const vote = (n: number, choices: string[]) => commons.repositories.polls.vote(tenantId, postId, ['1', '2', '3'], { userId: people[n], displayName: `Person ${n + 1}`, choices }, new Date().toISOString());
    const results = async (userId: string) => {
      const { status, body } = await api(userId)('GET', `/api/v1/posts/${postId}/poll`);
      return { status, body };
    };
    return { tenantId, owner, people, postId, vote, results };
  }

  it('names who chose what in a named poll, with counts and shares, and the reader\'s own choice', async () => {
    const poll = await pollIn('open', {});
    await poll.vote(0, ['1']);
    await poll.vote(1, ['1']);
    await poll.vote(2, ['2']);
    const { status, body } = await poll.results(poll.people[0]);
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.voters, 3);
    assert.deepEqual(body.myChoices, ['1']);
    assert.deepEqual(body.options.map((o: any) => [o.label, o.votes, o.percent, o.voterNames]), [
      ['Pizza', 2, 67, ['Person 1', 'Person 2']],
      ['Sushi', 1, 33, ['Person 3']],
      ['Tacos', 0, 0, []],
    ]);
  });

  it('never names anyone in an anonymous poll, whoever asks', async () => {
    const poll = await pollIn('open', { anonymous: true });
    await poll.vote(0, ['3']);
    for (const reader of [poll.owner, poll.people[0]]) {
      const { body } = await poll.results(reader);
      assert.equal(body.anonymous, true);
      assert.deepEqual(body.options.map((o: any) => o.votes), [0, 0, 1]);
      assert.ok(body.options.every((o: any) => o.voterNames === undefined), 'no names');
      assert.doesNotMatch(JSON.stringify(body), /Person 1/);
    }
  });

  it('keeps hidden results from a reader until they vote', async () => {
    const poll = await pollIn('open', { hideResults: true });
    await poll.vote(0, ['2']);
    const before = (await poll.results(poll.people[1])).body;
    assert.equal(before.resultsShown, false);
    assert.equal(before.voters, 0);
    assert.ok(before.options.every((o: any) => o.votes === undefined && o.voterNames === undefined));
    await poll.vote(1, ['1']);
    const after = (await poll.results(poll.people[1])).body;
    assert.equal(after.resultsShown, true);
    assert.deepEqual(after.options.map((o: any) => o.votes), [1, 1, 0]);
  });

  it('answers 404 for a poll in a secret community to a stranger, and for a post that is no poll', async () => {
    const poll = await pollIn('secret', {});
    assert.equal((await poll.results(randomUUID())).status, 404);
    assert.equal((await poll.results(poll.owner)).status, 200);
    const other = await devApi(commons.url, poll.tenantId, poll.owner)('GET', `/api/v1/posts/${randomUUID()}/poll`);
    assert.equal(other.status, 404);
    const bad = await devApi(commons.url, poll.tenantId, poll.owner)('GET', '/api/v1/posts/not%20an%20id/poll');
    assert.equal(bad.status, 400);
  });
});
