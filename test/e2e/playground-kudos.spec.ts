import { strict as assert } from 'assert';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { z } from 'zod';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { startTestCommons, TestCommons } from '../support/app';
import { launchChromium } from '../support/browser';
import { MockConnector } from '../support/connector';
import { devApi } from '../support/dev-api';
import { demoPerson, kudosChat } from '../support/kudos-chat';
import { RunningPlayground, startPlayground } from '../support/playground';
import { fillKudosForm, messageActionTrigger, openActionCommand, PREVIEW_NOT_SUPPORTED, sendPreview, submitForPreview } from '../support/playground-extension';
import { assertValidCard, requireSchemas } from '../support/schemas';

const ADELE = demoPerson('Adele Vance'); // Alex's report: no manager copy
const MEGAN = demoPerson('Megan Bowen');
/** SCREENSHOTS=1 writes docs/playground-kudos.png for the README. */
const SCREENSHOTS = Boolean(process.env.SCREENSHOTS);
const MineAnswer = z.object({ kudos: z.array(z.object({ message: z.string() }).passthrough()) });

/**
 * A manager (Alex, the Playground's user) sends kudos with the "Send kudos" message
 * extension in the Playground's channel General: from the compose box, and from a
 * message's "..." menu. The Playground (0.2.28) shows the app's dialog and sends its
 * submit, but cannot show a `botMessagePreview` (it logs that it is not supported), so
 * the test sends the preview's "Send" as Teams would, through the Playground's own
 * invoke route: the kudos card then appears in the Playground's conversation. Each
 * recipient's personal chat (which the Playground, with one user, cannot host) is a
 * loopback Bot Connector, where their notice arrives.
 */
describe('end to end: kudos from the Agents Playground message extension', function () {
  this.timeout(120_000);
  let commons: TestCommons;
  let connector: MockConnector;
  let playground: RunningPlayground;
  let browser: Browser;
  let page: Page;

  const kudosCard = (message: string) => page.locator('.ac-adaptiveCard', { hasText: message });
  const composeTrigger = () => page.getByRole('button', { name: 'Trigger Message Extension App' }).first();
  const { installPersonal, messagesTo, flushNotice } = kudosChat(() => commons, () => connector);

  /** Preview (which the Playground cannot show), then send, then the card in General. */
  async function previewAndSend(message: string) {
    const { request, answer } = await submitForPreview(page);
    assert.equal(request.value.data?.message, message, 'the Playground sent what was typed');
    assertValidCard(answer.composeExtension.activityPreview.attachments[0].content);
    assert.match(JSON.stringify(answer.composeExtension.activityPreview), new RegExp(message));
    await page.getByText(PREVIEW_NOT_SUPPORTED).filter({ visible: true }).last().waitFor({ timeout: 15_000 });
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    assert.equal(await kudosCard(message).count(), 0, 'nothing posted before Send');
    await sendPreview(playground.url, request, answer);
    await kudosCard(message).waitFor({ timeout: 45_000 });
    return kudosCard(message).innerText();
  }

  before(async () => {
    connector = await new MockConnector().start();
    // An hour's gathering: nothing goes before the test says the window has passed.
    commons = await startTestCommons({ SEED: 'true' }, { kudosNoticeTimings: { gatherMs: 3_600_000, intervalMs: 3_600_000 } });
    for (const p of [ADELE, MEGAN]) await installPersonal(p);
    playground = await startPlayground(commons.url);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(playground.url, { waitUntil: 'domcontentloaded' });
    await page.getByRole('treeitem', { name: 'My Team - General' }).click();
    await page.locator('.ac-adaptiveCard', { hasText: 'Welcome to Commons' }).first().waitFor({ timeout: 15_000 });
    connector.reset(); // the welcomes
  });
  // A test that failed with a dialog open leaves the next one a page it can use.
  afterEach(async () => {
    if (await page.getByRole('dialog').count()) await page.keyboard.press('Escape');
  });
  after(async () => {
    await browser?.close();
    await playground?.stop();
    await commons?.dispose();
    await connector?.stop();
  });

  it('sends kudos from the compose box: the form, the card in General, the kudos recorded, and the recipient told in her personal chat', async function () {
    requireSchemas(this);
    const message = 'Playground kudos for the launch checklist';
    const { request, answer } = await openActionCommand(page, composeTrigger(), 'sendKudos');
    assert.equal(request.value.commandContext, 'compose');
    // (The form's schema check, type-ahead aside, is in test/http/kudos-extension.spec.ts.)
    assert.match(JSON.stringify(answer.task.value.card.content), /Who do you want to recognise\?/);
    await fillKudosForm(page, ADELE.displayName, message);
    const card = await previewAndSend(message);
    assert.match(card, /Team player/);
    assert.match(card, /To Adele Vance/);
    assert.match(card, /From Alex Wilber/);
    assert.match(card, /Add your kudos/);
    if (SCREENSHOTS) await page.screenshot({ path: path.resolve(__dirname, '..', '..', 'docs', 'playground-kudos.png') });

    const received = await devApi(commons.url, DEMO_TENANT_ID, ADELE.userId)('GET', '/api/v1/kudos/mine?direction=received');
    assert.equal(received.status, 200);
    assert.deepEqual(MineAnswer.parse(received.body).kudos.map((k) => k.message), [message]);
    assert.deepEqual((await commons.repositories.kudosNotices.pending(DEMO_TENANT_ID, ADELE.userId))?.entries.map((e) => e.message), [message]);
    assert.equal(messagesTo(ADELE).length, 0, 'nothing before the gathering window ends');
    await flushNotice(ADELE);
    const [notice, ...more] = messagesTo(ADELE);
    assert.equal(more.length, 0, 'one message');
    assert.match(JSON.stringify(notice.body.attachments[0].content), /Team player from Alex Wilber[\s\S]*Playground kudos for the launch checklist/);
    assertValidCard(notice.body.attachments[0].content);
  });

  it('sends kudos from a message\'s "..." menu: the form and the card quote that message, and the recipient is told', async function () {
    requireSchemas(this);
    const quoted = 'Megan ran the customer panel on her own';
    const message = 'Playground kudos from a message';
    const box = page.locator('[data-lexical-editor="true"]').first();
    await box.click();
    await page.keyboard.type(quoted);
    await page.keyboard.press('Enter');
    const { request, answer } = await openActionCommand(page, await messageActionTrigger(page, quoted), 'sendKudos');
    assert.equal(request.value.commandContext, 'message');
    assert.match(JSON.stringify(request.value.messagePayload), new RegExp(quoted), 'the Playground sent the message it was opened on');
    assert.match(JSON.stringify(answer.task.value.card.content), new RegExp(`“${quoted}” — Alex Wilber`));
    await page.getByRole('dialog').getByText(`“${quoted}” — Alex Wilber`).waitFor();
    await fillKudosForm(page, MEGAN.displayName, message);
    const card = await previewAndSend(message);
    assert.match(card, /To Megan Bowen/);
    assert.ok(card.includes(`“${quoted}” — Alex Wilber`), card);

    await flushNotice(MEGAN);
    const [notice, ...more] = messagesTo(MEGAN);
    assert.equal(more.length, 0, 'one message');
    assert.match(JSON.stringify(notice.body.attachments[0].content), /Team player from Alex Wilber[\s\S]*Playground kudos from a message/);
  });
});
