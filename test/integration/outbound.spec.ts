import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import pino from 'pino';
import type { Announcement } from '../../src/domain/announcements';
import { CONVERSATION_WINDOWS } from '../../src/delivery/limits';
import { Abandoned, Outbound } from '../../src/delivery/outbound';
import type { DeliverySender } from '../../src/delivery/sender';
import { DeliveryError } from '../../src/delivery/sender';
import type { DeliveryEngine } from '../../src/delivery/engine';
import { createRepositories, Repositories } from '../../src/store';
import type { Store } from '../../src/store/cosmos';
import type { OutboundBudgetRepository } from '../../src/store/outbound-budgets';
import { MockConnector } from '../support/connector';
import { createEngine, eventually, installPersonalChats, realSender, scheduleAnnouncement } from '../support/delivery';
import { openTestStore } from '../support/store';

const logger = pino({ level: 'silent' });

/** Most items of `times` within any `windowMs`. */
const busiest = (times: number[], windowMs: number) => Math.max(0, ...times.map((at) => times.filter((t) => t >= at && t < at + windowMs).length));

describe('outbound budget (one per conversation and per tenant, for every instance)', function () {
  this.timeout(60_000);
  let store: Store;
  let repositories: Repositories;
  const outbounds: Outbound[] = [];

  /**
   * An Outbound as one instance of Commons has it; its budget writes are noted (the
   * times slots were taken), passing through to the real repository.
   */
  const instance = (name: string, maxRps = 1_000, taken?: Array<{ conversationId: string; at: number; kind: 'message' | 'update'; copy?: string }>) => {
    const budgets: Pick<OutboundBudgetRepository, 'read' | 'write'> = {
      read: (tenantId, conversationId) => repositories.outboundBudgets.read(tenantId, conversationId),
      async write(tenantId, conversationId, windows, etag) {
        const saved = await repositories.outboundBudgets.write(tenantId, conversationId, windows, etag);
        const state = windows as { sent: number[]; updates: Array<[number, string]> };
        const at = state.sent[state.sent.length - 1];
        // The call just recorded is the last entry: two updates of different copies can share a millisecond.
        const last = state.updates[state.updates.length - 1];
        const update = last?.[0] === at ? last : undefined;
        if (saved && taken && at !== undefined) taken.push({ conversationId, at, kind: update ? 'update' : 'message', copy: update?.[1] });
        return saved;
      },
    };
    const outbound = new Outbound({ budgets, senders: repositories.senders, maxRps, instanceId: `${name}-${randomUUID().slice(0, 4)}`, logger, beatMs: 200 });
    outbounds.push(outbound);
    return outbound;
  };

  before(async () => {
    store = await openTestStore();
    repositories = createRepositories(store);
  });
  after(async () => {
    outbounds.forEach((outbound) => outbound.crash());
    await store.close();
  });

  it('keeps one conversation within Teams’ windows when two instances send and update into it at once', async () => {
    const tenantId = randomUUID();
    const taken: Array<{ conversationId: string; at: number; kind: 'message' | 'update'; copy?: string }> = [];
    const [a, b] = [instance('a', 1_000, taken), instance('b', 1_000, taken)];
    const calls: string[] = [];
    const work: Array<Promise<unknown>> = [];
    for (let i = 0; i < 12; i++) {
      const via = i % 2 ? a : b;
      work.push(via.send({ tenantId, conversationId: 'chat-1' }, async () => calls.push(`m${i}`)));
      // 15 copies in another chat change at once, each updated twice.
      for (const round of [0, 1]) {
        work.push(via.send({ tenantId, conversationId: '19:channel@thread', kind: 'update', activityId: `copy-${i}` }, async () => calls.push(`u${i}.${round}`)));
      }
    }
    await Promise.all(work);
    assert.equal(calls.length, 36, 'every call made once');
    const messages = taken.filter((t) => t.conversationId === 'chat-1').map((t) => t.at);
    for (const { windowMs, limit } of CONVERSATION_WINDOWS.slice(0, 2)) assert.ok(busiest(messages, windowMs) <= limit, `${busiest(messages, windowMs)} messages within ${windowMs} ms`);
    const updates = taken.filter((t) => t.conversationId === '19:channel@thread');
    assert.equal(updates.length, 24);
    assert.ok(busiest(updates.map((u) => u.at), 1_000) <= 5, `${busiest(updates.map((u) => u.at), 1_000)} updates into one conversation within a second`);
    for (let i = 0; i < 12; i++) {
      const times = updates.filter((u) => u.copy === `copy-${i}`).map((u) => u.at);
      assert.ok(busiest(times, 1_000) <= 1, `copy-${i} updated twice within a second`);
    }
  });

  it('a 429 with Retry-After holds the conversation for every instance; a caller may give up waiting and nothing is sent', async () => {
    const tenantId = randomUUID();
    const [a, b] = [instance('a'), instance('b')];
    const throttled = Object.assign(new Error('busy'), { statusCode: 429, response: { headers: { 'retry-after': '30' } } });
    await assert.rejects(
      a.send({ tenantId, conversationId: 'chat-2' }, async () => {
        throw throttled;
      }),
      (error: unknown) => error instanceof DeliveryError && error.kind === 'throttled' && error.retryAfterMs === 30_000,
    );
    let sent = false;
    let gaveUp = false;
    const waiting = b.send({ tenantId, conversationId: 'chat-2' }, async () => (sent = true), { abandoned: () => gaveUp });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(sent, false, 'the other instance waits out the Retry-After');
    gaveUp = true;
    await assert.rejects(waiting, Abandoned);
    assert.equal(sent, false);
    await b.send({ tenantId, conversationId: 'chat-3' }, async () => (sent = true));
    assert.equal(sent, true, 'other conversations are not held');
  });

  describe('two delivery engines on one store', () => {
    let connector: MockConnector;
    const engines: DeliveryEngine[] = [];
    before(async () => {
      connector = await new MockConnector({ seed: 11 }).start();
    });
    after(async () => {
      for (const engine of engines) engine.crash();
      await connector.stop();
    });

    it('send two announcements for one tenant at once, together within the tenant’s rate', async () => {
      const tenantId = randomUUID();
      const limit = 30;
      const chats = await installPersonalChats(repositories, connector.url, 90, tenantId);
      const departures: number[] = [];
      const real = realSender();
      const counted: DeliverySender = {
        send: (target, card, signal, leaving) => {
          departures.push(Date.now());
          return real.send(target, card, signal, leaving);
        },
        update: (...args) => real.update(...args),
        delete: (...args) => real.delete(...args),
      };
      // Each engine with its own repositories (as another process would have), so a change seen by one does not wake the other.
      const [repositoriesA, repositoriesB] = [createRepositories(store), createRepositories(store)];
      const finished = (announcement: Announcement) =>
        eventually(async () => (await repositories.announcements.get(tenantId, announcement.announcementId))?.status === 'completed', 40_000, 'the send to finish');

      const first = await scheduleAnnouncement(repositoriesA, { everyone: true }, new Date(), tenantId);
      const a = createEngine(repositoriesA, { instanceId: 'engine-a', sender: counted, maxRps: limit, timings: { tickMs: 60_000, leaseMs: 10_000, renewMs: 300 } });
      engines.push(a.start());
      await eventually(() => a.activeRuns().length === 1 && departures.length > 0, 10_000, 'engine a to be sending');
      const second = await scheduleAnnouncement(repositoriesB, { everyone: true }, new Date(), tenantId);
      const b = createEngine(repositoriesB, { instanceId: 'engine-b', sender: counted, maxRps: limit, timings: { leaseMs: 10_000, renewMs: 300 } });
      engines.push(b.start());
      await eventually(() => b.activeRuns().length === 1, 10_000, 'engine b to take the second send');
      await Promise.all([finished(first), finished(second)]);

      assert.equal(connector.stats().delivered, chats.length * 2, 'each chat got both');
      for (const count of connector.deliveries.values()) assert.equal(count, 2);
      // Departures are what the budget decides (arrivals add the network's jitter): within
      // the tenant's rate in every second, with a token or two of burst per instance.
      const most = busiest(departures, 1_000);
      assert.ok(most <= limit + 4, `${most} calls left within one second for a limit of ${limit}/s`);
    });
  });
});
