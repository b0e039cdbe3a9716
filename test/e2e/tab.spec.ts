import { strict as assert } from 'assert';
import type { Page } from 'playwright-core';
import { DEFAULT_REACTIONS } from '../../src/domain/reactions';
import { t } from '../../src/i18n';
import { DEMO_POSTS } from '../../src/store/demo-tenant';
import { seededTab } from '../support/seeded-tab';

describe('end to end: the tab in Chromium (local mode)', function () {
  this.timeout(60_000);
  const app = seededTab();
  let page: Page;
  const consoleErrors: string[] = [];

  before(async () => {
    page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    await page.goto(`${app.commons.url}/tab/index.html#/feed`);
  });

  it('shows the seeded posts in the feed, newest first, under the strict CSP', async () => {
    await page.getByTestId('post-card').first().waitFor({ timeout: 20_000 });
    const cards = await page.getByTestId('post-card').allInnerTexts();
    const newestFirst = [...DEMO_POSTS].sort((a, b) => a.minutesAgo - b.minutesAgo).map((p) => p.title);
    assert.equal(cards.length, DEMO_POSTS.length);
    newestFirst.forEach((title, i) => assert.ok(cards[i].includes(title), `card ${i} is "${title}"`));
    assert.ok(!consoleErrors.some((e) => /Content Security Policy/i.test(e)), consoleErrors.join('\n'));
  });

  it('offers the demo users in the switcher and shows the current user', async () => {
    await page.getByTestId('current-user').waitFor();
    assert.match(await page.getByTestId('current-user').innerText(), /Adele Vance|Alex Wilber/);
    await page.getByTestId('user-switcher').waitFor();
  });

  it('shows the people table on Admin for an admin, and refuses a non-admin', async () => {
    await page.evaluate(() => localStorage.clear());
    await page.getByTestId('nav-admin').click();
    const switcher = page.getByTestId('user-switcher');
    const tag = await switcher.evaluate((el) => el.tagName);
    const pick = async (name: string) => {
      if (tag === 'SELECT') await switcher.selectOption({ label: name });
      else {
        await switcher.click();
        await page.getByRole('option', { name: new RegExp(name) }).click();
      }
    };
    await pick('Alex Wilber');
    await page.getByTestId('people-table').waitFor({ timeout: 10_000 });
    assert.equal(await page.getByTestId('person-row').count(), 12);
    await pick('Lynne Robbins');
    await page.getByTestId('admin-forbidden').waitFor({ timeout: 10_000 });
  });

  it('navigates between pages with the hash route', async () => {
    await page.getByTestId('nav-communities').click();
    await page.getByTestId('page-communities').waitFor();
    assert.match(page.url(), /#\/communities$/);
    await page.getByTestId('nav-studio').click();
    await page.getByTestId('page-studio').waitFor();
  });

  it('lets an admin relabel, add and save reactions, and stores nothing when a label is empty', async () => {
    const asAlex = { 'X-Dev-Tenant': '7f3c2a10-5b1e-4c8e-9a4d-2e6f0c1d9b01', 'X-Dev-User': '5e1f0a2b-7c3d-4e5f-8a9b-0c1d2e3f4001' };
    const storedReactions = async () => {
      const response = await fetch(`${app.commons.url}/api/v1/settings/reactions`, { headers: asAlex });
      assert.equal(response.status, 200);
      return ((await response.json()) as { reactions: Array<{ type: string; emoji: string; label: string }> }).reactions;
    };
    const before = await storedReactions();
    assert.ok(before.length < 6, 'there is room for one more reaction');

    await page.goto(`${app.commons.url}/tab/index.html#/admin`);
    await page.getByTestId('user-switcher').selectOption({ label: 'Alex Wilber' });
    const settings = page.getByTestId('reaction-settings');
    await settings.getByTestId('reaction-row').first().waitFor({ timeout: 10_000 });
    assert.equal(await settings.getByTestId('reaction-row').count(), before.length);

    await settings.getByLabel('Label of reaction 1', { exact: true }).fill('Thumbs up');
    const addForm = settings.getByRole('form', { name: t('en', 'tab.admin.reactions.add.title') });
    await addForm.getByTestId('reaction-add-emoji').fill('🙏');
    await addForm.getByTestId('reaction-add-label').fill('Thanks');
    await addForm.getByRole('button', { name: t('en', 'tab.admin.reactions.add.submit') }).click();
    await settings.getByRole('button', { name: 'Thanks', exact: true }).waitFor(); // the preview's button, named by its tooltip
    assert.equal(await settings.getByTestId('reaction-preview-button').count(), before.length + 1);

    const save = settings.getByRole('button', { name: t('en', 'tab.admin.reactions.save') });
    await save.click();
    await settings.getByTestId('reaction-saved').waitFor({ timeout: 10_000 });
    assert.equal(await settings.getByTestId('reaction-saved').innerText(), t('en', 'tab.admin.reactions.saved'));
    const expected = [{ ...before[0], label: 'Thumbs up' }, ...before.slice(1), { type: 'thanks', emoji: '🙏', label: 'Thanks' }];
    assert.deepEqual(await storedReactions(), expected);

    // Hold the next save so the page can be seen while it is under way.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/v1/settings/reactions', async (route) => {
      if (route.request().method() === 'PUT') await held;
      await route.continue();
    });
    try {
      await settings.getByLabel('Label of reaction 2', { exact: true }).fill('');
      await save.click();
      await settings.getByRole('button', { name: t('en', 'tab.admin.reactions.saving') }).waitFor();
      assert.equal(await settings.getByTestId('reaction-save').getAttribute('aria-disabled'), 'true', 'Save is disabled while saving');
      release();
      const error = settings.getByTestId('reaction-save-error');
      await error.waitFor({ timeout: 10_000 });
      const serverMessage = t('en', 'error.bad_request', { detail: `reaction "${before[1].type}": a label of 1 to 20 characters` });
      assert.equal(await error.innerText(), t('en', 'tab.admin.reactions.saveFailed', { message: serverMessage }));
    } finally {
      release();
      await page.unroute('**/api/v1/settings/reactions');
    }
    assert.deepEqual(await storedReactions(), expected, 'the failed save stored nothing');

    // Leave the tenant as the seed made it, through the page's own reset.
    await settings.getByRole('button', { name: t('en', 'tab.admin.reactions.reset') }).click();
    await save.click();
    await settings.getByTestId('reaction-saved').waitFor({ timeout: 10_000 });
    assert.deepEqual(await storedReactions(), DEFAULT_REACTIONS.map((option) => ({ ...option })));
  });
});
