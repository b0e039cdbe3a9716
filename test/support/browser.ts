import { existsSync } from 'fs';
import { chromium, Browser, Page } from 'playwright-core';

/** Debian's chromium package; `.ci/run` installs it when missing. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Opens a tab page in local mode as one demo person (bypassCSP: axe is injected), once the page is there. */
export async function openTabAs(browser: Browser, appUrl: string, route: string, name: string, colorScheme: 'light' | 'dark'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 1000 }, colorScheme, bypassCSP: true });
  await page.goto(`${appUrl}/tab/index.html#/${route}`);
  await page.getByTestId('user-switcher').waitFor({ timeout: 20_000 });
  await page.getByTestId('user-switcher').selectOption({ label: name });
  await page.getByTestId(`page-${route}`).waitFor();
  return page;
}
