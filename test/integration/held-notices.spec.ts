import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { HeldNoticeSweeper } from '../../src/delivery/held-notices';
import { COMMENT_NOTIFICATION_INTERVAL_MS } from '../../src/domain/comments';
import { createLogger } from '../../src/log';
import { createRepositories, Repositories } from '../../src/store';
import type { Store } from '../../src/store/cosmos';
import { openTestStore } from '../support/store';

describe('held notices across instances', function () {
  this.timeout(20_000);
  let store: Store;
  let repositories: Repositories;
  let clock = Date.parse('2026-12-01T10:00:00Z');
  const sent: Array<{ instance: string; postId: string; count: number; names: string[] }> = [];

  before(async () => {
    store = await openTestStore();
    repositories = createRepositories(store);
  });
  after(() => store.close());

  /** One instance's sweeper, flushing comment notices as the bot does. */
  const instance = (name: string, flushFails = false) =>
    new HeldNoticeSweeper({
      // Each instance its own repositories over the one store.
      notices: createRepositories(store).heldNotices,
      instanceId: name,
      logger: createLogger('silent'),
      now: () => clock,
      claimMs: 10_000,
      async flush(tenantId, postId) {
        if (flushFails) throw new Error('this instance died while sending');
        const notice = await repositories.engagement.noteCommentForAuthor(tenantId, postId, undefined, new Date(clock), COMMENT_NOTIFICATION_INTERVAL_MS);
        if (notice.due) sent.push({ instance: name, postId, ...notice.due });
        return { retryAt: notice.retryAt };
      },
    });

  /** A comment on the post, as the bot handles it: sent now, or held in the store. */
  async function comment(tenantId: string, postId: string, by: string): Promise<void> {
    const notice = await repositories.engagement.noteCommentForAuthor(tenantId, postId, by, new Date(clock), COMMENT_NOTIFICATION_INTERVAL_MS);
    if (notice.due) sent.push({ instance: 'first', postId, ...notice.due });
    if (notice.retryAt) await repositories.heldNotices.hold(tenantId, postId, notice.retryAt);
  }

  it('sends a notice held by an instance that died, once, from whichever instance runs when it falls due', async () => {
    const [tenantId, postId] = [randomUUID(), randomUUID()];
    await comment(tenantId, postId, 'Ann');
    clock += 1_000;
    await comment(tenantId, postId, 'Bob');
    await comment(tenantId, postId, 'Cleo');
    assert.deepEqual(sent.filter((s) => s.postId === postId).map((s) => s.names), [['Ann']], 'Bob and Cleo wait for the interval');
    // The first instance dies here, its timers with it. Two others run on.
    const [second, third] = [instance('second'), instance('third')];
    clock += COMMENT_NOTIFICATION_INTERVAL_MS - 2_000;
    await Promise.all([second.tick(), third.tick()]);
    assert.equal(sent.filter((s) => s.postId === postId).length, 1, 'not before its time');
    clock += 2_000;
    await Promise.all([second.tick(), third.tick()]);
    const notices = sent.filter((s) => s.postId === postId);
    assert.equal(notices.length, 2, 'sent once, by one of the two');
    assert.deepEqual([notices[1].count, notices[1].names], [2, ['Bob', 'Cleo']]);
    assert.equal(await repositories.heldNotices.get(tenantId, postId), undefined, 'forgotten once sent');
  });

  it('sends a notice whose sender died while sending, once its claim has expired', async () => {
    const [tenantId, postId] = [randomUUID(), randomUUID()];
    await comment(tenantId, postId, 'Ann');
    clock += 1_000;
    await comment(tenantId, postId, 'Bob');
    clock += COMMENT_NOTIFICATION_INTERVAL_MS;
    await instance('dying', true).tick();
    const survivor = instance('survivor');
    await survivor.tick();
    assert.equal(sent.filter((s) => s.postId === postId).length, 1, 'the claim keeps others off while it lasts');
    clock += 10_001;
    await survivor.tick();
    assert.deepEqual(sent.filter((s) => s.postId === postId).map((s) => [s.instance, s.names]), [['first', ['Ann']], ['survivor', ['Bob']]]);
  });
});
