import type { Browser, Page } from 'playwright-core';
import type { StartOptions } from '../../src/index';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { demoPerson } from './activities';
import { startTestCommons, TestCommons } from './app';
import { launchChromium, openTabAs } from './browser';

export type ColorScheme = 'light' | 'dark';

/** The seeded app and a headless Chromium for a tab suite; `commons` and `browser` are set once the suite's `before` has run. */
export interface SeededTab {
  commons: TestCommons;
  browser: Browser;
  /** A tab page as one demo person, once the page is there (see `openTabAs`). */
  openAs(route: string, name: string, colorScheme: ColorScheme): Promise<Page>;
  /** A new 1280×900 page at a tab route, switched to the demo person `as` when given; nothing waited for. */
  openPage(route: string, options?: { as?: string; colorScheme?: ColorScheme; bypassCSP?: boolean }): Promise<Page>;
  /** The JSON API as a demo person (by display name): the parsed body. */
  api(as: string, method: string, route: string, body?: unknown): Promise<any>;
}

/**
 * Registers the suite's hooks: before it, the app with the demo tenant seeded (`env` and
 * `options` on top) and Chromium; after it, both closed. Call it inside `describe`; a
 * suite's own `before` registered after it runs once both are up.
 */
export function seededTab(env: Record<string, string> = {}, options: Omit<StartOptions, 'tabDir'> = {}): SeededTab {
  const app = {
    openAs: (route, name, colorScheme) => openTabAs(app.browser, app.commons.url, route, name, colorScheme),
    async openPage(route, { as, colorScheme = 'light', bypassCSP = false } = {}) {
      const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme, bypassCSP });
      await page.goto(`${app.commons.url}/tab/index.html#/${route}`);
      if (as) await page.getByTestId('user-switcher').selectOption({ label: as });
      return page;
    },
    async api(as, method, route, body) {
      const response = await fetch(`${app.commons.url}${route}`, { method, headers: { 'content-type': 'application/json', 'X-Dev-Tenant': DEMO_TENANT_ID, 'X-Dev-User': demoPerson(as).aadObjectId }, ...(body !== undefined && { body: JSON.stringify(body) }) });
      return (await response.json()) as any;
    },
  } as SeededTab;
  before(async () => {
    app.commons = await startTestCommons({ SEED: 'true', ...env }, options);
    app.browser = await launchChromium();
  });
  after(async () => {
    await app.browser?.close();
    await app.commons?.dispose();
  });
  return app;
}

/** Runs `check` on the page in the light theme, then the dark one, and leaves it light. */
export async function inBothThemes(page: Page, check: (colorScheme: ColorScheme) => Promise<void>): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await check(colorScheme);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
