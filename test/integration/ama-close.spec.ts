import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { amaSummaryCard } from '../../src/cards/ama';
import { AmaPost } from '../../src/domain/ama';
import { amaBoard } from '../../src/domain/ama-actions';
import { closeAma } from '../../src/delivery/ama-close';
import { HeldNoticeSweeper } from '../../src/delivery/held-notices';
import type { InstalledConversation } from '../../src/domain/conversations';
import { createLogger } from '../../src/log';
import { createRepositories, Repositories } from '../../src/store';
import type { Store } from '../../src/store/cosmos';
import { eventually } from '../support/delivery';
import { openTestStore } from '../support/store';

/**
 * The scheduled close of an AMA, as several instances run it over one store: each
 * sweeps the held notices, and the event closes once and its summary goes to each
 * channel once, even when an instance dies halfway or restarts.
 */
describe('AMA close across instances', function () {
  this.timeout(30_000);
  let store: Store;
  let repositories: Repositories;
  let clock = Date.parse('2026-12-01T10:00:00Z');
  const tenantId = randomUUID();
  const channels = ['19:a@thread.tacv2', '19:b@thread.tacv2', '19:c@thread.tacv2'];
  let sent: Array<{ instance: string; conversationId: string }> = [];
  let refreshed = 0;

  before(async () => {
    store = await openTestStore();
    repositories = createRepositories(store);
  });
  after(() => store.close());

  /** One instance: its own repositories and sweeper over the one store; `dies` after that many sends. */
  function instance(name: string, dies?: number) {
    const own = createRepositories(store);
    let sends = 0;
    return new HeldNoticeSweeper({
      notices: own.heldNotices,
      instanceId: name,
      logger: createLogger('silent'),
      now: () => clock,
      claimMs: 10_000,
      flush: (t, postId) =>
        closeAma({
          posts: own.posts,
          conversation: async (_t, conversationId) => ({ tenantId: t, conversationId, active: true }) as unknown as InstalledConversation,
          async sendCard(conversation) {
            if (dies !== undefined && sends >= dies) return new Promise<string>(() => undefined); // the process is gone mid-send
            sends += 1;
            sent.push({ instance: name, conversationId: conversation.conversationId });
            return randomUUID();
          },
          summaryCard: async (post) => amaSummaryCard(post, await amaBoard(own, post)),
          refresh: () => void (refreshed += 1),
          logger: createLogger('silent'),
          now: () => new Date(clock),
        }, t, postId),
    });
  }

  async function storedAma(endsAt: number): Promise<AmaPost> {
    const postId = randomUUID();
    const at = new Date(clock).toISOString();
    const post = {
      tenantId, postId, kind: 'ama', authorId: 'host', authorName: 'Host', body: 'Town hall', audience: {}, visibility: { kind: 'community', communityId: 'c' },
      deliveredTo: channels.map((conversationId) => ({ conversationId, activityId: randomUUID() })), reactionCounts: {}, reactionCount: 0, commentCount: 0, latestComments: [], personalViewers: [],
      state: 'published', createdAt: at, updatedAt: at, community: { communityId: 'c', name: 'C' },
      ama: { title: 'Town hall', hostId: 'host', hostName: 'Host', startsAt: at, endsAt: new Date(endsAt).toISOString() },
    } as AmaPost;
    await repositories.posts.create(post);
    await repositories.heldNotices.hold(tenantId, postId, endsAt, 'amaClose');
    return post;
  }

  beforeEach(() => {
    sent = [];
    refreshed = 0;
  });

  it('waits for the end time, then closes once and sends one summary a channel, however many instances sweep at once', async () => {
    const { postId } = await storedAma(clock + 60_000);
    const sweepers = ['a', 'b', 'c', 'd'].map((name) => instance(name));
    await Promise.all(sweepers.map((s) => s.tick()));
    assert.equal(sent.length, 0, 'not due yet');
    clock += 60_000;
    await Promise.all(sweepers.map((s) => s.tick()));
    await Promise.all(sweepers.map((s) => s.tick()));
    assert.deepEqual(sent.map((s) => s.conversationId).sort(), channels);
    assert.equal(new Set(sent.map((s) => s.instance)).size, 1, 'one instance did it');
    assert.equal(refreshed, 1, 'the copies were refreshed once, when it closed');
    const post = (await repositories.posts.get(tenantId, postId)) as AmaPost;
    assert.ok(post.ama.closedAt);
    assert.deepEqual([...(post.ama.summarySentTo ?? [])].sort(), channels);
    assert.equal(await repositories.heldNotices.get(tenantId, postId, 'amaClose'), undefined, 'forgotten once done');
  });

  it('when the instance sending dies halfway, another finishes once its claim expires, sending only what was missing', async () => {
    const { postId } = await storedAma(clock + 1_000);
    clock += 1_000;
    void instance('dying', 1).tick();
    await eventually(async () => ((await repositories.posts.get(tenantId, postId)) as AmaPost).ama.summarySentTo?.length === 1, 10_000, 'the first summary recorded');
    assert.deepEqual(sent.map((s) => s.conversationId), [channels[0]]);
    await instance('other').tick();
    assert.equal(sent.length, 1, 'the dying instance still holds the claim');
    clock += 10_001;
    const restarted = instance('restarted');
    await restarted.tick();
    await restarted.tick();
    assert.deepEqual(sent.map((s) => s.conversationId).sort(), channels, 'each channel once');
    assert.deepEqual(sent.slice(1).map((s) => s.instance), ['restarted', 'restarted']);
    assert.equal(await repositories.heldNotices.get(tenantId, postId, 'amaClose'), undefined);
  });
});
