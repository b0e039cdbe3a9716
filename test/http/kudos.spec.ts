import { strict as assert } from 'assert';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { DEFAULT_KUDOS_SETTINGS } from '../../src/domain/kudos';
import { periodKey } from '../../src/domain/kudos-periods';
import { actionExecute, ALEX, botInstalled, mentioning, message, postActivity } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { MockConnector } from '../support/connector';
import { assertValidCard, requireSchemas } from '../support/schemas';

const person = (name: string) => {
  const found = DEMO_PEOPLE.find((p) => p.displayName === name)!;
  return { id: `29:${found.givenName.toLowerCase()}`, name: found.displayName, aadObjectId: found.userId };
};
const MEGAN = person('Megan Bowen');
const LYNNE = person('Lynne Robbins');
const ISAIAH = person('Isaiah Langer');
const DIEGO = person('Diego Siciliani');

/** `kudos @A @B <rest>` with Teams mention entities (the bot's own mention first, as Teams sends it). */
function kudosCommand(people: Array<{ id: string; name: string; aadObjectId?: string }>, rest: string, options: Parameters<typeof mentioning>[1], withIds = true) {
  const base = mentioning(`kudos ${people.map((p) => `<at>${p.name}</at>`).join(' ')} ${rest}`, options);
  const mentions = people.map((p) => ({ type: 'mention', text: `<at>${p.name}</at>`, mentioned: { id: p.id, name: p.name, ...(withIds && { aadObjectId: p.aadObjectId }) } }));
  return { ...base, entities: [...base.entities, ...mentions] };
}

const cardOf = (activity: any) => activity?.attachments?.[0]?.content;

describe('kudos through /api/messages', function () {
  this.timeout(60_000);
  let commons: TestCommons;
  let connector: MockConnector;
  const channel = () => ({ serviceUrl: connector.url, place: 'channel' as const });

  async function kudosOf(userId: string): Promise<any[]> {
    const page = await commons.repositories.kudos.walls.page(DEMO_TENANT_ID, [`received:${userId}`], 50, async () => true);
    return Promise.all(page.entries.map((e) => commons.repositories.posts.get(DEMO_TENANT_ID, e.postId)));
  }

  /** Sends an activity and returns what the bot posted back for it. */
  async function reply(activity: any): Promise<any> {
    connector.reset();
    const response = await postActivity(commons.url, activity);
    assert.equal(response.status, 200);
    return (await connector.waitFor((call) => call.method === 'POST' && call.path.includes('/activities'))).body;
  }

  before(async () => {
    connector = await new MockConnector().start();
    commons = await startTestCommons({ SEED: 'true' });
    await commons.repositories.kudos.setSettings(DEMO_TENANT_ID, { ...DEFAULT_KUDOS_SETTINGS, weeklyAllowance: 50 }, 'test', new Date().toISOString());
    await postActivity(commons.url, botInstalled(channel()));
  });
  after(async () => {
    await commons.dispose();
    await connector.stop();
  });

  it('posts `@Commons kudos @person <badge> <message>` in a channel as a valid kudos card and records it', async function () {
    const sent = await reply(kudosCommand([MEGAN], 'Customer hero for rescuing the Fabrikam renewal', channel()));
    const card = cardOf(sent);
    const text = JSON.stringify(card);
    for (const expected of ['Customer hero', 'To Megan Bowen', 'for rescuing the Fabrikam renewal', 'From Alex Wilber', 'Add your kudos']) assert.ok(text.includes(expected), expected);
    const [stored] = await kudosOf(MEGAN.aadObjectId);
    assert.equal(stored.kind, 'kudos');
    assert.equal(stored.authorId, ALEX.aadObjectId);
    assert.equal(stored.kudos.badge.id, 'customer-hero');
    assert.deepEqual(stored.visibility, { kind: 'tenant' });
    assert.equal(stored.deliveredTo.length, 1);
    requireSchemas(this);
    assertValidCard(card);
  });

  it('finds a mentioned person by name in the directory when Teams gives only their Teams id', async () => {
    await reply(kudosCommand([LYNNE], 'mentor Thanks for pairing with the new joiners', channel(), false));
    const [stored] = await kudosOf(LYNNE.aadObjectId);
    assert.equal(stored?.kudos.badge.id, 'mentor');
  });

  it('says why and stores nothing: yourself, no recipient, an unknown badge, too long, not a manager', async () => {
    const cases: Array<[any, RegExp]> = [
      [kudosCommand([MEGAN, { ...ALEX }], 'Mentor thanks', channel()), /yourself/],
      [mentioning('kudos Mentor thanks everyone', channel()), /at least one person/],
      [kudosCommand([DIEGO], 'Rockstar thanks', channel()), /Choose one of the badges: Team player, Customer hero/],
      [kudosCommand([DIEGO], `Mentor ${'x'.repeat(501)}`, channel()), /at most 500 characters/],
      [kudosCommand([DIEGO], 'Mentor thanks', { ...channel(), from: ISAIAH }), /managers send kudos/],
    ];
    for (const [activity, reason] of cases) {
      const card = cardOf(await reply(activity));
      assert.match(JSON.stringify(card), reason);
      assert.doesNotMatch(JSON.stringify(card), /Add your kudos/);
    }
    assert.deepEqual(await kudosOf(DIEGO.aadObjectId), []);
  });

  it('answers only when @mentioned in a channel: "kudos …" typed to colleagues sends nothing', async () => {
    connector.reset();
    const plain = { ...message(`kudos <at>${DIEGO.name}</at> Mentor thanks`, channel()), entities: [{ type: 'mention', text: `<at>${DIEGO.name}</at>`, mentioned: { id: DIEGO.id, name: DIEGO.name, aadObjectId: DIEGO.aadObjectId } }] };
    assert.equal((await postActivity(commons.url, plain)).status, 200);
    assert.equal(connector.sentActivities().length, 0);
    assert.deepEqual(await kudosOf(DIEGO.aadObjectId), []);
  });

  it('sends privately from personal chat: the recipient gets the card in their chat, the sender a confirmation', async () => {
    const personal = (from: typeof MEGAN) => ({ ...botInstalled({ serviceUrl: connector.url, place: 'personal', from }), conversation: { id: `a:personal-${from.aadObjectId}`, conversationType: 'personal', tenantId: DEMO_TENANT_ID } });
    await postActivity(commons.url, personal(DIEGO));
    connector.reset();
    const command = { ...kudosCommand([DIEGO], 'Above and beyond for the weekend failover', { serviceUrl: connector.url }), conversation: { id: `a:personal-${ALEX.aadObjectId}`, conversationType: 'personal', tenantId: DEMO_TENANT_ID } };
    assert.equal((await postActivity(commons.url, command)).status, 200);
    const toDiego = await connector.waitFor((call) => call.method === 'POST' && call.conversationId === `a:personal-${DIEGO.aadObjectId}`);
    assert.match(JSON.stringify(toDiego.body), /Sent privately/);
    const confirmation = await connector.waitFor((call) => call.method === 'POST' && JSON.stringify(call.body).includes('Kudos sent to Diego Siciliani'));
    assert.match(JSON.stringify(confirmation.body), /more this week/);
    const [stored] = await kudosOf(DIEGO.aadObjectId);
    assert.equal(stored.kudos.private, true);
    assert.deepEqual(stored.visibility, { kind: 'members', conversationId: '' });
  });

  it('"Add your kudos" counts each joiner once and refuses the recipient', async function () {
    const [kudos] = await kudosOf(MEGAN.aadObjectId);
    const join = (from: typeof MEGAN | typeof ALEX) => postActivity(commons.url, actionExecute('kudos.join', { postId: kudos.postId }, { ...channel(), from, replyToId: kudos.deliveredTo[0].activityId }));
    const first = await (await join(ISAIAH)).json();
    assert.match(JSON.stringify(first.value), /Isaiah Langer added their kudos/);
    requireSchemas(this);
    assertValidCard(first.value);
    await join(ISAIAH);
    const own = await (await join(MEGAN)).json();
    assert.match(JSON.stringify(own.value), /cannot send kudos to yourself/);
    const stored = await commons.repositories.posts.get(DEMO_TENANT_ID, kudos.postId);
    assert.deepEqual(stored?.kudos?.joiners.map((j) => j.userId), [ISAIAH.aadObjectId]);
    const board = await commons.repositories.kudos.boards.read(DEMO_TENANT_ID, periodKey('week', new Date()), 'all', { limit: 20 });
    assert.equal(board.find((e) => e.userId === MEGAN.aadObjectId)?.senders, 2);
  });

  it('reacts on a kudos card with the engagement core’s reactions', async () => {
    const [kudos] = await kudosOf(MEGAN.aadObjectId);
    const response = await postActivity(commons.url, actionExecute('post.react', { postId: kudos.postId, reaction: 'celebrate' }, { ...channel(), from: LYNNE }));
    const body = await response.json();
    assert.match(JSON.stringify(body.value), /🎉 1/);
    assert.match(JSON.stringify(body.value), /Customer hero/);
  });
});
