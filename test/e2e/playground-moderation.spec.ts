import { strict as assert } from 'assert';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { startTestCommons, TestCommons } from '../support/app';
import { launchChromium } from '../support/browser';
import { devApi } from '../support/dev-api';
import { eventually } from '../support/delivery';
import { RunningPlayground, startPlayground } from '../support/playground';

const person = (name: string) => DEMO_PEOPLE.find((p) => p.displayName === name)!;
const PATTI = person('Patti Fernandez'); // a moderator
const REPORTERS = ['Lynne Robbins', 'Diego Siciliani', 'Nestor Wilke'].map(person);

/**
 * Issue 17's "Done when": a moderator clears a queue in the tab and the cards in the
 * Playground change. Alex (the Playground's user) posts in General through the bot;
 * three people report it through the API; Patti removes it from the Moderation page in
 * the tab; the card in the Playground's General becomes "Removed by a moderator",
 * its words gone, and Alex is told why in the Playground's personal chat.
 */
describe('end to end: a moderator removes a reported post in the tab, and the Playground card follows', function () {
  this.timeout(180_000);
  let commons: TestCommons;
  let playground: RunningPlayground;
  let browser: Browser;
  let page: Page;

  before(async () => {
    commons = await startTestCommons({ SEED: 'true' });
    playground = await startPlayground(commons.url);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(playground.url, { waitUntil: 'domcontentloaded' });
    await page.getByRole('treeitem', { name: 'My Team - General' }).click();
    await page.locator('.ac-adaptiveCard', { hasText: 'Welcome to Commons' }).first().waitFor({ timeout: 30_000 });
  });
  after(async () => {
    await browser?.close();
    await playground?.stop();
    await commons?.dispose();
  });

  it('posts in General, is reported, removed from the queue by a moderator: the card says so, and the author is told why', async () => {
    const text = 'Playground post that breaks the guidelines';
    const postCard = page.locator('.ac-adaptiveCard', { hasText: text });
    const box = page.locator('[data-lexical-editor="true"]').first();
    await box.click();
    await page.keyboard.type('@');
    await page.getByRole('menuitem').first().click();
    await page.keyboard.type(` post ${text}`);
    await page.keyboard.press('Enter');
    await postCard.first().waitFor({ timeout: 45_000 });

    // The post as stored: it went to the Playground's General.
    const { resources } = await commons.store.containers.posts.items
      .query<{ postId: string; deliveredTo: unknown[] }>({ query: 'SELECT * FROM c WHERE c.tenantId = @tenant AND c.body = @body', parameters: [{ name: '@tenant', value: DEMO_TENANT_ID }, { name: '@body', value: text }] })
      .fetchAll();
    assert.equal(resources.length, 1, 'one post');
    const { postId } = resources[0];
    await eventually(async () => ((await commons.repositories.posts.get(DEMO_TENANT_ID, postId))?.deliveredTo.length ? true : undefined), 30_000, 'the delivered copy recorded');

    for (const reporter of REPORTERS) {
      const answer = await devApi(commons.url, DEMO_TENANT_ID, reporter.userId)('POST', `/api/v1/posts/${postId}/reports`, { reason: 'harassment' });
      assert.ok([200, 201].includes(answer.status), `report ${answer.status}`);
    }

    const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await tab.goto(`${commons.url}/tab/index.html#/moderation`);
      await tab.getByTestId('user-switcher').selectOption({ label: PATTI.displayName });
      const item = tab.getByTestId('queue-item').filter({ hasText: text });
      await item.waitFor({ timeout: 45_000 });
      assert.match(await item.innerText(), /Harassment or bullying \(3\)/);
      await item.getByTestId('queue-remove').click();
      await tab.getByRole('status').filter({ hasText: 'Done: 1 decided.' }).waitFor({ timeout: 45_000 });
      await item.waitFor({ state: 'detached', timeout: 45_000 });
    } finally {
      await tab.close();
    }
    assert.equal((await commons.repositories.posts.get(DEMO_TENANT_ID, postId))?.state, 'removed');

    // The Playground's copy in General: replaced in place, its words gone.
    const removed = page.locator('.ac-adaptiveCard', { hasText: 'Removed by a moderator' });
    await removed.first().waitFor({ timeout: 60_000 });
    assert.match(await removed.first().innerText(), /against your organisation's guidelines/);
    await postCard.first().waitFor({ state: 'detached', timeout: 60_000 });

    // The author (Alex, the Playground's user) is told why in his personal chat.
    await page.getByRole('treeitem', { name: /Personal Chat/ }).click();
    const told = page.getByText(/A moderator removed your post/).last();
    await told.waitFor({ timeout: 60_000 });
    assert.match(await told.innerText(), new RegExp(`“${text}” after people reported it \\(harassment or bullying\\)`));
  });
});
