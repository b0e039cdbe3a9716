import { strict as assert } from 'assert';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { botInstalled, demoPerson, mentioning, postActivity } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { seriousAxeViolations } from '../support/axe';
import { launchChromium, openTabAs } from '../support/browser';
import { MockConnector } from '../support/connector';


/** UPDATE_SCREENSHOTS=1 writes docs/communities.png for the README. */
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';

describe('end to end: the Communities page in Chromium (local mode)', function () {
  this.timeout(120_000);
  let commons: TestCommons;
  let connector: MockConnector;
  let browser: Browser;
  const api = async (as: string, method: string, route: string, body?: unknown) => {
    const response = await fetch(`${commons.url}${route}`, { method, headers: { 'content-type': 'application/json', 'X-Dev-Tenant': DEMO_TENANT_ID, 'X-Dev-User': demoPerson(as).aadObjectId }, ...(body !== undefined && { body: JSON.stringify(body) }) });
    return (await response.json()) as any;
  };

  const openAs = (name: string, colorScheme: 'light' | 'dark'): Promise<Page> => openTabAs(browser, commons.url, 'communities', name, colorScheme);

  before(async () => {
    connector = await new MockConnector().start();
    commons = await startTestCommons({ SEED: 'true' });
    await postActivity(commons.url, botInstalled({ serviceUrl: connector.url, place: 'channel' }));
    const guild = await api('Megan Bowen', 'POST', '/api/v1/communities', { name: 'Platform guild', description: 'Engineers sharing how we build and run the platform.', emoji: '🛠️', colour: 'teal', privacy: 'open' });
    await api('Lynne Robbins', 'POST', '/api/v1/communities', { name: 'Running club', description: 'Lunchtime runs and the spring 10k.', emoji: '🏃', colour: 'green', privacy: 'closed' });
    await api('Grady Archie', 'POST', '/api/v1/communities', { name: 'Reorg planning', privacy: 'secret' });
    await api('Lynne Robbins', 'POST', `/api/v1/communities/${guild.id}/join`);
    const say = (text: string, from: string) => postActivity(commons.url, mentioning(text, { serviceUrl: connector.url, place: 'channel', from: demoPerson(from) }));
    await say('community link Platform guild', 'Megan Bowen');
    await say('discuss How do we make on-call calmer?', 'Lynne Robbins');
    await say('ask Which dashboards do you check first during an incident?', 'Megan Bowen');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await commons?.dispose();
    await connector?.stop();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`discovers, searches, opens a community with its feed, members and about, accessibly in the ${colorScheme} theme`, async () => {
      const page = await openAs('Nestor Wilke', colorScheme);
      await page.getByTestId('community-tile').first().waitFor({ timeout: 20_000 });
      const names = await page.getByTestId('community-tile').locator('h3').allInnerTexts();
      assert.deepEqual(names.slice(-2), ['Running club', 'Platform guild'], 'newest first');
      assert.ok(!names.includes('Reorg planning'), 'the secret one is absent');
      assert.deepEqual(await seriousAxeViolations(page), [], 'discovery');
      if (SCREENSHOTS && colorScheme === 'light') await page.screenshot({ path: path.resolve(__dirname, '..', '..', 'docs', 'communities.png'), fullPage: true });

      await page.getByTestId('community-search').fill('platform');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="community-tile"]').length === 1);
      await page.getByRole('button', { name: 'Open Platform guild' }).click();
      await page.getByTestId('community-post').first().waitFor({ timeout: 20_000 });
      const posts = await page.getByTestId('community-post').allInnerTexts();
      assert.ok(posts.some((p) => /Question[\s\S]*Which dashboards/.test(p)), 'the question');
      assert.ok(posts.some((p) => /Discussion[\s\S]*on-call calmer/.test(p)), 'the discussion');
      assert.deepEqual(await seriousAxeViolations(page), [], 'community feed');
      await page.getByTestId('community-tab-members').click();
      await page.getByTestId('community-members').waitFor();
      assert.match(await page.getByTestId('community-members').innerText(), /Megan Bowen[\s\S]*Owner[\s\S]*Lynne Robbins/);
      await page.getByTestId('community-join').click();
      await page.getByTestId('community-leave').waitFor();
      assert.match(await page.getByTestId('community-detail').innerText(), /3 members/);
      assert.deepEqual(await seriousAxeViolations(page), [], 'members');
      await page.getByTestId('community-leave').click();
      await page.getByTestId('community-join').waitFor();
      await page.close();
    });

    it(`lets a member start a poll from the community page (${colorScheme})`, async () => {
      const page = await openAs('Lynne Robbins', colorScheme);
      await page.getByRole('button', { name: 'Open Platform guild' }).click();
      await page.getByTestId('start-post').waitFor({ timeout: 20_000 });
      await page.getByRole('radio', { name: 'Poll' }).check();
      await page.getByTestId('start-post-text').fill(`Offsite in ${colorScheme}?`);
      await page.getByTestId('start-post-options').fill('Lisbon\nDublin');
      assert.deepEqual(await seriousAxeViolations(page), [], 'start form');
      await page.getByTestId('start-post-submit').click();
      await page.getByTestId('community-post').filter({ hasText: `Offsite in ${colorScheme}?` }).waitFor({ timeout: 20_000 });
      assert.match(await page.getByTestId('community-post').first().innerText(), /Poll[\s\S]*Lisbon · Dublin/);
      // Its results, on request: a named poll lists who chose what (a vote stored as the card's button would).
      const tile = page.getByTestId('community-post').filter({ hasText: `Offsite in ${colorScheme}?` });
      const postId = await commons.repositories.posts.feed(DEMO_TENANT_ID, 50, (_entry, load) => load()).then((posts) => posts.find((p) => p.body === `Offsite in ${colorScheme}?`)!.postId);
      await commons.repositories.polls.vote(DEMO_TENANT_ID, postId, ['1', '2'], { userId: demoPerson('Megan Bowen').aadObjectId, displayName: 'Megan Bowen', choices: ['2'] }, new Date().toISOString());
      await tile.getByTestId('poll-results-toggle').click();
      await tile.getByTestId('poll-results').getByText('Megan Bowen').waitFor({ timeout: 20_000 });
      assert.match(await tile.getByTestId('poll-results').innerText(), /1 person voted[\s\S]*Dublin[\s\S]*1 votes · 100%/);
      assert.deepEqual(await seriousAxeViolations(page), [], 'poll results');
      await page.close();
    });

    it(`keeps a closed community's content from non-members and creates a community in a dialog (${colorScheme})`, async () => {
      const page = await openAs(colorScheme === 'light' ? 'Diego Siciliani' : 'Isaiah Langer', colorScheme);
      await page.getByRole('button', { name: 'Open Running club' }).click();
      await page.getByTestId('community-tab-about').waitFor();
      assert.equal(await page.getByTestId('community-tab-feed').count(), 0, 'no feed for a non-member');
      await page.getByTestId('community-join').click();
      await page.getByText('Request sent').first().waitFor();
      await page.getByRole('button', { name: 'Back to communities' }).click();

      await page.getByTestId('community-create').click();
      await page.getByTestId('create-community-dialog').waitFor();
      assert.deepEqual(await seriousAxeViolations(page), [], 'create dialog');
      await page.getByTestId('community-name').fill('Platform guild');
      await page.getByTestId('community-create-submit').click();
      await page.getByText(/already exists/).waitFor();
      await page.getByTestId('community-name').fill(`Coffee lovers ${colorScheme}`);
      await page.getByTestId('community-create-submit').click();
      await page.getByTestId('community-detail').waitFor();
      assert.match(await page.getByTestId('community-detail').innerText(), new RegExp(`Coffee lovers ${colorScheme}[\\s\\S]*Owner`));
      await page.close();
    });
  }
});
