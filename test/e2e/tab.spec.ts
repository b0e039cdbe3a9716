import { strict as assert } from 'assert';
import type { Browser, Page } from 'playwright-core';
import { DEMO_POSTS } from '../../src/store/demo-tenant';
import { startTestCommons, TestCommons } from '../support/app';
import { launchChromium } from '../support/browser';

describe('end to end: the tab in Chromium (local mode)', function () {
  this.timeout(60_000);
  let commons: TestCommons;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  before(async () => {
    commons = await startTestCommons({ SEED: 'true' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    await page.goto(`${commons.url}/tab/index.html#/feed`);
  });
  after(async () => {
    await browser?.close();
    await commons?.dispose();
  });

  it('shows the seeded posts in the feed, newest first, under the strict CSP', async () => {
    await page.getByTestId('post-card').first().waitFor({ timeout: 20_000 });
    const cards = await page.getByTestId('post-card').allInnerTexts();
    const newestFirst = [...DEMO_POSTS].sort((a, b) => a.minutesAgo - b.minutesAgo).map((p) => p.title);
    assert.equal(cards.length, DEMO_POSTS.length);
    newestFirst.forEach((title, i) => assert.ok(cards[i].includes(title), `card ${i} is "${title}"`));
    assert.ok(!consoleErrors.some((e) => /Content Security Policy/i.test(e)), consoleErrors.join('\n'));
  });

  it('offers the demo users in the switcher and shows the current user', async () => {
    await page.getByTestId('current-user').waitFor();
    assert.match(await page.getByTestId('current-user').innerText(), /Adele Vance|Alex Wilber/);
    await page.getByTestId('user-switcher').waitFor();
  });

  it('shows the people table on Admin for an admin, and refuses a non-admin', async () => {
    await page.evaluate(() => localStorage.clear());
    await page.getByTestId('nav-admin').click();
    const switcher = page.getByTestId('user-switcher');
    const tag = await switcher.evaluate((el) => el.tagName);
    const pick = async (name: string) => {
      if (tag === 'SELECT') await switcher.selectOption({ label: name });
      else {
        await switcher.click();
        await page.getByRole('option', { name: new RegExp(name) }).click();
      }
    };
    await pick('Alex Wilber');
    await page.getByTestId('people-table').waitFor({ timeout: 10_000 });
    assert.equal(await page.getByTestId('person-row').count(), 12);
    await pick('Lynne Robbins');
    await page.getByTestId('admin-forbidden').waitFor({ timeout: 10_000 });
  });

  it('navigates between pages with the hash route', async () => {
    await page.getByTestId('nav-communities').click();
    await page.getByTestId('page-communities').waitFor();
    assert.match(page.url(), /#\/communities$/);
    await page.getByTestId('nav-studio').click();
    await page.getByTestId('page-studio').waitFor();
  });
});
