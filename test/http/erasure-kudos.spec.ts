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
import { demoPerson, kudosChat } from '../support/kudos-chat';

const ALEX = demoPerson('Alex Wilber'); // admin
const NESTOR = demoPerson('Nestor Wilke');
const DIEGO = demoPerson('Diego Siciliani');
const GRADY = demoPerson('Grady Archie');
const ISAIAH = demoPerson('Isaiah Langer');
const LEE = demoPerson('Lee Gu');

/**
 * Erasing a person in delete mode deletes the kudos they sent and withdraws their joins:
 * what those counted comes off the recipients' leaderboards (distinct senders and raw
 * counts, in every period and badge scope), received counts and walls, so the
 * leaderboard reads exactly as if they had never been there.
 */
describe('privacy: erasure in delete mode keeps kudos leaderboards exact', function () {
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
});
