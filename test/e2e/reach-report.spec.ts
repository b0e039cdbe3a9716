import { strict as assert } from 'assert';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { seriousAxeViolations } from '../support/axe';
import { seededTab } from '../support/seeded-tab';

const ADMIN = DEMO_PEOPLE.find((p) => p.roles.includes('admin'))!;

/**
 * The Admin page's Reach section in Chromium: how many of the directory Commons can
 * reach and why not the rest (from GET /api/v1/directory/reach), and what the last
 * weekly digest run did, with its unreachable reasons; axe-clean in light and dark.
 */
describe('Admin page: the Reach section (directory reach and the weekly digest run) in Chromium', function () {
  this.timeout(120_000);
  const tab = seededTab();

  const figures = async (page: Awaited<ReturnType<typeof tab.openPage>>, testId: string) => {
    const list = page.getByTestId(testId);
    const terms = await list.locator('dt').allTextContents();
    const values = await list.locator('dd').allTextContents();
    return Object.fromEntries(terms.map((term, i) => [term, Number(values[i].replace(/[^0-9]/g, ''))]));
  };

  it('says the weekly digest has not run yet, with the directory\'s reach as the API counts it', async () => {
    const reach = await tab.api(ADMIN.displayName, 'GET', '/api/v1/directory/reach');
    const page = await tab.openPage('admin', { as: ADMIN.displayName });
    try {
      await page.getByTestId('weekly-reach-none').waitFor({ timeout: 20_000 });
      const shown = await figures(page, 'reach-figures');
      assert.equal(shown['People in the directory'], reach.people);
      assert.equal(shown['People in the directory'], DEMO_PEOPLE.length);
      assert.equal(shown['Reachable in a personal chat'], reach.reachable);
      assert.equal(shown['Commons not installed for them'], reach.unreachable.not_installed);
    } finally {
      await page.close();
    }
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`shows the last weekly digest run with every reason, accessibly (${colorScheme})`, async () => {
      await tab.commons.repositories.follows.saveWeeklyReach(DEMO_TENANT_ID, {
        at: new Date(Date.now() - 3_600_000).toISOString(),
        people: 12, off: 2, scheduled: 7, newlyScheduled: 3, installed: 1,
        unreachable: { uninstalled: 1, not_installed: 1, conversation_blocked: 1 },
      });
      const page = await tab.openPage('admin', { as: ADMIN.displayName, colorScheme });
      try {
        await page.getByTestId('weekly-reach-figures').waitFor({ timeout: 20_000 });
        assert.deepEqual(await figures(page, 'weekly-reach-figures'), {
          Scheduled: 7, 'Newly scheduled by that run': 3, 'Turned it off': 2, 'Installed for by that run': 1,
          'Removed Commons': 1, 'Commons not installed for them': 1, 'conversation blocked': 1,
        });
        await page.getByText(/Last run/).waitFor();
        assert.deepEqual(await seriousAxeViolations(page), []);
      } finally {
        await page.close();
      }
    });
  }
});
