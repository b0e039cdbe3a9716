import { strict as assert } from 'assert';
import type { Page } from 'playwright-core';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { seriousAxeViolations } from '../support/axe';
import { seededTab } from '../support/seeded-tab';

/**
 * Issue 17 in the tab: Report on a feed post (reason, note, the server's
 * acknowledgement, stored once), and the Admin page's Moderation section (report
 * threshold and word list, a bad line named by its line in the box), axe-clean.
 */
const ADMIN = DEMO_PEOPLE.find((p) => p.roles.includes('admin'))!;
const LYNNE = DEMO_PEOPLE.find((p) => p.displayName === 'Lynne Robbins')!;
const asAdmin = { 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': ADMIN.userId };

describe('reporting and moderation settings in Chromium (local mode)', function () {
  this.timeout(120_000);
  const app = seededTab();

  const open = (route: string, as: { displayName: string }, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> => app.openPage(route, { as: as.displayName, colorScheme });

  it('reports a post from the feed with a reason and a note, and acknowledges it', async () => {
    const page = await open('feed', LYNNE);
    try {
      const card = page.getByTestId('post-card').first();
      await card.waitFor({ timeout: 20_000 });
      await card.getByTestId('post-report').click();
      const dialog = page.getByTestId('report-dialog');
      await dialog.waitFor();
      assert.equal(await dialog.getByTestId('report-submit').isDisabled(), true, 'a reason first');
      await dialog.getByRole('radio', { name: 'Spam or advertising' }).check();
      await dialog.getByRole('textbox').fill('Same text in every channel');
      assert.deepEqual(await seriousAxeViolations(page), []);
      await dialog.getByTestId('report-submit').click();
      await page.getByTestId('report-thanks').waitFor();
      assert.match(await page.getByTestId('report-thanks').innerText(), /A moderator will review it/);
      const { resources } = await app.commons.store.containers.moderation.items.query({ query: 'SELECT * FROM c WHERE c.type = "report" AND c.userId = @user', parameters: [{ name: '@user', value: LYNNE.userId }] }).fetchAll();
      assert.deepEqual(resources.map((r) => [r.reason, r.note]), [['spam', 'Same text in every channel']]);
    } finally {
      await page.close();
    }
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`lets a moderator clear the queue: remove one, approve the rest in bulk (${theme})`, async () => {
      const PATTI = DEMO_PEOPLE.find((p) => p.roles.includes('moderator') && !p.roles.includes('admin'))!;
      // Three fresh discussions in an open community, each reported once.
      const asLynne = { 'content-type': 'application/json', 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': LYNNE.userId };
      const community = (await (await fetch(`${app.commons.url}/api/v1/communities`, { method: 'POST', headers: asLynne, body: JSON.stringify({ name: `Queue club ${theme}`, privacy: 'open' }) })).json()) as { id: string };
      const [first, second, third] = await Promise.all(['one', 'two', 'three'].map(async (n) => {
        const body = `Queue ${theme} discussion number ${n}`;
        const created = (await (await fetch(`${app.commons.url}/api/v1/communities/${community.id}/posts`, { method: 'POST', headers: asLynne, body: JSON.stringify({ kind: 'discussion', text: body }) })).json()) as { id: string };
        return { id: created.id, body };
      }));
      for (const post of [first, second, third]) {
        const response = await fetch(`${app.commons.url}/api/v1/posts/${post.id}/reports`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': ADMIN.userId }, body: JSON.stringify({ reason: 'misinformation' }) });
        assert.ok([200, 201].includes(response.status), `report ${response.status}`);
      }
      const page = await open('moderation', PATTI, theme);
      try {
        const items = page.getByTestId('queue-item');
        await items.first().waitFor({ timeout: 20_000 });
        assert.deepEqual(await seriousAxeViolations(page), []);
        const itemOf = (post: { body: string }) => items.filter({ hasText: post.body.slice(0, 40) });
        assert.match(await itemOf(first).innerText(), /False or misleading \(1\)/);
        await itemOf(first).getByTestId('queue-remove').click();
        await page.getByRole('status').filter({ hasText: 'Done: 1 decided.' }).waitFor();
        await itemOf(first).waitFor({ state: 'detached' });
        for (const post of [second, third]) await itemOf(post).getByRole('checkbox').check();
        await page.getByTestId('queue-approve-selected').click();
        await page.getByRole('status').filter({ hasText: 'Done: 2 decided.' }).waitFor();
        assert.equal(await itemOf(second).count(), 0);
        const states = await Promise.all([first, second, third].map(async (post) => (await app.commons.repositories.posts.get(DEMO_TENANT_ID, post.id))!.state));
        assert.deepEqual(states, ['removed', 'published', 'published']);
      } finally {
        await page.close();
      }
    });

    it(`lets an admin set the threshold and the word list, naming a bad line (${theme})`, async () => {
      // Starts from an empty list, whatever ran before.
      await fetch(`${app.commons.url}/api/v1/settings/word-list`, { method: 'PUT', headers: { ...asAdmin, 'content-type': 'application/json' }, body: JSON.stringify({ entries: [] }) });
      const page = await open('admin', ADMIN, theme);
      try {
        const section = page.getByTestId('moderation-settings');
        await section.getByTestId('word-list').waitFor({ timeout: 20_000 });
        assert.deepEqual(await seriousAxeViolations(page), []);
        await section.getByTestId('report-threshold').fill('5');
        await section.getByTestId('word-list').fill('block word frobnicate\n\nhold regex (a+)+');
        await section.getByTestId('moderation-save').click();
        await section.getByRole('status').filter({ hasText: /line 3/ }).waitFor();
        assert.match(await section.getByRole('status').innerText(), /Word list line 3: a repeated group/);
        let stored = (await (await fetch(`${app.commons.url}/api/v1/settings/word-list`, { headers: asAdmin })).json()) as { entries: unknown[] };
        assert.deepEqual(stored.entries, [], 'nothing stored');

        await section.getByTestId('word-list').fill('block word frobnicate\nhold phrase secret project');
        await section.getByTestId('moderation-save').click();
        await section.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
        stored = (await (await fetch(`${app.commons.url}/api/v1/settings/word-list`, { headers: asAdmin })).json()) as { entries: unknown[] };
        assert.deepEqual(stored.entries, [{ kind: 'word', pattern: 'frobnicate', action: 'block' }, { kind: 'phrase', pattern: 'secret project', action: 'hold' }]);
        const settings = (await (await fetch(`${app.commons.url}/api/v1/settings/moderation`, { headers: asAdmin })).json()) as { reportThreshold: number };
        assert.equal(settings.reportThreshold, 5);
      } finally {
        await page.close();
      }
    });
  }
});
