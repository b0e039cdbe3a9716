import { strict as assert } from 'assert';
import type { Browser } from 'playwright-core';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { demoPerson } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { seriousAxeViolations } from '../support/axe';
import { launchChromium, openTabAs } from '../support/browser';

/**
 * Following and digest settings in Chromium (local mode): the follow button on a
 * community page and on its discussions is a toggle named for what it follows, and the
 * server agrees with what it shows; the settings page saves the digest frequency and
 * the weekly switch.
 */
describe('end to end: following and digest settings in Chromium (local mode)', function () {
  this.timeout(120_000);
  let commons: TestCommons;
  let browser: Browser;
  const api = async (as: string, method: string, route: string, body?: unknown) => {
    const response = await fetch(`${commons.url}${route}`, { method, headers: { 'content-type': 'application/json', 'X-Dev-Tenant': DEMO_TENANT_ID, 'X-Dev-User': demoPerson(as).aadObjectId }, ...(body !== undefined && { body: JSON.stringify(body) }) });
    return (await response.json()) as any;
  };

  before(async () => {
    commons = await startTestCommons({ SEED: 'true' });
    const guild = await api('Megan Bowen', 'POST', '/api/v1/communities', { name: 'Trail runners', description: 'Weekend trail runs.', emoji: '🏃', colour: 'green', privacy: 'open' });
    await api('Megan Bowen', 'POST', `/api/v1/communities/${guild.id}/posts`, { kind: 'discussion', text: 'Which trail on Saturday?' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await commons?.dispose();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`follows and unfollows a community and a discussion from the community page (${colorScheme})`, async () => {
      const who = colorScheme === 'light' ? 'Nestor Wilke' : 'Patti Fernandez';
      const page = await openTabAs(browser, commons.url, 'communities', who, colorScheme);
      await page.getByRole('button', { name: 'Open Trail runners' }).click();
      const follow = page.getByRole('button', { name: 'Follow Trail runners' });
      await follow.waitFor({ timeout: 20_000 });
      await page.waitForFunction(() => !document.querySelector('[data-testid="follow-community"]')?.hasAttribute('disabled'));
      assert.equal(await follow.getAttribute('aria-pressed'), 'false');
      await follow.click();
      const following = page.getByRole('button', { name: 'Following Trail runners' });
      await following.waitFor();
      assert.equal(await following.getAttribute('aria-pressed'), 'true');
      assert.equal(await following.innerText(), 'Following');
      const mine = await api(who, 'GET', '/api/v1/me/follows');
      assert.deepEqual(mine.follows.map((f: any) => [f.kind, f.name]), [['community', 'Trail runners']]);

      const thread = page.getByRole('button', { name: 'Follow Which trail on Saturday?' });
      await thread.click();
      await page.getByRole('button', { name: 'Following Which trail on Saturday?' }).waitFor();
      assert.deepEqual((await api(who, 'GET', '/api/v1/me/follows')).follows.map((f: any) => f.kind).sort(), ['community', 'thread']);
      assert.deepEqual(await seriousAxeViolations(page), [], 'community page with follow buttons');

      await following.click();
      await follow.waitFor();
      assert.deepEqual((await api(who, 'GET', '/api/v1/me/follows')).follows.map((f: any) => f.kind), ['thread']);
      await page.close();
    });
  }

  it('saves the digest frequency and the weekly switch from the settings page', async () => {
    const page = await openTabAs(browser, commons.url, 'settings', 'Lynne Robbins', 'light');
    await page.getByTestId('page-settings').waitFor({ timeout: 20_000 });
    await page.getByRole('radio', { name: 'At most once a day' }).check();
    await page.getByRole('switch', { name: 'Weekly digest of top posts and kudos' }).click();
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-result').waitFor();
    assert.match(await page.getByTestId('settings-result').innerText(), /saved/);
    assert.deepEqual(await api('Lynne Robbins', 'GET', '/api/v1/me/digest'), { frequency: 'daily', weekly: false });
    await page.reload();
    await page.getByRole('radio', { name: 'At most once a day' }).waitFor({ timeout: 20_000 });
    assert.equal(await page.getByRole('radio', { name: 'At most once a day' }).isChecked(), true, 'kept after a reload');
    assert.equal(await page.getByRole('switch', { name: 'Weekly digest of top posts and kudos' }).isChecked(), false);
    await page.close();
  });

  it('lists what the person follows on the settings page, and unfollows from there', async () => {
    const community = (await api('Megan Bowen', 'GET', '/api/v1/communities')).communities.find((c: any) => c.name === 'Trail runners');
    await api('Diego Siciliani', 'PUT', `/api/v1/me/follows/community/${community.id}`);
    const page = await openTabAs(browser, commons.url, 'settings', 'Diego Siciliani', 'dark');
    const button = page.getByRole('button', { name: 'Following Trail runners' });
    await button.waitFor({ timeout: 20_000 });
    assert.match(await page.getByTestId('settings-follows').innerText(), /Community: Trail runners/);
    assert.deepEqual(await seriousAxeViolations(page), []);
    await button.click();
    await page.getByRole('button', { name: 'Follow Trail runners' }).waitFor();
    assert.deepEqual((await api('Diego Siciliani', 'GET', '/api/v1/me/follows')).follows, []);
    await page.close();
  });
});
