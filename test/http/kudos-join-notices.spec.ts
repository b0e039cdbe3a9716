import { strict as assert } from 'assert';
import { DEFAULT_KUDOS_SETTINGS, KudosPost } from '../../src/domain/kudos';
import { periodKey } from '../../src/domain/kudos-periods';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { botInstalled, postActivity } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { MockConnector } from '../support/connector';
import { eventually } from '../support/delivery';
import { cardTextOf, demoPerson, DemoPerson, kudosChat } from '../support/kudos-chat';
import { assertValidCard, requireSchemas } from '../support/schemas';

const ALEX = demoPerson('Alex Wilber');
const MEGAN = demoPerson('Megan Bowen');
const ISAIAH = demoPerson('Isaiah Langer');
const LYNNE = demoPerson('Lynne Robbins');
const DIEGO = demoPerson('Diego Siciliani');
const GRADY = demoPerson('Grady Archie'); // manages Lynne and Diego

const HOUR = 3_600_000;
const count = (text: string, part: string) => text.split(part).length - 1;

/**
 * "Add your kudos" through the real adapter: the kudos' recipients hear who joined in
 * the same gathered personal-chat message as their other kudos (one a window, not one
 * a join), each joiner once, however often they click.
 */
describe('kudos notices for "Add your kudos"', function () {
  this.timeout(90_000);
  let commons: TestCommons;
  let connector: MockConnector;
  const chat = kudosChat(() => commons, () => connector);

  /** The kudos `to` received whose message contains `text`. */
  async function kudosFor(to: DemoPerson, text: string): Promise<KudosPost> {
    return eventually(async () => {
      const page = await commons.repositories.kudos.walls.page(DEMO_TENANT_ID, [`received:${to.userId}`], 50, async () => true);
      const posts = await Promise.all(page.entries.map((e) => commons.repositories.posts.get(DEMO_TENANT_ID, e.postId)));
      return posts.find((p) => p?.body.includes(text)) as KudosPost | undefined;
    }, 20_000, `the kudos for ${to.displayName}`);
  }

  const sendersOf = async (person: DemoPerson) =>
    (await commons.repositories.kudos.boards.read(DEMO_TENANT_ID, periodKey('week', new Date()), 'all', { limit: 20 })).find((e) => e.userId === person.userId)?.senders;

  before(async () => {
    connector = await new MockConnector().start();
    // An hour's gathering (nothing goes before the test says it has passed), two between messages.
    commons = await startTestCommons({ SEED: 'true' }, { kudosNoticeTimings: { gatherMs: HOUR, intervalMs: 2 * HOUR } });
    await commons.repositories.kudos.setSettings(DEMO_TENANT_ID, { ...DEFAULT_KUDOS_SETTINGS, weeklyAllowance: null, sendPolicy: 'everyone', notifyManagers: true }, 'test', new Date().toISOString());
    await postActivity(commons.url, botInstalled({ serviceUrl: connector.url, place: 'channel' }));
    for (const person of [LYNNE, DIEGO, GRADY]) await chat.installPersonal(person);
    connector.reset(); // the welcomes
  });
  after(async () => {
    await commons?.dispose();
    await connector?.stop();
  });

  it('tells the recipient who joined in one message with the kudos, each joiner once, and leaves the joins out of the manager\'s', async function () {
    await chat.sendKudos(ALEX, [LYNNE], 'Team player for the incident review');
    const kudos = await kudosFor(LYNNE, 'the incident review');
    // Three people join at once; Megan clicks twice.
    const statuses = await Promise.all([MEGAN, ISAIAH, DIEGO, MEGAN].map((from) => chat.joinKudos(from, kudos)));
    assert.deepEqual(statuses, [200, 200, 200, 200]);
    const stored = (await commons.repositories.posts.get(DEMO_TENANT_ID, kudos.postId)) as KudosPost;
    assert.deepEqual(stored.kudos.joiners.map((j) => j.userId).sort(), [MEGAN, ISAIAH, DIEGO].map((p) => p.userId).sort());
    assert.equal((await commons.repositories.kudosNotices.pending(DEMO_TENANT_ID, LYNNE.userId))?.entries.length, 4, 'the kudos and three joins queued');
    assert.equal(chat.messagesTo(LYNNE).length, 0, 'nothing before the gathering window ends');

    await chat.flushNotice(LYNNE);
    const [toLynne, ...more] = chat.messagesTo(LYNNE);
    assert.equal(more.length, 0, 'one message, not four');
    const text = cardTextOf(toLynne);
    assert.match(text, /You received 4 kudos/);
    assert.match(text, /🤝 Team player from Alex Wilber/);
    for (const joiner of [MEGAN, ISAIAH, DIEGO]) assert.equal(count(text, `🤝 ${joiner.displayName} added their kudos to your Team player`), 1, joiner.displayName);
    requireSchemas(this);
    assertValidCard(toLynne.body.attachments[0].content);

    await chat.flushNotice(GRADY);
    const [toGrady, ...moreToGrady] = chat.messagesTo(GRADY);
    assert.equal(moreToGrady.length, 0);
    assert.match(cardTextOf(toGrady), /Lynne Robbins received Team player from Alex Wilber/);
    assert.doesNotMatch(cardTextOf(toGrady), /added their kudos/);
  });

  it('a repeated join after the notice went neither counts nor tells again; a new joiner waits for the next window', async () => {
    await chat.sendKudos(ALEX, [DIEGO], 'Mentor for pairing with the new joiners');
    const kudos = await kudosFor(DIEGO, 'pairing with the new joiners');
    assert.equal(await chat.joinKudos(MEGAN, kudos), 200);
    const flushedAt = Date.now();
    await chat.flushNotice(DIEGO);
    assert.equal(chat.messagesTo(DIEGO).length, 1);
    assert.match(cardTextOf(chat.messagesTo(DIEGO)[0]), /🧭 Megan Bowen added their kudos to your Mentor/);
    assert.equal(await sendersOf(DIEGO), 2, 'Alex and Megan');

    assert.equal(await chat.joinKudos(MEGAN, kudos), 200);
    const stored = (await commons.repositories.posts.get(DEMO_TENANT_ID, kudos.postId)) as KudosPost;
    assert.deepEqual(stored.kudos.joiners.map((j) => j.userId), [MEGAN.userId]);
    assert.equal(await sendersOf(DIEGO), 2, 'counted once');
    assert.equal((await commons.repositories.kudosNotices.pending(DEMO_TENANT_ID, DIEGO.userId))?.entries.length, 0, 'nothing queued');
    assert.equal(await commons.repositories.heldNotices.get(DEMO_TENANT_ID, DIEGO.userId, 'kudos'), undefined, 'no message due');

    assert.equal(await chat.joinKudos(ISAIAH, kudos), 200);
    assert.equal(await sendersOf(DIEGO), 3);
    assert.equal((await commons.repositories.kudosNotices.pending(DEMO_TENANT_ID, DIEGO.userId))?.entries.length, 1);
    const due = await commons.repositories.heldNotices.get(DEMO_TENANT_ID, DIEGO.userId, 'kudos');
    assert.ok(due && due.dueAt >= flushedAt + 2 * HOUR, 'not before the interval after the last message (the gathering window alone would be an hour)');
    assert.equal(chat.messagesTo(DIEGO).length, 1, 'still one message');
  });
});
