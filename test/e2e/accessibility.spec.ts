import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import type { Browser } from 'playwright-core';
import { DEMO_PEOPLE } from '../../src/store/demo-tenant';
import { ROUTES } from '../../src/tab/routes';
import { startTestCommons, TestCommons } from '../support/app';
import { launchChromium } from '../support/browser';

// axe-core's own bundle, injected into each page: the rules run in the real browser on the rendered DOM.
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Every route's page, and pages reached below a route (a profile: the caller's own, with its form, and someone else's). */
const PAGES: Array<{ path: string; testId: string; ready?: string }> = [
  ...ROUTES.map((route) => ({ path: route.name, testId: `page-${route.name}` })),
  { path: 'people/me', testId: 'page-people', ready: 'profile' },
  { path: `people/${DEMO_PEOPLE.find((p) => p.displayName === 'Grady Archie')!.userId}`, testId: 'page-people', ready: 'profile' },
];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

describe('accessibility: every tab page passes axe-core in light and dark themes', function () {
  this.timeout(120_000);
  let commons: TestCommons;
  let browser: Browser;

  before(async () => {
    commons = await startTestCommons({ SEED: 'true' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await commons?.dispose();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    for (const route of PAGES) {
      it(`#/${route.path} has no serious or critical violations (${colorScheme})`, async () => {
        // bypassCSP lets the test inject axe; the strict CSP itself is asserted in tab.spec.ts.
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme, bypassCSP: true });
        try {
          await page.goto(`${commons.url}/tab/index.html#/${route.path}`);
          await page.getByTestId(route.testId).waitFor({ timeout: 20_000 });
          if (route.ready) await page.getByTestId(route.ready).waitFor({ timeout: 20_000 });
          // Let the page's first data load settle, so axe sees what a person sees, not a spinner.
          await page.waitForLoadState('networkidle');
          await page.addScriptTag({ content: AXE_SOURCE });
          const violations = (await page.evaluate(async () => {
            const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: unknown[] }> } }).axe;
            // Fluent's focus-trap sentinels ([data-tabster-dummy]) are invisible by design.
            const result = await axe.run({ exclude: [['[data-tabster-dummy]']] }, { resultTypes: ['violations'] });
            return result.violations;
          })) as AxeViolation[];
          const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
          assert.deepEqual(
            serious.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`),
            [],
          );
        } finally {
          await page.close();
        }
      });
    }
  }
});
