import { strict as assert } from 'assert';
import pino from 'pino';
import sinon from 'sinon';
import { adaptiveCard } from '../../src/cards/types';
import { CARD_UPDATES_PER_CONVERSATION_PER_SECOND, CardRefresher } from '../../src/delivery/card-refresh';
import type { InstalledConversation } from '../../src/domain/conversations';
import { composePost, Post } from '../../src/domain/posts';

const author = { tenantId: 't', userId: 'u', roles: [], displayName: 'A' };

function postIn(conversationId: string, n: number): Post {
  const post = composePost({ body: `post ${n}`, audience: {}, visibility: { kind: 'tenant' as const } }, author, `p${n}`, new Date());
  return { ...post, deliveredTo: [{ conversationId, activityId: `a${n}` }] };
}

describe('card refresher', function () {
  // Virtual time: the per-second cap is asserted exactly, whatever the machine's load.
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: Date.parse('2026-03-20T12:00:00Z'), toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  });
  afterEach(() => clock.restore());

  async function drained(refresher: CardRefresher): Promise<void> {
    let done = false;
    const drain = refresher.drain().then(() => (done = true));
    for (let ms = 0; !done && ms < 60_000; ms += 5) await clock.tickAsync(5);
    if (!done) throw new Error('updates still pending after a minute of virtual time');
    await drain;
  }

  const mostInOneSecond = (times: number[]) => Math.max(...times.map((at) => times.filter((other) => other >= at && other < at + 1000).length));

  it('keeps every conversation under its per-second update cap, however many posts change', async () => {
    const posts = Array.from({ length: 15 }, (_, n) => postIn('chat-1', n));
    const departures: number[] = [];
    const arrivals: number[] = [];
    const refresher = new CardRefresher({
      getPost: async (_t, postId) => posts.find((p) => p.postId === postId),
      getConversation: async (tenantId, conversationId) => ({ tenantId, conversationId }) as InstalledConversation,
      updateCard: async () => {
        departures.push(Date.now());
        // Teams counts arrivals, and the network may land one second's updates late and the next's on time.
        await new Promise((resolve) => setTimeout(resolve, [50, 0, 50][Math.floor((departures.length - 1) / 5)]));
        arrivals.push(Date.now());
      },
      render: async () => adaptiveCard({ body: [] }),
      logger: pino({ level: 'silent' }),
    });
    for (const post of posts) refresher.refresh(post);
    await drained(refresher);
    assert.equal(departures.length, 15, 'every post is updated once');
    assert.ok(mostInOneSecond(departures) <= CARD_UPDATES_PER_CONVERSATION_PER_SECOND, `${mostInOneSecond(departures)} updates left within one second`);
    assert.ok(mostInOneSecond(arrivals) <= CARD_UPDATES_PER_CONVERSATION_PER_SECOND, `${mostInOneSecond(arrivals)} updates arrived within one second`);
    assert.ok(Math.max(...departures) - Math.min(...departures) < 3_500, 'and no slower than the cap requires');
    await clock.tickAsync(1_200);
    const state = refresher as unknown as { copies: Map<string, unknown>; sentAt: Map<string, unknown> };
    assert.deepEqual([state.copies.size, state.sentAt.size], [0, 0], 'nothing kept once the updates are a second old');
  });

  it('retries a failed update, and gives up after a few attempts', async () => {
    let calls = 0;
    const post = postIn('chat-2', 99);
    const refresher = new CardRefresher({
      getPost: async () => post,
      getConversation: async (tenantId, conversationId) => ({ tenantId, conversationId }) as InstalledConversation,
      updateCard: async () => {
        calls += 1;
        throw new Error('429');
      },
      render: async () => adaptiveCard({ body: [] }),
      logger: pino({ level: 'silent' }),
    });
    refresher.refresh(post);
    await drained(refresher);
    assert.equal(calls, 3);
  });
});
