import { strict as assert } from 'assert';
import type { Page } from 'playwright-core';
import { demoPerson } from '../support/activities';
import { seriousAxeViolations } from '../support/axe';
import { seededTab } from '../support/seeded-tab';

/** The community page's Ask me anything section: open an event, ask, upvote, answer as host; axe-checked in both themes. */
describe('end to end: ask-me-anything on the community page in Chromium (local mode)', function () {
  this.timeout(120_000);
  const app = seededTab();
  let communityId: string;
  const { api } = app;
  const openCommunity = async (name: string, colorScheme: 'light' | 'dark'): Promise<Page> => {
    const page = await app.openAs('communities', name, colorScheme);
    await page.getByRole('button', { name: 'Open Leadership circle' }).click();
    await page.getByTestId('community-tab-amas').click();
    await page.getByTestId('ama-section').waitFor({ timeout: 20_000 });
    return page;
  };

  before(async () => {
    communityId = (await api('Megan Bowen', 'POST', '/api/v1/communities', { name: 'Leadership circle', privacy: 'closed' })).id;
    await api('Megan Bowen', 'POST', `/api/v1/communities/${communityId}/members`, { userId: demoPerson('Lynne Robbins').aadObjectId });
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`a member opens an event, asks anonymously and upvotes, accessibly in the ${colorScheme} theme`, async () => {
      const page = await openCommunity('Lynne Robbins', colorScheme);
      assert.deepEqual(await seriousAxeViolations(page), [], 'the events list with the form');
      await page.getByTestId('ama-title').fill(`Ask Lynne (${colorScheme})`);
      await page.getByTestId('ama-open-submit').click();
      await page.getByTestId('ama-ask').waitFor({ timeout: 20_000 });
      assert.match(await page.getByTestId('ama-event').innerText(), new RegExp(`Ask Lynne \\(${colorScheme}\\)[\\s\\S]*Hosted by Lynne Robbins[\\s\\S]*Live now`));
      await page.getByTestId('ama-question-text').fill('What should we stop doing?');
      await page.getByRole('checkbox', { name: /Ask anonymously/ }).check();
      await page.getByTestId('ama-ask-submit').click();
      await page.getByTestId('ama-question').first().waitFor({ timeout: 20_000 });
      assert.match(await page.getByTestId('ama-question').first().innerText(), /What should we stop doing\?[\s\S]*Lynne Robbins[\s\S]*0 upvotes/, 'the asker sees their own name');
      await page.getByTestId('ama-upvote').first().click();
      await page.getByTestId('ama-question').filter({ hasText: '1 upvotes' }).waitFor({ timeout: 20_000 });
      assert.equal(await page.getByTestId('ama-upvote').first().getAttribute('aria-pressed'), 'true');
      assert.deepEqual(await seriousAxeViolations(page), [], 'an event with a question');
      await page.getByRole('button', { name: 'Back to events' }).click();
      await page.getByTestId('ama-tile').filter({ hasText: `Ask Lynne (${colorScheme})` }).waitFor({ timeout: 20_000 });
      await page.close();
      // Megan (the owner) sees who asked; the stored question is anonymous.
      const list = await api('Megan Bowen', 'GET', `/api/v1/communities/${communityId}/amas`);
      const event = await api('Megan Bowen', 'GET', `/api/v1/amas/${list.amas.find((a: any) => a.title === `Ask Lynne (${colorScheme})`).id}`);
      assert.deepEqual([event.questions[0].anonymous, event.questions[0].author.displayName, event.questions[0].votes], [true, 'Lynne Robbins', 1]);
    });

    it(`an owner names a member as host from the tab (${colorScheme})`, async () => {
      const page = await openCommunity('Megan Bowen', colorScheme);
      await page.getByTestId('ama-host').locator('option', { hasText: 'Lynne Robbins' }).waitFor({ state: 'attached', timeout: 20_000 });
      await page.getByTestId('ama-host').selectOption({ label: 'Lynne Robbins' });
      await page.getByTestId('ama-title').fill(`Lynne hosts (${colorScheme})`);
      assert.deepEqual(await seriousAxeViolations(page), [], 'the form with the host picker');
      await page.getByTestId('ama-open-submit').click();
      await page.getByTestId('ama-event').waitFor({ timeout: 20_000 });
      await page.getByText('Hosted by Lynne Robbins').first().waitFor({ timeout: 20_000 });
      assert.equal(await page.getByTestId('ama-answer-text').count(), 0, 'Megan is not the host: no answer forms');
      await page.close();
    });

    it(`the host answers from the tab (${colorScheme})`, async () => {
      const opened = await api('Megan Bowen', 'POST', `/api/v1/communities/${communityId}/amas`, { title: `Ask Megan (${colorScheme})`, endsAt: new Date(Date.now() + 3_600_000).toISOString() });
      await api('Lynne Robbins', 'POST', `/api/v1/amas/${opened.id}/questions`, { text: 'How is the budget looking?' });
      const page = await openCommunity('Megan Bowen', colorScheme);
      await page.getByRole('button', { name: `Open Ask Megan (${colorScheme})` }).click();
      await page.getByTestId('ama-answer-text').first().waitFor({ timeout: 20_000 });
      await page.getByTestId('ama-answer-text').first().fill('Healthy, with room for two hires.');
      await page.getByTestId('ama-answer-submit').first().click();
      await page.getByTestId('ama-answer').first().waitFor({ timeout: 20_000 });
      assert.match(await page.getByTestId('ama-answer').first().innerText(), /Answer from Megan Bowen[\s\S]*Healthy, with room for two hires\./);
      assert.deepEqual(await seriousAxeViolations(page), [], 'the host\'s view');
      await page.close();
    });
  }
});
