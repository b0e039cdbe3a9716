import { strict as assert } from 'assert';
import type { Browser } from 'playwright-core';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { actionExecute, botInstalled, demoPerson, mentioning, postActivity } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { seriousAxeViolations } from '../support/axe';
import { launchChromium, openTabAs } from '../support/browser';
import { MockConnector } from '../support/connector';
import { eventually } from '../support/delivery';

/** Each option's "votes · percent" text on a Teams card, in order. */
function bars(card: any): string[] {
  return card.body
    .filter((e: any) => e.type === 'ColumnSet' && e.columns.length === 2 && e.columns[1].items?.[0]?.text?.includes('%'))
    .map((e: any) => `${e.columns[0].items[0].text}: ${e.columns[1].items[0].text}`);
}

/**
 * Voting in the tab (local mode, headless Chromium): a reader opens a poll on the
 * community page, votes, sees the bars (hidden until then), changes the vote, and the
 * poll card in the linked Teams channel follows; a closed poll shows its controls
 * disabled with the reason. Axe-clean in both themes.
 */
describe('end to end: voting in a poll from the tab (local mode)', function () {
  this.timeout(180_000);
  let commons: TestCommons;
  let connector: MockConnector;
  let browser: Browser;
  let communityId: string;
  const channel = (from = demoPerson('Megan Bowen')) => ({ serviceUrl: connector.url, place: 'channel' as const, from });
  const api = async (as: string, method: string, route: string, body?: unknown) => {
    const response = await fetch(`${commons.url}${route}`, { method, headers: { 'content-type': 'application/json', 'X-Dev-Tenant': DEMO_TENANT_ID, 'X-Dev-User': demoPerson(as).aadObjectId }, ...(body !== undefined && { body: JSON.stringify(body) }) });
    return (await response.json()) as any;
  };
  async function startPoll(text: string, extra: Record<string, unknown> = {}): Promise<{ postId: string; activityId: string }> {
    const posted = await api('Megan Bowen', 'POST', `/api/v1/communities/${communityId}/posts`, { kind: 'poll', text, options: ['Lisbon', 'Dublin', 'Online'], ...extra });
    assert.ok(posted.id, JSON.stringify(posted));
    const activityId = await eventually(async () => (await commons.repositories.posts.get(DEMO_TENANT_ID, posted.id))?.deliveredTo?.[0]?.activityId, 15_000, 'the poll card in the linked channel');
    return { postId: posted.id, activityId };
  }
  const cardShows = (activityId: string, expected: string[]) =>
    eventually(() => [...connector.calls].reverse().find((call) => call.method === 'PUT' && call.activityId === activityId && JSON.stringify(bars(call.body.attachments[0].content)) === JSON.stringify(expected)), 15_000, `the Teams card showing ${expected.join(', ')}`);

  before(async () => {
    connector = await new MockConnector().start();
    commons = await startTestCommons({ SEED: 'true' });
    await postActivity(commons.url, botInstalled(channel()));
    communityId = (await api('Megan Bowen', 'POST', '/api/v1/communities', { name: 'Offsite planning', description: 'Where and when we meet.', privacy: 'open' })).id;
    await postActivity(commons.url, mentioning('community link Offsite planning', channel()));
    await api('Lynne Robbins', 'POST', `/api/v1/communities/${communityId}/join`);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await commons?.dispose();
    await connector?.stop();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`votes, sees the hidden results appear, changes the vote, and the Teams card follows (${colorScheme})`, async () => {
      const question = `Where shall we meet (${colorScheme})?`;
      const { activityId } = await startPoll(question, { hideResults: true });
      assert.deepEqual(bars((await connector.waitFor((call) => call.method === 'POST' && JSON.stringify(call.body).includes(question))).body.attachments[0].content), [], 'the card hides them too');
      const page = await openTabAs(browser, commons.url, 'communities', 'Lynne Robbins', colorScheme);
      await page.getByRole('button', { name: 'Open Offsite planning' }).click();
      const tile = page.getByTestId('community-post').filter({ hasText: question });
      await tile.waitFor({ timeout: 20_000 });
      await tile.getByTestId('poll-results-toggle').click();
      await tile.getByTestId('poll-vote').waitFor({ timeout: 20_000 });
      assert.match(await tile.getByTestId('poll-results').innerText(), /Results show once you have voted/);
      assert.equal(await tile.getByTestId('poll-vote-submit').isDisabled(), true, 'nothing chosen yet');
      assert.deepEqual(await seriousAxeViolations(page), [], 'the vote, before voting');

      await tile.getByRole('radio', { name: 'Dublin' }).check();
      await tile.getByTestId('poll-vote-submit').click();
      await tile.getByText('Your vote is counted.').waitFor({ timeout: 20_000 });
      assert.match(await tile.getByTestId('poll-results').innerText(), /1 person voted[\s\S]*Lisbon[\s\S]*0 votes · 0%[\s\S]*Dublin \(your choice\)[\s\S]*1 votes · 100%/);
      assert.equal(await tile.getByTestId('poll-vote-submit').innerText(), 'Change my vote');
      assert.deepEqual(await seriousAxeViolations(page), [], 'the results after voting');
      // Hidden results: the shared Teams copy keeps the bars hidden and counts the voter.
      await eventually(() => [...connector.calls].reverse().find((call) => call.method === 'PUT' && call.activityId === activityId && JSON.stringify(call.body).includes('1 person voted')), 15_000, 'the Teams card counting the vote');

      await tile.getByRole('radio', { name: 'Online' }).check();
      await tile.getByTestId('poll-vote-submit').click();
      await tile.getByText('Your vote is changed.').waitFor({ timeout: 20_000 });
      assert.match(await tile.getByTestId('poll-results').innerText(), /1 person voted[\s\S]*Dublin[\s\S]*0 votes · 0%[\s\S]*Online \(your choice\)[\s\S]*1 votes · 100%/);
      await page.close();
    });

    it(`moves the bars of the Teams card with a vote from the tab, and shows a closed poll disabled with the reason (${colorScheme})`, async () => {
      const question = `Which day (${colorScheme})?`;
      const { postId, activityId } = await startPoll(question);
      const page = await openTabAs(browser, commons.url, 'communities', 'Lynne Robbins', colorScheme);
      await page.getByRole('button', { name: 'Open Offsite planning' }).click();
      const tile = page.getByTestId('community-post').filter({ hasText: question });
      await tile.waitFor({ timeout: 20_000 });
      await tile.getByTestId('poll-results-toggle').click();
      await tile.getByRole('radio', { name: 'Lisbon' }).check();
      await tile.getByTestId('poll-vote-submit').click();
      await tile.getByText('Your vote is counted.').waitFor({ timeout: 20_000 });
      await cardShows(activityId, ['Lisbon: 1 · 100%', 'Dublin: 0 · 0%', 'Online: 0 · 0%']);

      assert.equal((await postActivity(commons.url, actionExecute('poll.close', { postId }, channel()))).status, 200);
      await page.reload();
      await page.getByTestId('user-switcher').selectOption({ label: 'Lynne Robbins' });
      await page.getByRole('button', { name: 'Open Offsite planning' }).click();
      await tile.waitFor({ timeout: 20_000 });
      await tile.getByTestId('poll-results-toggle').click();
      await tile.getByTestId('poll-closed').waitFor({ timeout: 20_000 });
      assert.match(await tile.getByTestId('poll-closed').innerText(), /closed: it no longer takes votes/);
      assert.equal(await tile.getByRole('radio', { name: 'Dublin' }).isDisabled(), true);
      assert.equal(await tile.getByTestId('poll-vote-submit').count(), 0, 'no Vote button on a closed poll');
      assert.match(await tile.getByTestId('poll-results').innerText(), /Lisbon \(your choice\)[\s\S]*1 votes · 100%/);
      assert.deepEqual(await seriousAxeViolations(page), [], 'a closed poll');
      await page.close();
    });

    it(`votes from the tenant feed too, through the same route, and the Teams card follows (${colorScheme})`, async () => {
      const question = `Which room (${colorScheme})?`;
      const { activityId } = await startPoll(question);
      const page = await openTabAs(browser, commons.url, 'feed', 'Lynne Robbins', colorScheme);
      const card = page.getByTestId('post-card').filter({ hasText: question });
      await card.waitFor({ timeout: 20_000 });
      await card.getByTestId('poll-results-toggle').click();
      await card.getByRole('radio', { name: 'Online' }).check();
      await card.getByTestId('poll-vote-submit').click();
      await card.getByText('Your vote is counted.').waitFor({ timeout: 20_000 });
      assert.match(await card.getByTestId('poll-results').innerText(), /Online \(your choice\)[\s\S]*1 votes · 100%/);
      await cardShows(activityId, ['Lisbon: 0 · 0%', 'Dublin: 0 · 0%', 'Online: 1 · 100%']);
      assert.deepEqual(await seriousAxeViolations(page), [], 'a poll in the feed');
      await page.close();
    });
  }
});
