import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import type { Browser } from 'playwright-core';
import { DEMO_PEOPLE, DEMO_TEAM, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { botInstalled, mentioning, postActivity } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { seriousAxeViolations } from '../support/axe';
import { launchChromium, openTabAs } from '../support/browser';
import { MockConnector } from '../support/connector';
import { eventually } from '../support/delivery';
import { devApi } from '../support/dev-api';

const ALEX = DEMO_PEOPLE.find((p) => p.displayName === 'Alex Wilber')!; // an admin, so an author

/**
 * Reacting and commenting in the tab's feed (issue 18, item 1) in headless Chromium,
 * against Commons talking to a mock Bot Connector: the post was made in a Teams
 * channel, and what is done in the tab reaches its card there.
 */
describe('end to end: react and comment in the feed, and the Teams card follows (Chromium, local mode)', function () {
  this.timeout(120_000);
  let commons: TestCommons;
  let connector: MockConnector;
  let browser: Browser;

  /** Posts a card into the channel through /api/messages, as `@Commons post <text>` does; its post id and activity id. */
  async function cardInChannel(text: string): Promise<{ postId: string; activityId: string }> {
    const response = await postActivity(commons.url, mentioning(`post ${text}`, { serviceUrl: connector.url, place: 'channel' }));
    assert.equal(response.status, 200);
    const post = await eventually(async () => (await commons.repositories.posts.feed(DEMO_TENANT_ID, 5, (_entry, load) => load())).find((p) => p.body === text), 10_000, 'the stored post');
    return { postId: post.postId, activityId: post.deliveredTo[0].activityId };
  }

  before(async () => {
    connector = await new MockConnector().start();
    commons = await startTestCommons({ SEED: 'true' });
    await postActivity(commons.url, botInstalled({ serviceUrl: connector.url, place: 'channel' }));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await commons?.dispose();
    await connector?.stop();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`reacts with an aria-pressed toggle and comments in a labelled box; the Teams card shows both (${colorScheme})`, async () => {
      const text = `Team breakfast on Friday ${colorScheme}-${randomUUID().slice(0, 8)}`;
      const { activityId } = await cardInChannel(text);
      const page = await openTabAs(browser, commons.url, 'feed', 'Lynne Robbins', colorScheme);
      try {
        const card = page.getByTestId('post-card').filter({ hasText: text });
        await card.waitFor();
        const like = card.getByRole('button', { name: /^Like: / });
        await like.waitFor();
        assert.equal(await like.getAttribute('aria-pressed'), 'false');
        assert.equal(await like.getAttribute('aria-label'), 'Like: 0');
        await like.click();
        await card.getByRole('button', { name: 'Like: 1' }).waitFor();
        assert.equal(await like.getAttribute('aria-pressed'), 'true');
        assert.match(await card.getByTestId('reaction-count').innerText(), /^1 reaction$/);

        const update = (check: (body: string) => boolean) =>
          eventually(() => connector.calls.some((call) => call.method === 'PUT' && call.activityId === activityId && check(JSON.stringify(call.body))), 15_000, 'an update of the Teams card');
        await update((body) => body.includes('👍 1'));

        const toggle = card.getByRole('button', { name: 'Comments (0)' });
        assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
        await toggle.click();
        assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
        await card.getByText('No comments yet. Be the first.').waitFor();
        const comment = `Count me in, ${colorScheme}!`;
        await card.getByLabel('Add a comment').fill(comment);
        await card.getByRole('button', { name: 'Comment', exact: true }).click();
        await card.getByTestId('comment-list').getByText(comment).waitFor();
        await card.getByRole('button', { name: 'Comments (1)' }).waitFor();
        assert.deepEqual(await seriousAxeViolations(page), []);
        await update((body) => body.includes(comment));

        // Pressed again, the reaction is taken back, as on the card.
        await like.click();
        await card.getByRole('button', { name: 'Like: 0' }).waitFor();
        assert.equal(await like.getAttribute('aria-pressed'), 'false');
      } finally {
        await page.context().close();
      }
    });
  }

  it('shows "I\'ve read this" on an announcement that asks for it, and "Acknowledged ✓" once pressed, as the card does', async () => {
    const title = `Read the new travel policy ${randomUUID().slice(0, 8)}`;
    const created = await devApi(commons.url, DEMO_TENANT_ID, ALEX.userId)('POST', '/api/v1/announcements', { title, body: 'Before your next trip.', audience: { channels: [DEMO_TEAM.channels[0].channelId] }, acknowledge: true });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await eventually(async () => (await commons.repositories.announcements.get(DEMO_TENANT_ID, created.body.id))?.startedAt, 20_000, 'the announcement going out');
    const page = await openTabAs(browser, commons.url, 'feed', 'Lynne Robbins', 'light');
    try {
      const card = page.getByTestId('post-card').filter({ hasText: title }).first();
      await card.waitFor({ timeout: 20_000 });
      const button = card.getByRole('button', { name: `I've read this: ${title}` });
      await button.waitFor();
      assert.deepEqual(await seriousAxeViolations(page), []);
      await button.click();
      await card.getByText('Acknowledged ✓').waitFor();
      assert.equal(await button.count(), 0, 'the button is gone');
      const report = await devApi(commons.url, DEMO_TENANT_ID, ALEX.userId)('GET', `/api/v1/announcements/${created.body.id}/acknowledgements`);
      assert.equal(report.body.count, 1);
    } finally {
      await page.context().close();
    }
    // Shown again, the feed remembers.
    const again = await openTabAs(browser, commons.url, 'feed', 'Lynne Robbins', 'dark');
    try {
      const card = again.getByTestId('post-card').filter({ hasText: title }).first();
      await card.getByText('Acknowledged ✓').waitFor({ timeout: 20_000 });
      assert.deepEqual(await seriousAxeViolations(again), []);
    } finally {
      await again.context().close();
    }
  });

  // Last: once guidelines are published, everyone in the tenant is asked to accept them.
  it('shows a refused comment inline, with the way to the Guidelines page, and keeps what was typed', async () => {
    const text = `Guidelines first ${randomUUID().slice(0, 8)}`;
    await cardInChannel(text);
    const published = await devApi(commons.url, DEMO_TENANT_ID, ALEX.userId)('PUT', '/api/v1/settings/guidelines', { markdown: 'Be kind to each other.', publish: true });
    assert.equal(published.status, 200, JSON.stringify(published.body));
    const page = await openTabAs(browser, commons.url, 'feed', 'Lynne Robbins', 'dark');
    try {
      const card = page.getByTestId('post-card').filter({ hasText: text });
      await card.getByRole('button', { name: 'Comments (0)' }).click();
      const box = card.getByLabel('Add a comment');
      await box.fill('Before accepting');
      await card.getByRole('button', { name: 'Comment', exact: true }).click();
      const link = card.getByRole('link', { name: 'Read and accept the guidelines' });
      await link.waitFor();
      assert.equal(await link.getAttribute('href'), '#/guidelines');
      assert.equal(await box.inputValue(), 'Before accepting', 'nothing typed is lost');
      assert.equal(await card.getByTestId('comment-list').count(), 0, 'nothing stored');
      assert.deepEqual(await seriousAxeViolations(page), []);
    } finally {
      await page.context().close();
    }
  });
});
