import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import type { Container } from '@azure/cosmos';
import { HeldNoticeSweeper } from '../../src/delivery/held-notices';
import type { Identity } from '../../src/domain/identity';
import { DEFAULT_KUDOS_SETTINGS } from '../../src/domain/kudos';
import { periodKey, PERIOD_KINDS } from '../../src/domain/kudos-periods';
import { completeKudosRecord, KUDOS_RECORD_GRACE_MS, sendKudos, Sender } from '../../src/domain/kudos-send';
import { createLogger } from '../../src/log';
import { createRepositories, Repositories } from '../../src/store';
import type { Store } from '../../src/store/cosmos';
import { KudosRepository } from '../../src/store/kudos';
import { boardScope } from '../../src/store/kudos-boards';
import { kudosPorts } from '../../src/store/kudos-ports';
import { WALL_SCOPES } from '../../src/store/kudos-walls';
import { openTestStore } from '../support/store';

/**
 * The kudos container as a process sees it that dies at its first write matching
 * `dies`: that write and every later one fail (writes already on the wire land).
 */
function dyingContainer(container: Container, dies: (id: string) => boolean): Container {
  let dead = false;
  const check = (id: string) => {
    if (dead || dies(id)) {
      dead = true;
      throw new Error('the process died here');
    }
  };
  const items = new Proxy(container.items, {
    get(target, name) {
      if (name === 'create' || name === 'upsert') return async (body: { id: string }, ...rest: unknown[]) => (check(body.id), (target as any)[name](body, ...rest));
      return Reflect.get(target, name);
    },
  });
  return new Proxy(container, {
    get(target, name) {
      if (name === 'items') return items;
      if (name === 'item') {
        return (id: string, pk: string) => {
          const item = target.item(id, pk);
          return new Proxy(item, {
            get(itemTarget, method) {
              if (method === 'replace' || method === 'patch' || method === 'delete') return async (...args: unknown[]) => (check(id), (itemTarget as any)[method](...args));
              return Reflect.get(itemTarget, method);
            },
          });
        };
      }
      return Reflect.get(target, name);
    },
  });
}

describe('kudos recording that a crash cut short', function () {
  this.timeout(60_000);
  let store: Store;
  let repositories: Repositories;
  before(async () => {
    store = await openTestStore();
    repositories = createRepositories(store);
  });
  after(() => store.close());

  const delivered = { visibility: { kind: 'tenant' as const }, deliver: async () => [{ conversationId: 'c', activityId: randomUUID() }] };

  async function tenant() {
    const tenantId = randomUUID();
    const managerId = `m-${randomUUID().slice(0, 8)}`;
    const recipientId = `r-${randomUUID().slice(0, 8)}`;
    await repositories.people.save(tenantId, [
      { userId: managerId, profile: { displayName: 'Grady Manager' }, source: 'seed' },
      { userId: recipientId, profile: { displayName: 'Lynne Recipient', department: 'Engineering', managerId }, source: 'seed' },
    ], new Date().toISOString());
    await repositories.kudos.setSettings(tenantId, { ...DEFAULT_KUDOS_SETTINGS, weeklyAllowance: null }, 'test', new Date().toISOString());
    const manager: Sender = { tenantId, userId: managerId, roles: [] as Identity['roles'], displayName: 'Grady Manager' };
    return { tenantId, managerId, recipientId, manager };
  }

  /** Sends a kudos through a process that dies at the first write `dies` matches. */
  async function sendAndDie(sender: Sender, recipientId: string, dies: (id: string) => boolean, now: Date) {
    const dying = new KudosRepository(dyingContainer(store.containers.kudos, dies), store.containers.tenants);
    const ports = { ...kudosPorts(repositories), kudos: dying };
    await assert.rejects(sendKudos(ports, sender, { recipients: [recipientId], badge: 'mentor', message: 'Thanks for the pairing' }, delivered, now), /the process died here/);
  }

  /** Every leaderboard the kudos should be on, as [period, scope] → { senders, kudos } for the recipient. */
  async function boardsOf(tenantId: string, recipientId: string, at: Date) {
    const result: Record<string, { senders: number; kudos: number } | undefined> = {};
    for (const kind of PERIOD_KINDS) {
      for (const scope of [boardScope(), boardScope('mentor')]) {
        const entries = await repositories.kudos.boards.read(tenantId, periodKey(kind, at), scope, { limit: 50 });
        const entry = entries.find((e) => e.userId === recipientId);
        result[`${kind} ${scope}`] = entry && { senders: entry.senders, kudos: entry.kudos };
      }
    }
    return result;
  }

  const everywhere = (value: { senders: number; kudos: number }) => Object.fromEntries(PERIOD_KINDS.flatMap((kind) => [boardScope(), boardScope('mentor')].map((scope) => [`${kind} ${scope}`, value])));

  it('completes a leaderboard count whose shard write never happened (pair claimed, then the process died), counting once', async () => {
    const { tenantId, recipientId, manager } = await tenant();
    const now = new Date();
    // Dies at the first leaderboard shard write: the distinct-sender pair is already claimed.
    await sendAndDie(manager, recipientId, (id) => id.includes('|board|'), now);
    const post = (await repositories.kudos.walls.page(tenantId, [WALL_SCOPES.received(recipientId)], 5, async () => true)).entries[0];
    assert.ok(post, 'the kudos was stored and is on the wall');
    assert.notDeepEqual(await boardsOf(tenantId, recipientId, now), everywhere({ senders: 1, kudos: 1 }), 'the crash left a leaderboard short');
    assert.equal((await repositories.kudos.stats(tenantId, recipientId)).receivedTotal, 0, 'nor was it counted for the person');

    // Any instance finds the note once its grace is over, and completes the recording (two at once here).
    const due = await repositories.heldNotices.due(now.getTime() + KUDOS_RECORD_GRACE_MS);
    assert.ok(due.some((n) => n.kind === 'kudosRecord' && n.subjectId === post.postId), 'the note outlived the process');
    const sweepers = ['second', 'third'].map((instanceId) =>
      new HeldNoticeSweeper({
        notices: createRepositories(store).heldNotices,
        instanceId,
        logger: createLogger('silent'),
        now: () => now.getTime() + KUDOS_RECORD_GRACE_MS,
        flush: async (t, subjectId, kind) => (kind === 'kudosRecord' ? completeKudosRecord(kudosPorts(repositories), t, subjectId, now).then(() => ({})) : {}),
      }),
    );
    await Promise.all(sweepers.map((s) => s.tick()));
    // And once more by hand, concurrently: completing twice counts nothing twice.
    await Promise.all([completeKudosRecord(kudosPorts(repositories), tenantId, post.postId, now), completeKudosRecord(kudosPorts(repositories), tenantId, post.postId, now)]);

    assert.deepEqual(await boardsOf(tenantId, recipientId, now), everywhere({ senders: 1, kudos: 1 }));
    const stats = await repositories.kudos.stats(tenantId, recipientId);
    assert.deepEqual([stats.receivedTotal, stats.received.mentor], [1, 1]);
    assert.equal((await repositories.kudos.stats(tenantId, manager.userId)).given, 1);
    assert.equal((await repositories.kudosNotices.pending(tenantId, recipientId))?.entries.length, 1, 'the recipient is told once');
    assert.equal(await repositories.heldNotices.get(tenantId, post.postId, 'kudosRecord'), undefined, 'the note is gone');
  });

  it('completes a kudos that died after its leaderboards, before the counts and the wall index; and a finished kudos leaves no note', async () => {
    const { tenantId, recipientId, manager } = await tenant();
    const now = new Date();
    await sendAndDie(manager, recipientId, (id) => id.includes('|stats|'), now);
    const [post] = (await repositories.kudos.walls.page(tenantId, [WALL_SCOPES.tenant()], 5, async () => true)).entries;
    assert.deepEqual(await boardsOf(tenantId, recipientId, now), everywhere({ senders: 1, kudos: 1 }), 'the leaderboards were done');
    await completeKudosRecord(kudosPorts(repositories), tenantId, post.postId, now);
    await completeKudosRecord(kudosPorts(repositories), tenantId, post.postId, now);
    assert.deepEqual(await boardsOf(tenantId, recipientId, now), everywhere({ senders: 1, kudos: 1 }), 'not counted again');
    assert.equal((await repositories.kudos.stats(tenantId, recipientId)).receivedTotal, 1);

    // A second kudos from the same sender, recorded without a crash: one sender, two kudos; no note left behind.
    const { post: second } = await sendKudos(kudosPorts(repositories), manager, { recipients: [recipientId], badge: 'mentor', message: 'And for the review' }, delivered, now);
    assert.equal(await repositories.heldNotices.get(tenantId, second.postId, 'kudosRecord'), undefined);
    assert.deepEqual(await boardsOf(tenantId, recipientId, now), everywhere({ senders: 1, kudos: 2 }));
  });
});
