import { strict as assert } from 'assert';
import type { Page } from 'playwright-core';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { PEOPLE_PAGE_MAX } from '../../src/domain/people-search';
import { seriousAxeViolations } from '../support/axe';
import { syntheticOrganisation } from '../support/directory-people';
import { seededTab } from '../support/seeded-tab';

/**
 * Issue 13.3: the Admin page lists people (paged, searchable) and assigns roles in a
 * dialog, each change recorded with who and when; axe finds nothing serious in light
 * or dark, the dialog included (checkbox labels in a portal keep their contrast).
 */
const ADMIN = DEMO_PEOPLE.find((p) => p.roles.includes('admin'))!;
const MEGAN = DEMO_PEOPLE.find((p) => p.displayName.startsWith('Megan'))!;
const asAdmin = { 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': ADMIN.userId };

describe('Admin page: people and roles in Chromium (local mode)', function () {
  this.timeout(120_000);
  const app = seededTab();

  before(async () => {
    // More people than one page holds, so the list pages.
    const extra = syntheticOrganisation(PEOPLE_PAGE_MAX + 10);
    await app.commons.repositories.people.save(DEMO_TENANT_ID, extra.map((p) => ({ userId: p.id, source: 'graph' as const, profile: { displayName: p.displayName, jobTitle: p.jobTitle, department: p.department, accountEnabled: true } })), new Date().toISOString());
  });

  async function openAdmin(colorScheme: 'light' | 'dark'): Promise<Page> {
    const page = await app.openPage('admin', { as: ADMIN.displayName, colorScheme });
    await page.getByTestId('people-table').waitFor({ timeout: 20_000 });
    return page;
  }

  for (const theme of ['light', 'dark'] as const) {
    it(`pages, searches and opens the roles dialog with no serious accessibility violation (${theme})`, async () => {
      const page = await openAdmin(theme);
      try {
        assert.equal(await page.getByTestId('person-row').count(), PEOPLE_PAGE_MAX, 'one page');
        assert.deepEqual(await seriousAxeViolations(page), [], 'the list');
        await page.getByTestId('people-more').click();
        await page.waitForFunction((n) => document.querySelectorAll('[data-testid="person-row"]').length > n, PEOPLE_PAGE_MAX);

        await page.getByRole('searchbox', { name: 'Search people' }).fill('meg');
        await page.waitForFunction(() => document.querySelectorAll('[data-testid="person-row"]').length === 1);
        assert.match(await page.getByTestId('person-row').innerText(), /Megan Bowen/);

        await page.getByRole('button', { name: `Edit roles of ${MEGAN.displayName}` }).click();
        await page.getByTestId('roles-dialog').waitFor();
        assert.deepEqual(await seriousAxeViolations(page), [], 'the dialog');
        await page.keyboard.press('Escape');
        await page.getByTestId('roles-dialog').waitFor({ state: 'detached' });
      } finally {
        await page.close();
      }
    });
  }

  it('assigns a role through the dialog, shows it at once and records who and when', async () => {
    const page = await openAdmin('light');
    try {
      await page.getByRole('searchbox', { name: 'Search people' }).fill('megan');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="person-row"]').length === 1);
      await page.getByTestId('edit-roles').click();
      const dialog = page.getByTestId('roles-dialog');
      await dialog.getByRole('checkbox', { name: 'Moderator' }).check();
      await dialog.getByRole('checkbox', { name: 'Approver' }).check();
      await dialog.getByTestId('roles-save').click();
      await dialog.waitFor({ state: 'detached' });
      const row = page.getByTestId('person-row');
      await row.getByText('Moderator').waitFor();
      await row.getByText('Approver').waitFor();

      const people = await (await fetch(`${app.commons.url}/api/v1/people?search=megan`, { headers: asAdmin })).json();
      assert.deepEqual(people.people[0].roles.filter((r: string) => r === 'moderator' || r === 'approver').sort(), ['approver', 'moderator']);
      const history = await (await fetch(`${app.commons.url}/api/v1/people/${MEGAN.userId}/roles/history`, { headers: asAdmin })).json();
      assert.equal(history.changes[0].changedBy, ADMIN.userId);
      assert.ok(Date.now() - Date.parse(history.changes[0].changedAt) < 10 * 60_000);

      // Reopened, the dialog shows the change in its history.
      await page.getByTestId('edit-roles').click();
      await page.getByTestId('roles-history').waitFor();
      await page.keyboard.press('Escape');
    } finally {
      await page.close();
    }
  });

  it('says why when an admin tries to remove their own admin role, and changes nothing', async () => {
    const page = await openAdmin('light');
    try {
      await page.getByRole('searchbox', { name: 'Search people' }).fill(ADMIN.displayName.split(' ')[0]);
      await page.getByRole('button', { name: `Edit roles of ${ADMIN.displayName}` }).click();
      const dialog = page.getByTestId('roles-dialog');
      await dialog.getByRole('checkbox', { name: 'Admin' }).uncheck();
      await dialog.getByTestId('roles-save').click();
      await dialog.getByTestId('roles-error').waitFor();
      assert.match(await dialog.getByTestId('roles-error').innerText(), /cannot remove your own admin role/);
      const me = await (await fetch(`${app.commons.url}/api/v1/me`, { headers: asAdmin })).json();
      assert.ok(me.roles.includes('admin'));
    } finally {
      await page.close();
    }
  });
});
