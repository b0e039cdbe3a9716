import { strict as assert } from 'assert';
import { DEFAULT_KUDOS_SETTINGS } from '../../src/domain/kudos';
import { periodsOf } from '../../src/domain/kudos-periods';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { boardScope } from '../../src/store/kudos-boards';
import { WALL_SCOPES } from '../../src/store/kudos-walls';
import type { TestCommons } from '../support/app';
import { channelEngagement, startSeededChannel, stopSeededChannel } from '../support/channel-engagement';
import type { MockConnector } from '../support/connector';
import { eventually } from '../support/delivery';
import { devApi } from '../support/dev-api';
import { eraseAndWait } from '../support/erasure';
import { runPrivacyJob } from '../../src/delivery/privacy-job';
import { privacyJobPorts } from '../../src/store/privacy-job-ports';
import { demoPerson, kudosChat } from '../support/kudos-chat';

const ALEX = demoPerson('Alex Wilber'); // admin
const NESTOR = demoPerson('Nestor Wilke');
const DIEGO = demoPerson('Diego Siciliani');
const GRADY = demoPerson('Grady Archie');
const ISAIAH = demoPerson('Isaiah Langer');
const LEE = demoPerson('Lee Gu');
const PATTI = demoPerson('Patti Fernandez'); // moderator
const MEGAN = demoPerson('Megan Bowen');
const JONI = demoPerson('Joni Sherman');

/**
 * Erasing a person in delete mode deletes the kudos they sent and withdraws their joins:
 * what those counted comes off the recipients' leaderboards (distinct senders and raw
 * counts, in every period and badge scope), received counts and walls, so the
 * leaderboard reads exactly as if they had never been there. A kudos a moderator
 * removes, or retention deletes, comes off them the same way.
 */
describe('kudos leaderboards stay exact when a kudos goes: erasure in delete mode, a moderator\'s removal, retention', function () {
  this.timeout(60_000);
  let commons: TestCommons;
  let connector: MockConnector;
  const engage = channelEngagement(() => commons, () => connector);
  const chat = kudosChat(() => commons, () => connector);
  const kudos = () => commons.repositories.kudos;

  /** A person's scores in this week, month and quarter, for all badges and for one. */
  async function scores(userId: string, badgeId: string) {
    const out: Record<string, { senders: number; kudos: number }> = {};
    for (const period of periodsOf(new Date())) {
      for (const scope of [boardScope(), boardScope(badgeId)]) {
        const entry = (await kudos().boards.read(DEMO_TENANT_ID, period.key, scope, { limit: 1000 })).find((e) => e.userId === userId);
        out[`${period.key} ${scope}`] = { senders: entry?.senders ?? 0, kudos: entry?.kudos ?? 0 };
      }
    }
    return out;
  }
  const plus = (base: Record<string, { senders: number; kudos: number }>, senders: number, count: number) =>
    Object.fromEntries(Object.entries(base).map(([key, s]) => [key, { senders: s.senders + senders, kudos: s.kudos + count }]));
  async function sent(from: typeof NESTOR, to: (typeof NESTOR)[], marker: string) {
    await chat.sendKudos(from, to, `Team player for the ${marker} release`);
    const post = await eventually(async () => engage.storedPost(marker).catch(() => undefined), 10_000, marker, 100);
    await eventually(async () => (await kudos().stats(DEMO_TENANT_ID, to[0].userId)).receivedTotal > 0, 10_000, 'recorded', 100);
    return post as any;
  }

  before(async () => ({ commons, connector } = await startSeededChannel()));
  after(() => stopSeededChannel(commons, connector));

  it('takes back the kudos they sent, the joins on them and their own joins, and nothing else', async () => {
    assert.equal((await devApi(commons.url, DEMO_TENANT_ID, ALEX.userId)('PUT', '/api/v1/settings/privacy', { erasureMode: 'delete', removedPurgeDays: 30, retentionMonths: null })).status, 200);
    await kudos().setSettings(DEMO_TENANT_ID, { ...DEFAULT_KUDOS_SETTINGS, sendPolicy: 'everyone', weeklyAllowance: null }, ALEX.userId, new Date().toISOString());
    const probe = await sent(LEE, [ISAIAH], 'K0-probe');
    const badge = probe.kudos.badge.id;
    const diegoBefore = await scores(DIEGO.userId, badge);
    const gradyBefore = await scores(GRADY.userId, badge);
    const diegoReceived = (await kudos().stats(DEMO_TENANT_ID, DIEGO.userId)).receivedTotal;

    const isaiahs = await sent(ISAIAH, [DIEGO], 'K3-isaiah');
    const nestors = await sent(NESTOR, [DIEGO, GRADY], 'K1-nestor');
    assert.equal(await chat.joinKudos(ISAIAH, nestors), 200, 'Isaiah joins Nestor\'s kudos (he already counts for Diego through his own)');
    const lees = await sent(LEE, [DIEGO], 'K2-lee');
    assert.equal(await chat.joinKudos(NESTOR, lees), 200, 'Nestor joins Lee\'s');
    await eventually(async () => (await scores(GRADY.userId, badge))[`${periodsOf(new Date())[0].key} all`].senders === gradyBefore[`${periodsOf(new Date())[0].key} all`].senders + 2, 10_000, 'the joins counted', 100);
    assert.deepEqual(await scores(DIEGO.userId, badge), plus(diegoBefore, 3, 5), 'Isaiah, Nestor and Lee; five counts');

    const { report } = await eraseAndWait(commons.url, DEMO_TENANT_ID, ALEX.userId, NESTOR.userId);
    assert.deepEqual([report.mode, report.counts.posts, report.counts.kudosJoined], ['delete', 1, 1]);
    assert.equal(await commons.repositories.posts.get(DEMO_TENANT_ID, nestors.postId), undefined, 'his kudos is deleted');
    assert.deepEqual(await scores(DIEGO.userId, badge), plus(diegoBefore, 2, 2), 'Diego: Isaiah\'s and Lee\'s kudos, as if Nestor had never been there');
    assert.deepEqual(await scores(GRADY.userId, badge), gradyBefore, 'Grady: as before Nestor\'s kudos and Isaiah\'s join on it');
    assert.equal((await kudos().stats(DEMO_TENANT_ID, DIEGO.userId)).receivedTotal, diegoReceived + 2);
    const wall = await kudos().walls.page(DEMO_TENANT_ID, [WALL_SCOPES.received(GRADY.userId), WALL_SCOPES.tenant()], 100, async () => true);
    assert.ok(!wall.entries.some((e) => e.postId === nestors.postId), 'off the walls');
    assert.ok(wall.entries.some((e) => e.postId === isaiahs.postId));

    // Isaiah's withdrawn join was his only count for Grady: his next kudos to Grady counts him again.
    await sent(ISAIAH, [GRADY], 'K4-isaiah');
    await eventually(async () => (await kudos().stats(DEMO_TENANT_ID, GRADY.userId)).receivedTotal > 0, 10_000, 'recorded', 100);
    await eventually(async () => JSON.stringify(await scores(GRADY.userId, badge)) === JSON.stringify(plus(gradyBefore, 1, 1)), 10_000, 'Isaiah counted for Grady again', 100);
  });
  it('takes a kudos a moderator removes off the leaderboards, counts and walls; the sender\'s other kudos still counts them', async () => {
    await kudos().setSettings(DEMO_TENANT_ID, { ...DEFAULT_KUDOS_SETTINGS, sendPolicy: 'everyone', weeklyAllowance: null }, ALEX.userId, new Date().toISOString());
    const probe = await sent(LEE, [ISAIAH], 'M0-probe');
    const badge = probe.kudos.badge.id;
    const before = await scores(MEGAN.userId, badge);
    const given = (await kudos().stats(DEMO_TENANT_ID, JONI.userId)).given;
    const received = (await kudos().stats(DEMO_TENANT_ID, MEGAN.userId)).receivedTotal;
    const kept = await sent(JONI, [MEGAN], 'M1-kept');
    await eventually(async () => (await kudos().stats(DEMO_TENANT_ID, MEGAN.userId)).receivedTotal === received + 1, 10_000, 'the first recorded', 100);
    const removed = await sent(JONI, [MEGAN], 'M2-removed');
    await eventually(async () => (await kudos().stats(DEMO_TENANT_ID, MEGAN.userId)).receivedTotal === received + 2, 10_000, 'the second recorded', 100);
    assert.deepEqual(await scores(MEGAN.userId, badge), plus(before, 1, 2), 'one sender, two kudos');

    assert.equal((await devApi(commons.url, DEMO_TENANT_ID, GRADY.userId)('POST', `/api/v1/posts/${removed.postId}/reports`, { reason: 'spam' })).status, 201);
    const decide = () => devApi(commons.url, DEMO_TENANT_ID, PATTI.userId)('POST', '/api/v1/moderation/queue/decisions', { items: [{ itemKey: `post:${removed.postId}`, action: 'remove' }] });
    const decided = await decide();
    assert.equal(decided.status, 200, JSON.stringify(decided.body));
    assert.equal(decided.body.results[0].outcome, 'done');
    assert.equal((await decide()).status, 200, 'removing it again is no second take-back');

    assert.deepEqual(await scores(MEGAN.userId, badge), plus(before, 1, 1), 'Joni still counts once, through the kudos that stays');
    assert.equal((await kudos().stats(DEMO_TENANT_ID, MEGAN.userId)).receivedTotal, received + 1);
    assert.equal((await kudos().stats(DEMO_TENANT_ID, JONI.userId)).given, given + 1);
    const wall = await kudos().walls.page(DEMO_TENANT_ID, [WALL_SCOPES.received(MEGAN.userId), WALL_SCOPES.tenant()], 100, async () => true);
    assert.ok(!wall.entries.some((e) => e.postId === removed.postId), 'off the walls');
    assert.ok(wall.entries.some((e) => e.postId === kept.postId));
  });

  it('takes a kudos retention deletes off the leaderboards and counts (one a moderator removed is already off)', async () => {
    await kudos().setSettings(DEMO_TENANT_ID, { ...DEFAULT_KUDOS_SETTINGS, sendPolicy: 'everyone', weeklyAllowance: null }, ALEX.userId, new Date().toISOString());
    const probe = await sent(LEE, [ISAIAH], 'R0-probe');
    const badge = probe.kudos.badge.id;
    const old = await sent(DIEGO, [LEE], 'R1-old');
    const removedEarlier = await sent(GRADY, [LEE], 'R2-removed');
    await eventually(async () => (await kudos().stats(DEMO_TENANT_ID, LEE.userId)).receivedTotal >= 2, 10_000, 'both recorded', 100);
    assert.equal((await devApi(commons.url, DEMO_TENANT_ID, ISAIAH.userId)('POST', `/api/v1/posts/${removedEarlier.postId}/reports`, { reason: 'spam' })).status, 201);
    assert.equal((await devApi(commons.url, DEMO_TENANT_ID, PATTI.userId)('POST', '/api/v1/moderation/queue/decisions', { items: [{ itemKey: `post:${removedEarlier.postId}`, action: 'remove' }] })).status, 200);
    const afterRemoval = await scores(LEE.userId, badge);
    const received = (await kudos().stats(DEMO_TENANT_ID, LEE.userId)).receivedTotal;

    // Retention of one month, run two months on: every post of this tenant is past it.
    assert.equal((await devApi(commons.url, DEMO_TENANT_ID, ALEX.userId)('PUT', '/api/v1/settings/privacy', { erasureMode: 'anonymise', removedPurgeDays: 30, retentionMonths: 1 })).status, 200);
    const at = new Date(Date.now() + 62 * 86_400_000);
    for (let runs = 0; runs < 20 && (await commons.repositories.posts.get(DEMO_TENANT_ID, old.postId)); runs++) await runPrivacyJob(privacyJobPorts(commons.repositories, commons.logger), DEMO_TENANT_ID, at);
    assert.equal(await commons.repositories.posts.get(DEMO_TENANT_ID, old.postId), undefined, 'retention deleted it');
    assert.deepEqual(await scores(LEE.userId, badge), plus(afterRemoval, -1, -1), 'Diego\'s kudos off; Grady\'s was off already');
    assert.equal((await kudos().stats(DEMO_TENANT_ID, LEE.userId)).receivedTotal, received - 1);
  });
});
