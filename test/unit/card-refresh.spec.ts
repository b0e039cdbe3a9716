import { strict as assert } from 'assert';
import pino from 'pino';
import sinon from 'sinon';
import { adaptiveCard } from '../../src/cards/types';
import { CardRefresher } from '../../src/delivery/card-refresh';
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

  it('coalesces a burst of changes into one update per copy at a time, a second apart, and forgets a copy once done', async () => {
    const post = postIn('chat-1', 1);
    const updates: number[] = [];
    const refresher = new CardRefresher({
      getPost: async () => post,
      getConversation: async (tenantId, conversationId) => ({ tenantId, conversationId }) as InstalledConversation,
      updateCard: async () => {
        updates.push(Date.now());
        await new Promise((resolve) => setTimeout(resolve, 30));
      },
      render: async () => adaptiveCard({ body: [] }),
      logger: pino({ level: 'silent' }),
    });
    for (let i = 0; i < 100; i++) {
      refresher.refresh(post);
      await clock.tickAsync(15);
    }
    await drained(refresher);
    assert.ok(updates.length >= 2 && updates.length <= 3, `100 changes in 1.5 s became ${updates.length} updates`);
    for (let i = 1; i < updates.length; i++) assert.ok(updates[i] - updates[i - 1] >= 1_000, 'a second apart');
    await clock.tickAsync(1_200);
    assert.equal((refresher as unknown as { copies: Map<string, unknown> }).copies.size, 0, 'nothing kept once the updates are a second old');
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
