import { strict as assert } from 'assert';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { DEFAULT_KUDOS_SETTINGS } from '../../src/domain/kudos';
import { botInstalled, postActivity } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { MockConnector } from '../support/connector';
import { eventually } from '../support/delivery';
import { devApi } from '../support/dev-api';
import { cardTextOf as textOf, demoPerson as id, kudosChat, personalChatOf } from '../support/kudos-chat';
import { assertValidCard, requireSchemas } from '../support/schemas';

const ALEX = id('Alex Wilber');
const GRADY = id('Grady Archie'); // manages Lynne and Diego
const LEE = id('Lee Gu'); // manages Isaiah
const LYNNE = id('Lynne Robbins');
const DIEGO = id('Diego Siciliani');
const ISAIAH = id('Isaiah Langer');
const MEGAN = id('Megan Bowen');
const PATTI = id('Patti Fernandez');

/**
 * Kudos notices through the real adapter and a loopback Bot Connector: recipients
 * (and their managers, when the tenant says so) hear in their personal chat, one
 * message for a burst of kudos, and people Commons cannot reach are counted.
 */
describe('kudos notices in personal chat', function () {
  this.timeout(90_000);
  let commons: TestCommons;
  let connector: MockConnector;
  const api = () => devApi(commons.url, DEMO_TENANT_ID, ALEX.userId);
  const { installPersonal, sendKudos, messagesTo, flushNotice } = kudosChat(() => commons, () => connector);

  async function setNotifyManagers(notifyManagers: boolean) {
    await commons.repositories.kudos.setSettings(DEMO_TENANT_ID, { ...DEFAULT_KUDOS_SETTINGS, weeklyAllowance: null, sendPolicy: 'everyone', notifyManagers }, 'test', new Date().toISOString());
  }

  before(async () => {
    connector = await new MockConnector().start();
    // An hour's gathering: nothing goes before the test says the window has passed.
    commons = await startTestCommons({ SEED: 'true' }, { kudosNoticeTimings: { gatherMs: 3_600_000, intervalMs: 3_600_000 } });
    await setNotifyManagers(true);
    await postActivity(commons.url, botInstalled({ serviceUrl: connector.url, place: 'channel' }));
    for (const person of [LYNNE, GRADY, DIEGO, ISAIAH, LEE]) await installPersonal(person);
    connector.reset(); // the welcomes
  });
  after(async () => {
    await commons?.dispose();
    await connector?.stop();
  });

  it('tells a person recognised five times at once in one message naming every kudos, and their manager in one too', async function () {
    const senders = [ALEX, MEGAN, ISAIAH, DIEGO, ALEX];
    const reasons = ['the release notes', 'the load test', 'the on-call handover', 'the flaky test hunt', 'the design review'];
    // Five people at once, through the real adapter.
    await Promise.all(senders.map((from, i) => sendKudos(from, [LYNNE], `Team player for ${reasons[i]}`)));
    await eventually(async () => (await commons.repositories.kudosNotices.pending(DEMO_TENANT_ID, LYNNE.userId))?.entries.length === 5, 20_000, 'five kudos queued');
    assert.equal(messagesTo(LYNNE).length, 0, 'nothing before the gathering window ends');

    await flushNotice(LYNNE);
    await flushNotice(GRADY);
    const [toLynne, ...moreToLynne] = messagesTo(LYNNE);
    assert.equal(moreToLynne.length, 0, 'one message, not five');
    for (const reason of reasons) assert.ok(textOf(toLynne).includes(reason), reason);
    assert.match(textOf(toLynne), /You received 5 kudos/);
    for (const sender of ['Alex Wilber', 'Megan Bowen', 'Isaiah Langer', 'Diego Siciliani']) assert.ok(textOf(toLynne).includes(sender), sender);
    const toGrady = messagesTo(GRADY);
    assert.equal(toGrady.length, 1, 'one message to the manager');
    assert.match(textOf(toGrady[0]), /Your team received 5 kudos/);
    assert.match(textOf(toGrady[0]), /🤝 Lynne Robbins received Team player from/);
    requireSchemas(this);
    assertValidCard(toLynne.body.attachments[0].content);
    assertValidCard(toGrady[0].body.attachments[0].content);
  });

  it('leaves managers out when the tenant turns manager notices off, and never tells the sender', async () => {
    connector.reset();
    await setNotifyManagers(false);
    await sendKudos(ALEX, [ISAIAH], 'Customer hero for the Fabrikam renewal');
    await flushNotice(ISAIAH);
    assert.equal(messagesTo(ISAIAH).length, 1);
    assert.equal(messagesTo(LEE).length, 0, 'no copy to the manager');
    assert.equal(await commons.repositories.kudosNotices.pending(DEMO_TENANT_ID, LEE.userId), undefined, 'nothing queued for the manager');

    await setNotifyManagers(true);
    // Grady sends to his own report: he already knows, so no manager copy.
    await sendKudos(GRADY, [DIEGO], 'Mentor for pairing with the new joiners');
    await flushNotice(DIEGO);
    assert.equal(messagesTo(DIEGO).length, 1);
    assert.equal((await commons.repositories.kudosNotices.pending(DEMO_TENANT_ID, GRADY.userId))?.entries.length ?? 0, 0, 'the sending manager is not told');
    await sendKudos(ALEX, [ISAIAH], 'Innovator for the pricing tool');
    await flushNotice(LEE);
    assert.match(textOf(messagesTo(LEE)[0]), /💡 Isaiah Langer received Innovator from Alex Wilber/);
  });

  it('counts a message the personal chat refuses (Commons removed from it) as failed, never as sent', async () => {
    // Someone not told anything yet this hour: their notice goes as soon as it is due.
    await installPersonal(PATTI);
    connector.reset();
    const before = (await api()('GET', '/api/v1/kudos/notices')).body;
    connector.configure({ forbiddenConversations: [personalChatOf(PATTI)] });
    try {
      await sendKudos(ALEX, [PATTI], 'Mentor for the flaky build hunt');
      await flushNotice(PATTI);
    } finally {
      connector.configure({ forbiddenConversations: [] });
    }
    assert.equal(messagesTo(PATTI).length, 1, 'tried once: a refusal for good is not retried');
    const after = (await api()('GET', '/api/v1/kudos/notices')).body;
    assert.equal(after.failed, before.failed + 1);
    assert.ok(after.sent - before.sent <= 1, 'only a manager copy (if any) counts as sent');
  });

  it('sends nothing to people Commons cannot reach, and counts them where admins see it', async () => {
    connector.reset();
    const before = (await api()('GET', '/api/v1/kudos/notices')).body;
    await sendKudos(ALEX, [MEGAN], 'Above and beyond for the launch'); // Megan has no personal chat with Commons
    await flushNotice(MEGAN);
    assert.equal(messagesTo(MEGAN).length, 0);
    const { status, body } = await api()('GET', '/api/v1/kudos/notices');
    assert.equal(status, 200);
    assert.equal(body.unreachable, before.unreachable + 1);
    assert.equal(body.recentUnreachable[0].displayName, 'Megan Bowen');
    assert.ok(body.sent >= 4, 'the messages of the tests before are counted');
    const forbidden = await devApi(commons.url, DEMO_TENANT_ID, LYNNE.userId)('GET', '/api/v1/kudos/notices');
    assert.equal(forbidden.status, 403, 'admins only');
  });
});
