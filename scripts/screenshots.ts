// `npm run screenshots`: the README's pictures of Studio, taken from the real app.
// Starts Commons in-process in local mode with the demo seed (embedded Cosmos store, a
// loopback Bot Connector that accepts every send, slowed down so that delivery progress
// can be seen), drives the tab in headless Chromium (Debian's chromium, as the browser
// tests do) and saves PNGs to docs/screenshots/.
import { mkdirSync } from 'fs';
import path from 'path';
import type { Page } from 'playwright-core';
import { VERBS } from '../src/cards/verbs';
import { createRepositories } from '../src/store';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../src/store/demo-tenant';
import { actionExecute, postActivity } from '../test/support/activities';
import { startTestCommons } from '../test/support/app';
import { launchChromium } from '../test/support/browser';
import { MockConnector } from '../test/support/connector';
import { eventually, FAST_TIMINGS, installChannel, installPersonalChat } from '../test/support/delivery';

const OUT = path.resolve(__dirname, '..', 'docs', 'screenshots');
const person = (name: string) => DEMO_PEOPLE.find((p) => p.displayName === name)!;
const ALEX = person('Alex Wilber');
const CHANNEL = '19:screenshots-announcements@thread.tacv2';
/** Sends accepted per second: slow enough to see the progress bar move. */
const SENDS_PER_SECOND = 2;

async function shoot(page: Page, name: string) {
  await page.mouse.move(0, 0);
  await page.waitForFunction(() => document.getAnimations().length === 0, undefined, { timeout: 10_000 }).catch(() => undefined);
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`saved ${path.relative(process.cwd(), file)}`);
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const connector = await new MockConnector({ tenantLimitPerSecond: SENDS_PER_SECOND }).start();
  const commons = await startTestCommons({ SEED: 'true', COMMONS_ADMINS: ALEX.userId }, { deliveryTimings: FAST_TIMINGS });
  const browser = await launchChromium();
  try {
    const repositories = createRepositories(commons.store);
    await installChannel(repositories, connector.url, CHANNEL, DEMO_TENANT_ID);
    // Most of the directory has a personal chat with Commons; two do not yet.
    const chatting = DEMO_PEOPLE.slice(0, -2);
    for (const p of chatting) await installPersonalChat(repositories, connector.url, p.userId, DEMO_TENANT_ID);

    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, colorScheme: 'light' });
    await page.goto(`${commons.url}/tab/index.html#/studio`);
    await page.getByTestId('user-switcher').selectOption({ label: 'Adele Vance' });
    await page.getByTestId('page-studio').waitFor({ timeout: 30_000 });

    // 1. Compose from a template, with the live preview of the real card.
    await page.getByTestId('studio-template').selectOption({ label: 'Town hall' });
    await page.getByTestId('studio-new').click();
    await page.getByTestId('studio-title').waitFor({ timeout: 30_000 });
    await page.getByTestId('studio-title').fill('Town hall: our plans for 2027');
    await page.getByTestId('studio-body').fill('Join Joni Sherman on **Thursday at 15:00** for the plans of the year.\n\n- What we achieved\n- Where we go next\n- Your questions');
    await page.getByTestId('studio-audience').getByText('Everyone').click();
    await page.getByTestId('studio-preview').locator('.ac-adaptiveCard').getByText('Town hall: our plans for 2027').waitFor({ timeout: 30_000 });
    await page.getByTestId('studio-preview').locator('.ac-adaptiveCard').getByText(/Thursday at 15:00/).waitFor({ timeout: 30_000 });
    await page.getByTestId('studio-reach').getByText(/About \d+ recipients/).waitFor({ timeout: 30_000 });
    await shoot(page, 'studio-compose');

    // 2. Send: delivery progress while it is under way.
    await page.getByTestId('studio-send').click();
    const progress = page.getByTestId('studio-progress-text');
    await progress.waitFor({ timeout: 30_000 });
    await page
      .waitForFunction(() => {
        const text = document.querySelector('[data-testid="studio-progress-text"]')?.textContent ?? '';
        return !/^completed/.test(text) && /: [1-9]\d* of/.test(text);
      }, undefined, { timeout: 30_000 })
      .catch(() => undefined);
    await shoot(page, 'studio-sending');
    await progress.getByText(/^completed/).waitFor({ timeout: 60_000 });

    // 3. The post's report once people engaged: reactions and acknowledgements over time, with the chart.
    const announcementId = await eventually(async () => (await repositories.studio.draftsOf(DEMO_TENANT_ID, person('Adele Vance').userId)).find((d) => d.announcementId)?.announcementId, 10_000, 'the sent draft');
    const reactions = ['like', 'celebrate', 'love', 'insightful'];
    for (const [i, p] of chatting.slice(0, 8).entries()) {
      const from = { id: `29:${p.userId}`, name: p.displayName, aadObjectId: p.userId };
      await postActivity(commons.url, actionExecute(VERBS.postReact, { postId: announcementId, reaction: reactions[i % reactions.length] }, { serviceUrl: connector.url, place: 'personal', from }));
    }
    await page.goto(`${commons.url}/tab/index.html#/sent/${announcementId}`);
    await page.getByTestId('page-sent').waitFor({ timeout: 30_000 });
    await page.getByTestId('engagement-chart').waitFor({ timeout: 30_000 });
    await shoot(page, 'post-report');
  } finally {
    await browser.close();
    await commons.dispose();
    await connector.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
