import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import type { Browser } from 'playwright-core';
import { DEMO_PEOPLE } from '../../src/store/demo-tenant';
import { botInstalled, mentioning, postActivity } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { seriousAxeViolations } from '../support/axe';
import { launchChromium, openTabAs } from '../support/browser';
import { MockConnector } from '../support/connector';

const LYNNE = DEMO_PEOPLE.find((p) => p.displayName === 'Lynne Robbins')!;

describe('end to end: "Your data" in Chromium (local mode)', function () {
  this.timeout(120_000);
  let commons: TestCommons;
  let connector: MockConnector;
  let browser: Browser;

  before(async () => {
    connector = await new MockConnector().start();
    commons = await startTestCommons({ SEED: 'true' });
    await postActivity(commons.url, botInstalled({ serviceUrl: connector.url, place: 'channel' }));
    const from = { id: '29:lynne', name: LYNNE.displayName, aadObjectId: LYNNE.userId };
    assert.equal((await postActivity(commons.url, mentioning('post Lynne-in-the-browser quarterly numbers', { serviceUrl: connector.url, place: 'channel', from }))).status, 200);
    await connector.waitFor((call) => call.method === 'POST');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await commons?.dispose();
    await connector?.stop();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`downloads the person's own data as JSON with one click (${colorScheme})`, async () => {
      const page = await openTabAs(browser, commons.url, 'privacy', 'Lynne Robbins', colorScheme);
      try {
        await page.getByRole('heading', { name: 'Your data' }).waitFor();
        assert.deepEqual(await seriousAxeViolations(page), []);
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my data' }).click()]);
        assert.match(download.suggestedFilename(), /^commons-my-data-\d{4}-\d{2}-\d{2}\.json$/);
        const data = JSON.parse(readFileSync((await download.path())!, 'utf8'));
        assert.equal(data.userId, LYNNE.userId);
        assert.deepEqual(data.posts.map((p: { body: string }) => p.body), ['Lynne-in-the-browser quarterly numbers']);
        await page.getByTestId('privacy-result').getByText('Your data was downloaded.').waitFor();
      } finally {
        await page.context().close();
      }
    });
  }
});
