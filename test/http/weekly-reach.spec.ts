import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { WEEKLY_REACH_SUBJECT } from '../../src/delivery/weekly-reach';
import { DEMO_TEAM } from '../../src/store/demo-tenant';
import { botInstalled, postActivity } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { MockConnector } from '../support/connector';
import { installPersonalChat } from '../support/delivery';
import { devApi } from '../support/dev-api';

/**
 * The weekly digest reaches the whole directory (delivery/weekly-reach.ts): the tenant's
 * weekly run schedules it for everyone with a personal chat — whether or not they ever
 * followed anything or saved settings — skips those who turned it off, and counts the
 * people it cannot reach, with the reason, instead of leaving them out silently.
 */
describe('weekly digest reach: everyone of the directory, the unreachable counted', function () {
  this.timeout(90_000);
  let commons: TestCommons;
  let connector: MockConnector;

  before(async () => {
    connector = await new MockConnector().start();
    commons = await startTestCommons();
  });
  after(async () => {
    await commons?.dispose();
    await connector?.stop();
  });

  it('schedules the weekly digest for every reachable person, skips "off", and records the unreachable with their reason', async () => {
    const tenantId = randomUUID();
    const person = async (name: string) => {
      const userId = randomUUID();
      await commons.repositories.people.upsert({ tenantId, userId, displayName: name, roles: [] });
      return userId;
    };
    const [quiet, optedOut, unreachable, removed] = await Promise.all(['Never followed anything', 'Turned it off', 'No chat', 'Removed Commons'].map(person));
    await installPersonalChat(commons.repositories, connector.url, quiet, tenantId);
    await installPersonalChat(commons.repositories, connector.url, optedOut, tenantId);
    assert.equal((await devApi(commons.url, tenantId, optedOut)('PUT', '/api/v1/me/digest', { weekly: false })).status, 200);
    const chat = await installPersonalChat(commons.repositories, connector.url, removed, tenantId);
    assert.equal(await commons.repositories.conversations.markInactive(tenantId, chat, new Date().toISOString()), true);
    const weekly = (userId: string) => commons.repositories.heldNotices.get(tenantId, userId, 'weeklyDigest');
    assert.equal(await weekly(quiet), undefined, 'nothing scheduled them yet');

    const { retryAt } = await commons.bot.sendHeldNotice(tenantId, WEEKLY_REACH_SUBJECT, 'weeklyReach');
    assert.ok(retryAt && retryAt > Date.now() + 6 * 86_400_000, 'again in a week');
    assert.ok(await weekly(quiet), 'the quiet person gets the weekly digest');
    assert.equal(await weekly(optedOut), undefined);
    assert.equal(await weekly(unreachable), undefined);
    assert.equal(await weekly(removed), undefined);
    const report = await commons.repositories.follows.weeklyReach(tenantId);
    assert.deepEqual({ ...report, at: undefined }, { at: undefined, people: 4, off: 1, scheduled: 1, newlyScheduled: 1, installed: 0, unreachable: { not_installed: 1, uninstalled: 1 } });

    // Admins see it beside the reach of an announcement to everyone.
    await commons.repositories.people.upsert({ tenantId, userId: quiet, displayName: 'Never followed anything', roles: ['admin'] });
    const shown = await devApi(commons.url, tenantId, quiet)('GET', '/api/v1/directory/reach');
    assert.equal(shown.status, 200, JSON.stringify(shown.body));
    assert.deepEqual(shown.body.weeklyDigest.unreachable, { not_installed: 1, uninstalled: 1 });

    // A second run finds everyone as it was: nothing scheduled twice.
    await commons.bot.sendHeldNotice(tenantId, WEEKLY_REACH_SUBJECT, 'weeklyReach');
    assert.deepEqual([(await commons.repositories.follows.weeklyReach(tenantId))?.scheduled, (await commons.repositories.follows.weeklyReach(tenantId))?.newlyScheduled], [1, 0]);
  });

  it('reaches a person who never installed Commons through a team where it is installed, as an announcement to everyone does', async () => {
    const tenantId = randomUUID();
    assert.equal((await postActivity(commons.url, botInstalled({ serviceUrl: connector.url, place: 'channel', tenantId }))).status, 200);
    const userId = randomUUID();
    await commons.repositories.people.upsert({ tenantId, userId, displayName: 'Only in the team', roles: [] });
    connector.configure({ members: { [DEMO_TEAM.teamId]: [userId] } });
    await commons.bot.sendHeldNotice(tenantId, WEEKLY_REACH_SUBJECT, 'weeklyReach');
    const report = (await commons.repositories.follows.weeklyReach(tenantId))!;
    // The installer of the team (the activity's sender, recorded as a person) is in no roster here: counted, not dropped.
    assert.deepEqual([report.installed, report.scheduled, report.unreachable], [1, 1, { not_installed: report.people - 1 }], JSON.stringify(report));
    assert.ok(await commons.repositories.heldNotices.get(tenantId, userId, 'weeklyDigest'));
  });

  it('holds the tenant\'s weekly run once Commons is installed anywhere in it', async () => {
    connector.reset();
    const activity = botInstalled({ serviceUrl: connector.url, place: 'channel' });
    assert.equal((await postActivity(commons.url, activity)).status, 200);
    const tenantId = (activity as any).channelData?.tenant?.id ?? (activity as any).conversation?.tenantId;
    assert.ok(await commons.repositories.heldNotices.get(tenantId, WEEKLY_REACH_SUBJECT, 'weeklyReach'));
  });
});
