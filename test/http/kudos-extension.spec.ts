import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import path from 'path';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { DEFAULT_KUDOS_SETTINGS } from '../../src/domain/kudos';
import { botInstalled, invoke, postActivity } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { MockConnector } from '../support/connector';
import { assertValidCard, requireSchemas } from '../support/schemas';

const who = (name: string) => DEMO_PEOPLE.find((p) => p.displayName === name)!;
const teams = (p: ReturnType<typeof who>) => ({ id: `29:${p.givenName.toLowerCase()}`, name: p.displayName, aadObjectId: p.userId });
const ALEX = teams(who('Alex Wilber'));
const ISAIAH = teams(who('Isaiah Langer'));
const MEGAN = who('Megan Bowen');
const NESTOR = who('Nestor Wilke');
const OTHER_TENANT = '0c0c0c0c-0000-4000-8000-00000000000c';

describe('kudos from the message extension through /api/messages', function () {
  this.timeout(60_000);
  let commons: TestCommons;
  let connector: MockConnector;
  const channel = (from = ALEX, tenantId = DEMO_TENANT_ID) => ({ serviceUrl: connector.url, place: 'channel' as const, from, tenantId });

  async function call(name: string, value: unknown, options = channel()): Promise<any> {
    const response = await postActivity(commons.url, invoke(name, value, options));
    assert.equal(response.status, 200);
    return response.json();
  }
  const fetchTask = (extra: object = {}, options = channel()) => call('composeExtension/fetchTask', { commandId: 'sendKudos', commandContext: 'compose', ...extra }, options);
  const submit = (data: object, options = channel()) => call('composeExtension/submitAction', { commandId: 'sendKudos', commandContext: 'compose', data }, options);
  const previewAction = (action: 'edit' | 'send', card: unknown, options = channel()) =>
    call('composeExtension/submitAction', { commandId: 'sendKudos', commandContext: 'compose', botMessagePreviewAction: action, botActivityPreview: [{ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] }] }, options);
  const pendingIdOf = (form: any) => form.task.value.card.content.actions[0].data.pendingId as string;
  const input = (form: any, id: string) => form.task.value.card.content.body.find((e: any) => e.id === id);
  const kudosTo = async (userId: string) => (await commons.repositories.kudos.walls.page(DEMO_TENANT_ID, [`received:${userId}`], 50, async () => true)).entries;

  before(async () => {
    connector = await new MockConnector().start();
    commons = await startTestCommons({ SEED: 'true' });
    await commons.repositories.kudos.setSettings(DEMO_TENANT_ID, { ...DEFAULT_KUDOS_SETTINGS, weeklyAllowance: null }, 'test', new Date().toISOString());
    await postActivity(commons.url, botInstalled(channel()));
  });
  after(async () => {
    await commons.dispose();
    await connector.stop();
  });

  it('declares "Send kudos" for the compose box, the command box and messages', () => {
    const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'appPackage', 'manifest.json'), 'utf8'));
    const command = manifest.composeExtensions[0].commands.find((c: any) => c.id === 'sendKudos');
    assert.deepEqual([command.type, command.context, command.fetchTask, command.title], ['action', ['compose', 'commandBox', 'message'], true, 'Send kudos']);
  });

  it('opens a valid form: recipients (type-ahead over the directory), badges, message and destination; from a message it quotes it', async function () {
    const form = await fetchTask({ commandContext: 'message', messagePayload: { body: { contentType: 'html', content: '<p>Shipped the <b>migration</b> tonight</p>' }, from: { user: { displayName: 'Megan Bowen' } } } });
    assert.equal(form.task.type, "continue", JSON.stringify(form));
    const card = form.task.value.card.content;
    assert.match(JSON.stringify(card), /Shipped the migration tonight” — Megan Bowen/);
    assert.equal(input(form, 'recipients').isMultiSelect, true);
    assert.equal(input(form, 'recipients')['choices.data'].type, 'Data.Query');
    assert.deepEqual(input(form, 'badge').choices.map((c: any) => c.value), ['team-player', 'customer-hero', 'innovator', 'above-and-beyond', 'mentor']);
    assert.ok(input(form, 'recipients').choices.some((c: any) => c.value === who('Adele Vance').userId), 'the sender\'s team is offered');
    requireSchemas(this);
    const { 'choices.data': _typeAhead, ...staticPicker } = input(form, 'recipients');
    assertValidCard({ ...card, body: card.body.map((e: any) => (e.id === 'recipients' ? staticPicker : e)) });
  });

  it('answers the type-ahead from the people search index', async () => {
    const body = await call('application/search', { queryText: 'meg', dataset: 'commons.people', queryOptions: { skip: 0, top: 15 } });
    assert.deepEqual(body.value.results.map((r: any) => r.value), [MEGAN.userId]);
  });

  it('keeps what was typed and shows the reason in the form, storing nothing, for bad input', async () => {
    const pendingId = pendingIdOf(await fetchTask());
    const cases: Array<[object, RegExp]> = [
      [{ recipients: '', badge: 'mentor', message: 'Thanks' }, /at least one person/],
      [{ recipients: `${MEGAN.userId},${ALEX.aadObjectId}`, badge: 'mentor', message: 'Thanks' }, /yourself/],
      [{ recipients: MEGAN.userId, badge: 'rockstar', message: 'Thanks' }, /Choose one of the badges/],
      [{ recipients: MEGAN.userId, badge: 'mentor', message: 'y'.repeat(501) }, /at most 500/],
    ];
    for (const [data, reason] of cases) {
      const answer = await submit({ pendingId, destination: 'here', ...data });
      assert.equal(answer.task.type, 'continue');
      assert.match(JSON.stringify(answer.task.value.card.content.body[1]), reason);
      assert.equal(input(answer, 'message').value, (data as any).message, 'what was typed is kept');
      assert.equal(input(answer, 'badge').value, (data as any).badge);
    }
    const notManager = await submit({ pendingId: pendingIdOf(await fetchTask({}, channel(ISAIAH))), recipients: MEGAN.userId, badge: 'mentor', message: 'Thanks', destination: 'here' }, channel(ISAIAH));
    assert.match(JSON.stringify(notManager), /managers send kudos/);
    assert.deepEqual(await kudosTo(MEGAN.userId), []);
  });

  it('previews, returns to the form on edit with what was typed, and sends once; a replay sends nothing', async function () {
    const pendingId = pendingIdOf(await fetchTask());
    const preview = await submit({ pendingId, recipients: `${MEGAN.userId},${NESTOR.userId}`, badge: 'innovator', message: 'The launch page doubled sign-ups', destination: 'here' });
    assert.equal(preview.composeExtension.type, 'botMessagePreview');
    const card = preview.composeExtension.activityPreview.attachments[0].content;
    assert.match(JSON.stringify(card), /To Megan Bowen and Nestor Wilke/);
    requireSchemas(this);
    assertValidCard(card);
    const edit = await previewAction('edit', card);
    assert.equal(edit.task.type, 'continue');
    assert.equal(input(edit, 'message').value, 'The launch page doubled sign-ups');
    assert.equal(input(edit, 'recipients').value, `${MEGAN.userId},${NESTOR.userId}`);

    connector.reset();
    await previewAction('send', card);
    const sent = await connector.waitFor((c) => c.method === 'POST' && JSON.stringify(c.body).includes('doubled sign-ups'));
    assert.match(JSON.stringify(sent.body), /Innovator/);
    assert.equal((await kudosTo(MEGAN.userId)).length, 1);
    const replay = await previewAction('send', card);
    assert.match(JSON.stringify(replay), /expired or was already sent/);
    assert.equal((await kudosTo(MEGAN.userId)).length, 1);
  });

  it('refuses a forged preview: a changed badge or recipient, another sender, another tenant', async () => {
    const before = (await kudosTo(NESTOR.userId)).length;
    const pendingId = pendingIdOf(await fetchTask());
    const preview = await submit({ pendingId, recipients: NESTOR.userId, badge: 'mentor', message: 'Forgery test', destination: 'here' });
    const card = preview.composeExtension.activityPreview.attachments[0].content;
    const text = JSON.stringify(card);
    const forgeries: Array<[any, object]> = [
      [JSON.parse(text.replace(/Mentor/g, 'Above and beyond')), channel()],
      [JSON.parse(text.replace(/To Nestor Wilke/g, 'To Megan Bowen')), channel()],
      [card, channel(ISAIAH)],
      [card, channel({ ...ALEX }, OTHER_TENANT)],
    ];
    for (const [forged, options] of forgeries) {
      connector.reset();
      const answer = await previewAction('send', forged, options as any);
      assert.match(JSON.stringify(answer), /changed after it was checked|expired or was already sent/);
      assert.equal(connector.sentActivities().length, 0);
    }
    assert.equal((await kudosTo(NESTOR.userId)).length, before);
    // The untouched preview still goes, once.
    await previewAction('send', card);
    assert.equal((await kudosTo(NESTOR.userId)).length, before + 1);
  });

  it('sends privately to the recipients when asked', async () => {
    const isaiah = who('Isaiah Langer');
    const personal = { ...botInstalled({ serviceUrl: connector.url, place: 'personal', from: teams(isaiah) }), conversation: { id: `a:personal-${isaiah.userId}`, conversationType: 'personal', tenantId: DEMO_TENANT_ID } };
    await postActivity(commons.url, personal);
    const pendingId = pendingIdOf(await fetchTask());
    const preview = await submit({ pendingId, recipients: isaiah.userId, badge: 'customer-hero', message: 'Quietly brilliant', destination: 'private' });
    connector.reset();
    const answer = await previewAction('send', preview.composeExtension.activityPreview.attachments[0].content);
    assert.match(JSON.stringify(answer), /Kudos sent to Isaiah Langer/);
    const delivered = await connector.waitFor((c) => c.method === 'POST' && c.conversationId === `a:personal-${isaiah.userId}`);
    assert.match(JSON.stringify(delivered.body), /Sent privately/);
  });
});
