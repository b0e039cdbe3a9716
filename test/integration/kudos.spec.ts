import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { DEFAULT_BADGES } from '../../src/domain/badges';
import { DomainError } from '../../src/domain/errors';
import type { Identity } from '../../src/domain/identity';
import { DEFAULT_KUDOS_SETTINGS, KudosPost } from '../../src/domain/kudos';
import { periodKey, PERIOD_KINDS } from '../../src/domain/kudos-periods';
import { joinKudos, sendKudos, Sender } from '../../src/domain/kudos-send';
import { Store } from '../../src/store/cosmos';
import { createRepositories, Repositories } from '../../src/store';
import { boardScope } from '../../src/store/kudos-boards';
import { kudosPorts } from '../../src/store/kudos-ports';
import { WALL_SCOPES } from '../../src/store/kudos-walls';
import { openTestStore } from '../support/store';

const DEPARTMENTS = ['Sales', 'Engineering', 'Marketing'];

describe('kudos in the store', function () {
  this.timeout(120_000);
  let store: Store;
  let repositories: Repositories;
  before(async () => {
    store = await openTestStore();
    repositories = createRepositories(store);
  });
  after(() => store.close());

  /** A tenant of its own: a manager with `size` reports across departments. */
  async function tenantWithPeople(size: number) {
    const tenantId = randomUUID();
    const managerId = `m-${randomUUID()}`;
    const people = Array.from({ length: size }, (_, i) => ({ userId: `p${i}-${randomUUID().slice(0, 8)}`, displayName: `Person ${String(i).padStart(2, '0')}`, department: DEPARTMENTS[i % DEPARTMENTS.length], managerId }));
    await repositories.people.save(tenantId, [{ userId: managerId, profile: { displayName: 'Manager' }, source: 'seed' }, ...people.map(({ userId, ...profile }) => ({ userId, profile, source: 'seed' as const }))], new Date().toISOString());
    const as = (userId: string, roles: Identity['roles'] = []): Sender => ({ tenantId, userId, roles, displayName: people.find((p) => p.userId === userId)?.displayName ?? 'Manager' });
    return { tenantId, managerId, people, as };
  }

  type SentKudos = { sender: string; recipients: string[]; badge: string; at: Date };
  /** Every period, badge and department board against a brute-force count of `sent`; how many were compared. */
  async function assertBoardsMatch(tenantId: string, people: Array<{ userId: string; department: string }>, sent: SentKudos[], periodsFrom: SentKudos[] = sent): Promise<number> {
    const department = new Map(people.map((p) => [p.userId, p.department]));
    const bruteForce = (kind: (typeof PERIOD_KINDS)[number], key: string, badge?: string, dept?: string) => {
      const senders = new Map<string, Set<string>>();
      const counts = new Map<string, number>();
      for (const k of sent) {
        if (periodKey(kind, k.at) !== key || (badge && k.badge !== badge)) continue;
        for (const r of k.recipients) {
          if (dept && department.get(r) !== dept) continue;
          senders.set(r, (senders.get(r) ?? new Set()).add(k.sender));
          counts.set(r, (counts.get(r) ?? 0) + 1);
        }
      }
      return Object.fromEntries([...senders].map(([r, s]) => [r, { senders: s.size, kudos: counts.get(r) }]));
    };
    let compared = 0;
    for (const kind of PERIOD_KINDS) {
      const keys = [...new Set(periodsFrom.map((k) => periodKey(kind, k.at)))];
      for (const key of keys) {
        for (const badge of [undefined, 'mentor', 'team-player']) {
          for (const dept of [undefined, 'Sales']) {
            const board = await repositories.kudos.boards.read(tenantId, key, boardScope(badge), { department: dept, limit: 100 });
            const got = Object.fromEntries(board.map((e) => [e.userId, { senders: e.senders, kudos: e.kudos }]));
            assert.deepEqual(got, bruteForce(kind, key, badge, dept), `${kind} ${key} ${badge ?? 'all'} ${dept ?? 'all'}`);
            for (let i = 1; i < board.length; i++) assert.ok(board[i - 1].senders >= board[i].senders, 'ranked by distinct senders');
            compared++;
          }
        }
      }
    }
    return compared;
  }

  /** A seeded random history over ten weeks: senders repeat themselves on purpose. */
  function randomHistory(people: Array<{ userId: string }>, count: number, seed: number): SentKudos[] {
    const random = (n: number) => ((seed = (seed * 48271) % 2147483647) % n);
    const sent: SentKudos[] = [];
    for (let i = 0; i < count; i++) {
      const sender = people[random(5)].userId;
      const recipients = [...new Set([people[random(12)].userId, ...(random(4) === 0 ? [people[random(12)].userId] : [])])].filter((r) => r !== sender);
      if (!recipients.length) continue;
      const at = new Date(Date.UTC(2026, 8, 21) + random(70 * 24) * 3_600_000);
      const badge = DEFAULT_BADGES[random(DEFAULT_BADGES.length)].id;
      sent.push({ sender, recipients, badge, at });
    }
    return sent;
  }

  const delivered = { visibility: { kind: 'tenant' as const }, deliver: async () => [{ conversationId: 'c', activityId: randomUUID() }] };
  const ports = () => kudosPorts(repositories);

  it('keeps who reports to whom, so a manager is known by one point read', async () => {
    const { tenantId, managerId, people } = await tenantWithPeople(3);
    assert.deepEqual((await repositories.people.reports.of(tenantId, managerId)).sort(), people.map((p) => p.userId).sort());
    await repositories.people.save(tenantId, [{ userId: people[0].userId, profile: { managerId: people[1].userId }, source: 'graph' }], new Date().toISOString());
    assert.deepEqual(await repositories.people.reports.of(tenantId, people[1].userId), [people[0].userId]);
    assert.equal((await repositories.people.reports.of(tenantId, managerId)).length, 2);
  });

  it('refuses kudos from someone who is not a manager, and stores nothing', async () => {
    const { tenantId, people, as } = await tenantWithPeople(2);
    let deliveries = 0;
    await assert.rejects(
      sendKudos(ports(), as(people[0].userId), { recipients: [people[1].userId], badge: 'mentor', message: 'Thanks' }, { ...delivered, deliver: async () => (deliveries++, []) }, new Date()),
      (error: unknown) => error instanceof DomainError && error.messageKey === 'error.kudos.notAllowed',
    );
    assert.equal(deliveries, 0);
    assert.equal((await repositories.kudos.stats(tenantId, people[1].userId)).receivedTotal, 0);
  });

  it('sends exactly one of 10 parallel kudos when one is left of the weekly allowance', async () => {
    const { tenantId, managerId, people, as } = await tenantWithPeople(10);
    const now = new Date('2026-12-02T10:00:00Z');
    const manager = as(managerId);
    for (let i = 0; i < DEFAULT_KUDOS_SETTINGS.weeklyAllowance! - 1; i++) {
      await sendKudos(ports(), manager, { recipients: [people[i].userId], badge: 'mentor', message: `Thanks ${i}` }, delivered, now);
    }
    let deliveries = 0;
    const results = await Promise.allSettled(
      people.map((p) => sendKudos(ports(), manager, { recipients: [p.userId], badge: 'innovator', message: 'Last one' }, { ...delivered, deliver: async () => (deliveries++, [{ conversationId: 'c', activityId: randomUUID() }]) }, now)),
    );
    const sent = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(sent.length, 1, `exactly one sent, got ${sent.length}: ${refused.map((r) => String(r.reason)).slice(0, 2)}`);
    assert.equal(deliveries, 1);
    assert.ok(refused.every((r) => r.reason instanceof DomainError && r.reason.messageKey === 'error.kudos.allowanceUsed'));
    assert.equal(await repositories.kudos.allowanceUsed(tenantId, managerId, '2026-W49'), 5);
    // A new week brings a new allowance.
    await sendKudos(ports(), manager, { recipients: [people[0].userId], badge: 'mentor', message: 'New week' }, delivered, new Date('2026-12-07T08:00:00Z'));
  });

  it('gives the allowance back when Teams refuses the card', async () => {
    const { tenantId, managerId, people, as } = await tenantWithPeople(1);
    await assert.rejects(sendKudos(ports(), as(managerId), { recipients: [people[0].userId], badge: 'mentor', message: 'x' }, { ...delivered, deliver: async () => { throw new Error('403'); } }, new Date()));
    assert.equal(await repositories.kudos.allowanceUsed(tenantId, managerId, periodKey('week', new Date())), 0);
    assert.equal((await repositories.kudos.stats(tenantId, people[0].userId)).receivedTotal, 0);
  });

  it('ranks leaderboards by distinct senders, per period, badge and department, exactly as a brute-force count', async () => {
    const { tenantId, people, as } = await tenantWithPeople(12);
    await repositories.kudos.setSettings(tenantId, { ...DEFAULT_KUDOS_SETTINGS, sendPolicy: 'everyone', weeklyAllowance: null }, 'test', new Date().toISOString());
    const sent = randomHistory(people, 90, 7);
    for (let i = 0; i < sent.length; i += 10) {
      await Promise.all(sent.slice(i, i + 10).map((k) => sendKudos(ports(), as(k.sender), { recipients: k.recipients, badge: k.badge, message: 'Thanks' }, delivered, k.at)));
    }
    const compared = await assertBoardsMatch(tenantId, people, sent);
    assert.ok(compared > 20);
  });

  it('takes back removed kudos exactly: boards, counts and walls match what remains, a sender with another kudos still counts, a repeat changes nothing', async () => {
    const { tenantId, people, as } = await tenantWithPeople(12);
    await repositories.kudos.setSettings(tenantId, { ...DEFAULT_KUDOS_SETTINGS, sendPolicy: 'everyone', weeklyAllowance: null }, 'test', new Date().toISOString());
    const sent = randomHistory(people, 60, 11);
    const posts: KudosPost[] = [];
    for (let i = 0; i < sent.length; i += 10) {
      posts.push(...(await Promise.all(sent.slice(i, i + 10).map(async (k) => (await sendKudos(ports(), as(k.sender), { recipients: k.recipients, badge: k.badge, message: 'Thanks' }, delivered, k.at)).post))));
    }
    // A third goes, some twice (two moderators at once, or a rerun after a crash).
    const gone = new Set(posts.filter((_, i) => i % 3 === 0).map((p) => p.postId));
    await Promise.all(posts.filter((p) => gone.has(p.postId)).map((p, i) => Promise.all([repositories.kudos.takeBack(p), ...(i % 2 ? [repositories.kudos.takeBack(p)] : [])])));
    const remaining = sent.filter((_, i) => !gone.has(posts[i].postId));
    // Distinct senders included: one who gave someone two kudos in a period and lost one still counts for them.
    assert.ok((await assertBoardsMatch(tenantId, people, remaining, sent)) > 20);
    for (const person of people) {
      const stats = await repositories.kudos.stats(tenantId, person.userId);
      assert.equal(stats.receivedTotal, remaining.filter((k) => k.recipients.includes(person.userId)).length, `received by ${person.displayName}`);
      assert.equal(stats.given, remaining.filter((k) => k.sender === person.userId).length, `given by ${person.displayName}`);
    }
    const wall = await repositories.kudos.walls.page(tenantId, [WALL_SCOPES.tenant()], 100, async () => true);
    assert.deepEqual(new Set(wall.entries.map((e) => e.postId)), new Set(posts.filter((p) => !gone.has(p.postId)).map((p) => p.postId)));
  });

  it('counts a joiner once as a sender, and shows kudos on the walls and in badge counts', async () => {
    const { tenantId, managerId, people, as } = await tenantWithPeople(4);
    const now = new Date('2026-12-02T10:00:00Z');
    const { post } = await sendKudos(ports(), as(managerId), { recipients: [people[0].userId, people[1].userId], badge: 'customer-hero', message: 'Saved the deal' }, delivered, now);
    const first = await joinKudos(ports(), as(people[2].userId), post, now);
    const again = await joinKudos(ports(), as(people[2].userId), first.post, now);
    assert.equal(first.joined, true);
    assert.equal(again.joined, false);
    assert.equal(again.post.kudos.joiners.length, 1);
    await assert.rejects(joinKudos(ports(), as(people[0].userId), post, now), DomainError);
    const board = await repositories.kudos.boards.read(tenantId, '2026-W49', boardScope(), { limit: 10 });
    assert.deepEqual(board.map((e) => [e.senders, e.kudos]), [[2, 2], [2, 2]]);
    assert.deepEqual((await repositories.kudos.stats(tenantId, people[0].userId)).received, { 'customer-hero': 1 });
    assert.equal((await repositories.kudos.stats(tenantId, managerId)).given, 1);
    const all = async () => true;
    const page = (scopes: string[]) => repositories.kudos.walls.page(tenantId, scopes, 10, all);
    assert.deepEqual((await page([WALL_SCOPES.tenant()])).entries.map((e) => e.postId), [post.postId]);
    assert.deepEqual((await page([WALL_SCOPES.received(people[1].userId)])).entries.map((e) => e.postId), [post.postId]);
    assert.deepEqual((await page([WALL_SCOPES.given(managerId)])).entries.map((e) => e.postId), [post.postId]);
    assert.deepEqual((await page([WALL_SCOPES.team(managerId), WALL_SCOPES.team(people[0].userId)])).entries.map((e) => e.postId), [post.postId]);
    assert.equal((await page([WALL_SCOPES.department('Engineering')])).entries.length, 1);
    assert.equal((await page([WALL_SCOPES.given(people[3].userId)])).entries.length, 0);
  });

  it('pages a wall newest first across days, skipping what the reader may not see', async () => {
    const { tenantId, managerId, people, as } = await tenantWithPeople(2);
    await repositories.kudos.setSettings(tenantId, { ...DEFAULT_KUDOS_SETTINGS, weeklyAllowance: null }, 'test', new Date().toISOString());
    const posts: KudosPost[] = [];
    for (let day = 0; day < 9; day++) {
      posts.push((await sendKudos(ports(), as(managerId), { recipients: [people[day % 2].userId], badge: 'mentor', message: `Day ${day}` }, delivered, new Date(Date.UTC(2026, 10, 1 + day * 2, 9)))).post);
    }
    const hidden = new Set([posts[7].postId]);
    const accept = async (entry: { postId: string }) => !hidden.has(entry.postId);
    const first = await repositories.kudos.walls.page(tenantId, [WALL_SCOPES.tenant()], 4, accept);
    assert.deepEqual(first.entries.map((e) => e.postId), [8, 6, 5, 4].map((i) => posts[i].postId));
    const second = await repositories.kudos.walls.page(tenantId, [WALL_SCOPES.tenant()], 4, accept, first.next);
    assert.deepEqual(second.entries.map((e) => e.postId), [3, 2, 1, 0].map((i) => posts[i].postId));
    const third = await repositories.kudos.walls.page(tenantId, [WALL_SCOPES.tenant()], 4, accept, second.next);
    assert.deepEqual(third.entries, []);
    assert.equal(third.next, undefined);
  });
});
