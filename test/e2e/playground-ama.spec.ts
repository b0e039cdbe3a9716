import { strict as assert } from 'assert';
import path from 'path';
import type { Browser, Locator, Page } from 'playwright-core';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { startTestCommons, TestCommons } from '../support/app';
import { launchChromium } from '../support/browser';
import { RunningPlayground, startPlayground } from '../support/playground';

/** SCREENSHOTS=1 writes docs/playground-ama.png for the README. */
const SCREENSHOTS = Boolean(process.env.SCREENSHOTS);
/** The Playground's own user (.m365agentsplayground.yml): Alex Wilber. */
const ALEX = '5e1f0a2b-7c3d-4e5f-8a9b-0c1d2e3f4001';

/**
 * An ask-me-anything event start to finish in the Agents Playground: General is linked
 * to a community, the event's card arrives there, Alex asks, upvotes and (as its host)
 * answers on the card, and at its end the summary card arrives.
 */
describe('end to end: an ask-me-anything event in the Agents Playground', function () {
  this.timeout(180_000);
  let commons: TestCommons;
  let playground: RunningPlayground;
  let browser: Browser;
  let page: Page;
  const api = async (method: string, route: string, body?: unknown) =>
    (await (await fetch(`${commons.url}${route}`, { method, headers: { 'content-type': 'application/json', 'X-Dev-Tenant': DEMO_TENANT_ID, 'X-Dev-User': ALEX }, ...(body !== undefined && { body: JSON.stringify(body) }) })).json()) as any;
  const card = (text: string): Locator => page.locator('.ac-adaptiveCard', { hasText: text }).last();

  before(async () => {
    commons = await startTestCommons({ SEED: 'true' });
    playground = await startPlayground(commons.url);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(playground.url, { waitUntil: 'domcontentloaded' });
    await page.locator('.ac-adaptiveCard').first().waitFor({ timeout: 30_000 });
  });
  after(async () => {
    await browser?.close();
    await playground?.stop();
    await commons?.dispose();
  });

  it('opens, asks, upvotes, answers on the card, and posts the summary at the end', async () => {
    await api('POST', '/api/v1/communities', { name: 'Playground guild', privacy: 'open' });
    await page.getByRole('treeitem', { name: 'My Team - General' }).click();
    const box = page.locator('[data-lexical-editor="true"]').first();
    await box.click();
    await page.keyboard.type('@');
    await page.getByRole('menuitem').first().click();
    await page.keyboard.type(' community link Playground guild');
    await page.keyboard.press('Enter');
    await card('now speaks for').waitFor({ timeout: 20_000 });

    const { id: communityId } = (await api('GET', '/api/v1/communities/mine')).communities.find((c: any) => c.name === 'Playground guild');
    const endsAt = new Date(Date.now() + 45_000).toISOString();
    const opened = await api('POST', `/api/v1/communities/${communityId}/amas`, { title: 'Playground town hall', endsAt });
    assert.equal(opened.host.displayName, 'Alex Wilber');
    const event = card('Playground town hall');
    await event.waitFor({ timeout: 20_000 });
    assert.match(await event.innerText(), /Hosted by Alex Wilber/);

    await event.getByRole('textbox', { name: /Your question/ }).fill('What ships next quarter?');
    await event.getByRole('button', { name: 'Ask', exact: true }).click();
    await card('What ships next quarter?').waitFor({ timeout: 20_000 });
    await card('What ships next quarter?').getByRole('button', { name: /Upvote/ }).click();
    await card('(you upvoted)').waitFor({ timeout: 20_000 });

    await card('What ships next quarter?').getByRole('button', { name: 'Answer', exact: true }).click();
    await card('What ships next quarter?').getByRole('textbox', { name: /Your answer/ }).fill('The new feed and AMAs.');
    await card('What ships next quarter?').getByRole('button', { name: 'Post answer' }).click();
    await card('Answer from Alex Wilber').waitFor({ timeout: 20_000 });
    assert.match(await card('Answer from Alex Wilber').innerText(), /The new feed and AMAs\./);

    const summary = card('Ask me anything is over: Playground town hall');
    await summary.waitFor({ timeout: 90_000 });
    if (SCREENSHOTS) {
      await summary.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.resolve(__dirname, '..', '..', 'docs', 'playground-ama.png') });
    }
    assert.match(await summary.innerText(), /Questions asked: 1 · answered by Alex Wilber: 1[\s\S]*What ships next quarter\?[\s\S]*The new feed and AMAs\./);
  });
});
