import { strict as assert } from 'assert';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PEOPLE } from '../../src/store/demo-tenant';
import { startTestCommons, TestCommons } from '../support/app';
import { seriousAxeViolations } from '../support/axe';
import { launchChromium } from '../support/browser';

/**
 * Analytics in the tab (issue 18 item 3): the page draws its charts with
 * @fluentui/react-charts (an svg each), keeps a table beside each, offers the CSV, and
 * is listed in the navigation only for people with a scope to view.
 */
const ADMIN = DEMO_PEOPLE.find((p) => p.roles.includes('admin'))!;
const NO_ROLES = DEMO_PEOPLE.find((p) => p.roles.length === 0)!;

describe('analytics page in Chromium (local mode)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let commons: TestCommons;

  before(async () => {
    commons = await startTestCommons({ SEED: 'true' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await commons?.dispose();
  });

  async function open(as: { displayName: string }, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme, acceptDownloads: true });
    await page.goto(`${commons.url}/tab/index.html#/analytics`);
    await page.getByTestId('user-switcher').selectOption({ label: as.displayName });
    await page.getByTestId('page-analytics').waitFor({ timeout: 20_000 });
    return page;
  }

  it('draws the activity line chart and the department bar chart as svg, each with a table alternative', async () => {
    const page = await open(ADMIN);
    try {
      await page.getByTestId('analytics-kpis').waitFor({ timeout: 20_000 });
      const lineChart = page.getByTestId('analytics-activity-chart').locator('svg').first();
      await lineChart.waitFor();
      assert.ok((await lineChart.boundingBox())!.width > 100, 'the line chart has a size');
      const days = page.getByTestId('analytics-activity-table').locator('tbody tr');
      assert.equal(await days.count(), 30, 'a row a day of the default period');
      // The seeded posts of today count: the last row has at least one post.
      const today = await days.last().locator('td').allTextContents(); // in a closed <details>: not rendered text
      assert.equal(today[0], new Date().toISOString().slice(0, 10));
      assert.ok(Number(today[4]) >= 1, `posts today: ${today.join(' | ')}`);
      await page.getByTestId('analytics-departments-chart').locator('svg').first().waitFor();
      assert.ok((await page.getByTestId('analytics-departments-table').locator('tbody tr').count()) >= 1);
      assert.ok(await page.getByTestId('nav-analytics').isVisible(), 'listed for an admin');
      const download = page.waitForEvent('download');
      await page.getByTestId('analytics-csv').click();
      assert.match((await download).suggestedFilename(), /^commons-analytics-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    } finally {
      await page.close();
    }
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`has no serious axe violations with its charts and tables (${theme})`, async () => {
      const page = await open(ADMIN, theme);
      try {
        await page.getByTestId('analytics-activity-chart').locator('svg').first().waitFor({ timeout: 20_000 });
        await page.getByTestId('analytics-activity').locator('summary').click();
        assert.deepEqual(await seriousAxeViolations(page), []);
      } finally {
        await page.close();
      }
    });
  }

  it('is not listed for someone with nothing to view, and says so when opened', async () => {
    const page = await open(NO_ROLES);
    try {
      await page.getByTestId('analytics-forbidden').waitFor({ timeout: 20_000 });
      await page.getByTestId('nav-feed').click();
      await page.getByTestId('page-feed').waitFor();
      assert.equal(await page.getByTestId('nav-analytics').count(), 0);
    } finally {
      await page.close();
    }
  });
});
