import { strict as assert } from 'assert';
import type { Browser } from 'playwright-core';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { startTestCommons, TestCommons } from '../support/app';
import { seriousAxeViolations } from '../support/axe';
import { launchChromium } from '../support/browser';
import { FakeGraph } from '../support/fake-graph';

/**
 * Issue 13.5 in the tab: the Admin page's "Reaching people" switch turns proactive
 * installation on and off for the tenant (stored, and read back by the API), labelled
 * and axe-clean in light and dark; where the deployment cannot install, it says why
 * and cannot be switched on.
 */
const ADMIN = DEMO_PEOPLE.find((p) => p.roles.includes('admin'))!;
const asAdmin = { 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': ADMIN.userId };

describe('Admin page: proactive installation switch in Chromium (local mode)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let graph: FakeGraph;
  const running: TestCommons[] = [];

  before(async () => {
    graph = await new FakeGraph().start();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    for (const commons of running) await commons.dispose();
    await graph?.stop();
  });

  async function adminPage(commons: TestCommons, colorScheme: 'light' | 'dark') {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme });
    await page.goto(`${commons.url}/tab/index.html#/admin`);
    await page.getByTestId('user-switcher').selectOption({ label: ADMIN.displayName });
    await page.getByTestId('delivery-settings').getByRole('switch').waitFor({ timeout: 20_000 });
    return page;
  }

  for (const theme of ['light', 'dark'] as const) {
    it(`turns proactive installation on and off, stored for the tenant (${theme})`, async () => {
      const commons = await startTestCommons({ SEED: 'true', GRAPH_BASE_URL: graph.url, GRAPH_SYNC_INTERVAL_MINUTES: '0', TEAMS_APP_ID: '00000000-0000-0000-0000-000000000010' });
      running.push(commons);
      const page = await adminPage(commons, theme);
      try {
        const toggle = page.getByRole('switch', { name: /Install Commons for people who have not opened it/ });
        assert.equal(await toggle.isChecked(), false, 'off by default');
        await toggle.click();
        await page.getByText('Saved.').waitFor();
        const stored = await (await fetch(`${commons.url}/api/v1/settings/delivery`, { headers: asAdmin })).json();
        assert.equal(stored.proactiveInstall, true);
        assert.deepEqual(await seriousAxeViolations(page), []);
        await page.reload();
        await page.getByTestId('user-switcher').selectOption({ label: ADMIN.displayName });
        await page.getByRole('switch', { name: /Install Commons/ }).waitFor();
        assert.equal(await page.getByRole('switch', { name: /Install Commons/ }).isChecked(), true, 'read back after a reload');
        await page.getByRole('switch', { name: /Install Commons/ }).click();
        await page.getByText('Saved.').waitFor();
        assert.equal((await (await fetch(`${commons.url}/api/v1/settings/delivery`, { headers: asAdmin })).json()).proactiveInstall, false);
      } finally {
        await page.close();
      }
    });
  }

  it('says why it cannot be switched on without a Graph and the Teams app id', async () => {
    const commons = await startTestCommons({ SEED: 'true' });
    running.push(commons);
    const page = await adminPage(commons, 'light');
    try {
      assert.equal(await page.getByRole('switch', { name: /Install Commons/ }).isDisabled(), true);
      await page.getByText(/TeamsAppInstallation\.ReadWriteForUser\.All/).waitFor();
    } finally {
      await page.close();
    }
  });
});
