import { strict as assert } from 'assert';
import type { Page } from 'playwright-core';
import { VERBS } from '../../src/cards/verbs';
import { createRepositories, Repositories } from '../../src/store';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { actionExecute, postActivity } from '../support/activities';
import { seriousAxeViolations } from '../support/axe';
import { MockConnector } from '../support/connector';
import { devApi } from '../support/dev-api';
import { eventually, FAST_TIMINGS, installPersonalChat } from '../support/delivery';
import { inBothThemes, seededTab } from '../support/seeded-tab';

const person = (name: string) => DEMO_PEOPLE.find((p) => p.displayName === name)!;
const ALEX = person('Alex Wilber'); // admin
const ADELE = person('Adele Vance'); // author
const LYNNE = person('Lynne Robbins');
const DIEGO = person('Diego Siciliani');
const cardText = (call: { body: any }) => JSON.stringify(call.body?.attachments?.[0]?.content ?? call.body?.activity?.attachments?.[0]?.content ?? {});

/** A sent post's page in the tab, in Chromium: the acknowledgement trail, a reminder, edit, "Send me a test" and recall. */
describe('end to end: a sent post\'s page in Chromium (local mode)', function () {
  this.timeout(180_000);
  const app = seededTab({ COMMONS_ADMINS: ALEX.userId }, { deliveryTimings: FAST_TIMINGS });
  let repositories: Repositories;
  let connector: MockConnector;
  let page: Page;
  let announcementId: string;
  const chats: Record<string, string> = {};

  const assertAccessible = (what: string) => inBothThemes(page, async (colorScheme) => {
    assert.deepEqual(await seriousAxeViolations(page), [], `${what}, ${colorScheme}`);
  });

  before(async () => {
    connector = await new MockConnector().start();
    repositories = createRepositories(app.commons.store);
    for (const p of [ADELE, LYNNE, DIEGO]) chats[p.userId] = await installPersonalChat(repositories, connector.url, p.userId, DEMO_TENANT_ID);
    const rule = { everyone: true, people: true, channels: 'all', requiresApproval: false };
    assert.equal((await devApi(app.commons.url, DEMO_TENANT_ID, ALEX.userId)('PUT', '/api/v1/studio/guardrails', { defaults: rule, authors: {} })).status, 200);
    // Adele writes and sends a post that asks for acknowledgement, through the Studio API.
    const adele = devApi(app.commons.url, DEMO_TENANT_ID, ADELE.userId);
    const draft = await adele('POST', '/api/v1/studio/drafts', {});
    const saved = await adele('PUT', `/api/v1/studio/drafts/${draft.body.id}`, { revision: draft.body.revision, content: { title: 'New expenses policy', body: 'Please read the new policy.', acknowledge: true }, audience: { people: [LYNNE.userId, DIEGO.userId] } });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const sent = await adele('POST', `/api/v1/studio/drafts/${draft.body.id}/send`, {});
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    announcementId = sent.body.announcement.id;
    await eventually(async () => (await adele('GET', `/api/v1/announcements/${announcementId}`)).body.status === 'completed', 30_000, 'delivered');
    // Lynne reads it.
    const click = actionExecute(VERBS.announcementAcknowledge, { announcementId }, { serviceUrl: connector.url, place: 'personal', from: { id: `29:${LYNNE.userId}`, name: LYNNE.displayName, aadObjectId: LYNNE.userId } });
    assert.equal((await postActivity(app.commons.url, click)).status, 200);

    page = await app.browser.newPage({ viewport: { width: 1400, height: 1100 } });
    await page.goto(`${app.commons.url}/tab/index.html#/sent`);
    await page.getByTestId('user-switcher').selectOption({ label: ADELE.displayName });
    await page.getByTestId('page-sent').waitFor();
  });
  after(async () => {
    await connector?.stop();
  });

  it('shows who has and has not acknowledged, and reminds those who have not once a day', async () => {
    await page.getByTestId('sent-heading').getByText('New expenses policy').waitFor({ timeout: 30_000 });
    await page.getByTestId('sent-acknowledged').getByText(LYNNE.displayName).waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId('sent-not-yet').innerText(), DIEGO.displayName);
    await assertAccessible('a sent post');

    connector.reset();
    await page.getByTestId('sent-remind').click();
    await page.getByTestId('sent-remind-result').getByText(/A reminder is on its way to 1/).waitFor({ timeout: 30_000 });
    const reminder = await connector.waitFor((c) => c.method === 'POST' && c.conversationId === chats[DIEGO.userId] && /Reminder/.test(cardText(c)), 30_000);
    assert.match(cardText(reminder), /New expenses policy/);
    assert.equal(connector.calls.filter((c) => c.method === 'POST' && c.conversationId === chats[LYNNE.userId]).length, 0, 'not to Lynne, who has read it');
    await page.getByTestId('sent-remind').click();
    await page.getByTestId('sent-remind-result').getByText(/less than 24 hours ago/).waitFor({ timeout: 30_000 });
  });

  it('reports the post from its counters and exports each recipient\'s status as CSV', async () => {
    await page.getByTestId('report-Delivered').getByText('2').waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId('report-Acknowledged').innerText(), '1');
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('sent-csv').click()]);
    const stream = await file.createReadStream();
    let csv = '';
    for await (const chunk of stream) csv += chunk.toString();
    const lines = csv.trim().split('\r\n');
    assert.equal(lines[0], 'name,department,userId,channel,state,reason,sentAt,acknowledgedAt');
    assert.ok(lines.some((l) => l.startsWith(`"${LYNNE.displayName}","Engineering","${LYNNE.userId}","","sent"`) && /"\d{4}-[^"]+"$/.test(l)), csv);
    assert.ok(lines.some((l) => l.startsWith(`"${DIEGO.displayName}","Engineering"`) && l.endsWith(',""')), csv);
  });

  it('shows the post\'s engagement: reactions, engaged people, departments and a chart over time with a table, accessible in light and dark', async () => {
    // Diego reacts on his announcement card, through /api/messages like Teams would.
    const react = actionExecute(VERBS.postReact, { postId: announcementId, reaction: 'like' }, { serviceUrl: connector.url, place: 'personal', from: { id: `29:${DIEGO.userId}`, name: DIEGO.displayName, aadObjectId: DIEGO.userId } });
    assert.equal((await postActivity(app.commons.url, react)).status, 200);
    await page.reload();
    await page.getByTestId('user-switcher').selectOption({ label: ADELE.displayName });
    await page.getByTestId('engagement-Reactions').getByText('1').waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId('engagement-Reactions: like').innerText(), '1');
    // Lynne acknowledged and Diego reacted: two people, both too few for a department of their own.
    assert.equal(await page.getByTestId('engagement-People who engaged (reacted, commented or acknowledged)').innerText(), '2');
    assert.equal(await page.getByTestId('engagement-department-Other').innerText(), '2');
    await page.getByTestId('engagement-chart').waitFor();
    assert.match(await page.getByTestId('engagement-time').innerText(), /Hour 1[^\n]*\s+2/);
    await assertAccessible('a sent post\'s engagement');
  });

  it('sends the author a test into their own chat', async () => {
    connector.reset();
    await page.getByTestId('sent-test').click();
    await page.getByTestId('sent-result').getByText(/personal chat/).waitFor({ timeout: 30_000 });
    const test = await connector.waitFor((c) => c.method === 'POST' && c.conversationId === chats[ADELE.userId], 30_000);
    assert.match(cardText(test), /Test: only you received this/);
  });

  it('edits the post, updating every delivered card, then recalls it', async () => {
    connector.reset();
    await page.getByTestId('sent-title').fill('New expenses policy (updated)');
    await page.getByTestId('sent-save').click();
    await page.getByTestId('sent-result').getByText(/Delivered cards are being updated/).waitFor({ timeout: 30_000 });
    for (const p of [LYNNE, DIEGO]) {
      await connector.waitFor((c) => c.method === 'PUT' && c.conversationId === chats[p.userId] && cardText(c).includes('New expenses policy (updated)'), 30_000);
    }

    await page.getByTestId('sent-recall').click();
    await page.getByTestId('sent-recall-confirm').waitFor();
    await assertAccessible('the recall dialog');
    await page.getByTestId('sent-recall-confirm').click();
    await page.getByTestId('sent-result').getByText(/Recalling/).waitFor({ timeout: 30_000 });
    for (const p of [LYNNE, DIEGO]) await connector.waitFor((c) => c.method === 'DELETE' && c.conversationId === chats[p.userId], 30_000);
    await page.getByTestId('sent-status').getByText(/recalled/).waitFor({ timeout: 30_000 });
    assert.ok(await page.getByTestId('sent-recall').isDisabled());
  });
});
