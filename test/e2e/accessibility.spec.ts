import { strict as assert } from 'assert';
import { DEMO_PEOPLE } from '../../src/store/demo-tenant';
import { ROUTES } from '../../src/tab/routes';
import { seriousAxeViolations } from '../support/axe';
import { seededTab } from '../support/seeded-tab';

/** Every route's page, and pages reached below a route (a profile: the caller's own, with its form, and someone else's). */
const PAGES: Array<{ path: string; testId: string; ready?: string }> = [
  ...ROUTES.map((route) => ({ path: route.name, testId: `page-${route.name}` })),
  { path: 'people/me', testId: 'page-people', ready: 'profile' },
  { path: `people/${DEMO_PEOPLE.find((p) => p.displayName === 'Grady Archie')!.userId}`, testId: 'page-people', ready: 'profile' },
];

describe('accessibility: every tab page passes axe-core in light and dark themes', function () {
  this.timeout(120_000);
  const app = seededTab();

  for (const colorScheme of ['light', 'dark'] as const) {
    for (const route of PAGES) {
      it(`#/${route.path} has no serious or critical violations (${colorScheme})`, async () => {
        // bypassCSP lets the test inject axe; the strict CSP itself is asserted in tab.spec.ts.
        const page = await app.openPage(route.path, { colorScheme, bypassCSP: true });
        try {
          await page.getByTestId(route.testId).waitFor({ timeout: 20_000 });
          if (route.ready) await page.getByTestId(route.ready).waitFor({ timeout: 20_000 });
          // Let the page's first data load settle, so axe sees what a person sees, not a spinner.
          await page.waitForLoadState('networkidle');
          assert.deepEqual(await seriousAxeViolations(page, { wholeDocument: true }), []);
        } finally {
          await page.close();
        }
      });
    }
  }
});
