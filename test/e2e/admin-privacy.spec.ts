import { strict as assert } from 'assert';
import type { Browser } from 'playwright-core';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { startTestCommons, TestCommons } from '../support/app';
import { seriousAxeViolations } from '../support/axe';
import { launchChromium, openTabAs } from '../support/browser';
import { devApi } from '../support/dev-api';

const person = (name: string) => DEMO_PEOPLE.find((p) => p.displayName === name)!;
const ALEX = person('Alex Wilber'); // admin

describe('end to end: the Admin page\'s Privacy section in Chromium (local mode)', function () {
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

  for (const [colorScheme, name] of [['light', 'Lynne Robbins'], ['dark', 'Diego Siciliani']] as const) {
    it(`erases a person after a confirm step and shows the report (${colorScheme})`, async () => {
      const target = person(name);
      const page = await openTabAs(browser, commons.url, 'admin', ALEX.displayName, colorScheme);
      try {
        const section = page.getByTestId('privacy-admin');
        await section.getByRole('heading', { name: 'Privacy', exact: true }).waitFor();
        await section.getByTestId('privacy-settings').waitFor();
        assert.deepEqual(await seriousAxeViolations(page), []);
        const start = section.getByRole('button', { name: 'Erase…' });
        assert.equal(await start.isDisabled(), true, 'nothing to erase without an id');
        await section.getByLabel('Their Microsoft Entra object id').fill(target.userId);
        await start.click();
        const confirm = page.getByRole('alertdialog', { name: 'Erase this person?' });
        await confirm.waitFor();
        assert.deepEqual(await seriousAxeViolations(page), [], 'the confirm step too');
        await confirm.getByRole('button', { name: 'Erase', exact: true }).click();
        const report = section.getByTestId('erasure-report');
        await report.waitFor();
        assert.match(await report.getByRole('status').innerText(), /Erased\. What remains carries the pseudonym erased:[0-9a-f]{32}/);
        assert.equal(await report.getByTestId('erasure-count-profile').getByRole('cell').nth(1).innerText(), '1');
        assert.deepEqual(await seriousAxeViolations(page), [], 'and the report');
        assert.equal(await commons.repositories.people.get(DEMO_TENANT_ID, target.userId), undefined, 'really erased');
      } finally {
        await page.context().close();
      }
    });
  }

  it('saves the privacy settings, and shows a clear message for a bad value', async () => {
    const page = await openTabAs(browser, commons.url, 'admin', ALEX.displayName, 'light');
    try {
      const settings = page.getByTestId('privacy-settings');
      await settings.waitFor();
      await settings.getByRole('radio', { name: 'Deleted' }).check();
      await settings.getByLabel('Delete content older than this many months').fill('6');
      await settings.getByLabel('Days a removed post keeps its text and comments').fill('0');
      await settings.getByRole('button', { name: 'Save privacy settings' }).click();
      await settings.getByRole('status').waitFor();
      assert.doesNotMatch(await settings.getByRole('status').innerText(), /^Saved\.$/, 'refused');
      assert.equal((await devApi(commons.url, DEMO_TENANT_ID, ALEX.userId)('GET', '/api/v1/settings/privacy')).body.erasureMode, 'anonymise', 'nothing changed');
      await settings.getByLabel('Days a removed post keeps its text and comments').fill('14');
      await settings.getByRole('button', { name: 'Save privacy settings' }).click();
      await settings.getByRole('status').getByText('Saved.').waitFor();
      const saved = (await devApi(commons.url, DEMO_TENANT_ID, ALEX.userId)('GET', '/api/v1/settings/privacy')).body;
      assert.deepEqual([saved.erasureMode, saved.removedPurgeDays, saved.retentionMonths], ['delete', 14, 6]);
    } finally {
      await page.context().close();
    }
  });
});
