import { strict as assert } from 'assert';
import pino from 'pino';
import { adaptiveCard } from '../../src/cards/types';
import { CARD_UPDATES_PER_CONVERSATION_PER_SECOND, CardRefresher } from '../../src/delivery/card-refresh';
import type { InstalledConversation } from '../../src/domain/conversations';
import { composePost, Post } from '../../src/domain/posts';

const author = { tenantId: 't', userId: 'u', roles: [], displayName: 'A' };

function postIn(conversationId: string, n: number): Post {
  const post = composePost({ body: `post ${n}`, audience: {} }, author, `p${n}`, new Date());
  return { ...post, deliveredTo: [{ conversationId, activityId: `a${n}` }] };
}

describe('card refresher', function () {
  this.timeout(20_000);

  it('keeps every conversation under its per-second update cap, however many posts change', async () => {
    const posts = Array.from({ length: 15 }, (_, n) => postIn('chat-1', n));
    const sent: Array<{ at: number; activityId: string }> = [];
    let calls = 0;
    const refresher = new CardRefresher({
      getPost: async (_t, postId) => posts.find((p) => p.postId === postId),
      getConversation: async (tenantId, conversationId) => ({ tenantId, conversationId }) as InstalledConversation,
      updateCard: async (_c, activityId) => {
        // Teams counts arrivals: each request lands a few milliseconds after it leaves.
        await new Promise((resolve) => setTimeout(resolve, (calls++ % 4) * 15));
        sent.push({ at: Date.now(), activityId });
      },
      render: async () => adaptiveCard({ body: [] }),
      logger: pino({ level: 'silent' }),
    });
    for (const post of posts) refresher.refresh(post);
    await refresher.drain();
    assert.equal(sent.length, 15, 'every post is updated once');
    for (const update of sent) {
      const window = sent.filter((other) => other.at >= update.at && other.at < update.at + 1000);
      assert.ok(window.length <= CARD_UPDATES_PER_CONVERSATION_PER_SECOND, `${window.length} updates within one second`);
    }
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
    await refresher.drain();
    assert.equal(calls, 3);
  });
});
