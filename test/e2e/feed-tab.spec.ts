import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import type { Browser } from 'playwright-core';
import { composePost } from '../../src/domain/posts';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { startTestCommons, TestCommons } from '../support/app';
import { seriousAxeViolations } from '../support/axe';
import { launchChromium, openTabAs } from '../support/browser';
import { devApi } from '../support/dev-api';

const ALEX = DEMO_PEOPLE.find((p) => p.displayName === 'Alex Wilber')!;

describe('end to end: the feed scrolls on and tells of new posts (Chromium, local mode)', function () {
  this.timeout(120_000);
  let commons: TestCommons;
  let browser: Browser;
  // After the seeded demo posts, so these are the newest.
  let clock = Date.now() + 86_400_000;

  async function store(body: string): Promise<void> {
    const author = { tenantId: DEMO_TENANT_ID, userId: ALEX.userId, roles: [] as const, displayName: ALEX.displayName };
    await commons.repositories.posts.create(composePost({ body, audience: { everyone: true }, visibility: { kind: 'tenant' } }, author, randomUUID(), new Date((clock += 60_000))));
  }

  before(async () => {
    commons = await startTestCommons({ SEED: 'true' });
    for (let i = 1; i <= 30; i++) await store(`scroll-post-${String(i).padStart(2, '0')}`);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await commons?.dispose();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`loads the next page on scrolling, then shows new posts from the top when asked (${colorScheme})`, async () => {
      const page = await openTabAs(browser, commons.url, 'feed', 'Lynne Robbins', colorScheme);
      try {
        const items = page.getByTestId('post-list').locator(':scope > li');
        await page.getByText('scroll-post-30').waitFor();
        assert.equal(await items.count(), 20, 'one page first');
        await page.getByTestId('post-list-more').scrollIntoViewIfNeeded();
        await page.getByText('scroll-post-01').waitFor();
        const texts = await items.allInnerTexts();
        const ours = texts.map((text) => text.match(/scroll-post-\d\d/)?.[0]).filter(Boolean);
        assert.equal(new Set(ours).size, ours.length, 'no post twice');
        assert.equal(ours.length, 30, 'every post once');

        await store(`${colorScheme}-arrived-1`);
        await store(`${colorScheme}-arrived-2`);
        // The tab asks every 30 s and whenever it is shown again: being shown again is quicker to cause.
        await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
        const pill = page.getByTestId('feed-new-posts');
        await pill.waitFor();
        assert.equal(await pill.innerText(), '2 new posts');
        assert.deepEqual(await seriousAxeViolations(page), []);
        await pill.click();
        await page.getByText(`${colorScheme}-arrived-2`).waitFor();
        assert.match(await items.first().innerText(), new RegExp(`${colorScheme}-arrived-2`));
        assert.equal(await pill.count(), 0, 'the pill is gone once shown');
      } finally {
        await page.context().close();
      }
    });
  }

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`shows what is pinned above the feed, marked, and not again below it (${colorScheme})`, async () => {
      const body = `pinned-post-${colorScheme}-${randomUUID().slice(0, 8)}`;
      const author = { tenantId: DEMO_TENANT_ID, userId: ALEX.userId, roles: [] as const, displayName: ALEX.displayName };
      const post = composePost({ body, audience: { everyone: true }, visibility: { kind: 'tenant' } }, author, randomUUID(), new Date((clock += 60_000)));
      await commons.repositories.posts.create(post);
      await commons.repositories.posts.pin(DEMO_TENANT_ID, { postId: post.postId, createdAt: post.createdAt, until: new Date(Date.now() + 3_600_000).toISOString() });
      const page = await openTabAs(browser, commons.url, 'feed', 'Lynne Robbins', colorScheme);
      try {
        const pinned = page.getByTestId('pinned-posts');
        await pinned.getByText(body).waitFor();
        assert.equal(await pinned.getByTestId('post-pinned').count(), await pinned.getByTestId('post-card').count(), 'each pinned post says so');
        await page.getByTestId('post-list').locator(':scope > li').first().waitFor();
        assert.equal(await page.getByTestId('post-list').getByText(body).count(), 0, 'not again in the list');
        assert.deepEqual(await seriousAxeViolations(page), []);
      } finally {
        await page.context().close();
      }
    });
  }

  it('narrows the feed to "For you": my own posts stay, a colleague\'s update I do not follow goes', async () => {
    const lynne = DEMO_PEOPLE.find((p) => p.displayName === 'Lynne Robbins')!;
    const mine = `mine-${randomUUID().slice(0, 8)}`;
    const theirs = `theirs-${randomUUID().slice(0, 8)}`;
    await commons.repositories.posts.create(composePost({ body: mine, audience: { everyone: true }, visibility: { kind: 'tenant' } }, { tenantId: DEMO_TENANT_ID, userId: lynne.userId, roles: [], displayName: lynne.displayName }, randomUUID(), new Date((clock += 60_000))));
    await store(theirs);
    const page = await openTabAs(browser, commons.url, 'feed', 'Lynne Robbins', 'light');
    try {
      await page.getByText(theirs).waitFor();
      await page.getByTestId('feed-scope').selectOption('forYou');
      await page.getByTestId('post-list').getByText(mine).waitFor();
      assert.equal(await page.getByTestId('post-list').getByText(theirs).count(), 0);
      assert.deepEqual(await seriousAxeViolations(page), []);
    } finally {
      await page.context().close();
    }
  });

  it('searches the feed by words as one types (dark)', async () => {
    const word = `quixotic${randomUUID().slice(0, 6).replace(/[^a-z]/g, 'k')}`;
    await store(`A ${word} plan for the offsite`);
    await store(`Nothing to see here ${randomUUID()}`);
    const page = await openTabAs(browser, commons.url, 'feed', 'Lynne Robbins', 'dark');
    try {
      await page.getByTestId('post-list').locator(':scope > li').first().waitFor();
      await page.getByRole('searchbox', { name: 'Search posts' }).fill(`${word} offsite`);
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="post-list"] > li').length === 1);
      assert.match(await page.getByTestId('post-list').innerText(), new RegExp(word));
      assert.deepEqual(await seriousAxeViolations(page), []);
    } finally {
      await page.context().close();
    }
  });

  it('filters the feed to one of my communities (light)', async () => {
    const lynne = DEMO_PEOPLE.find((p) => p.displayName === 'Lynne Robbins')!;
    const name = `Feed filter ${randomUUID().slice(0, 6)}`;
    const created = await devApi(commons.url, DEMO_TENANT_ID, lynne.userId)('POST', '/api/v1/communities', { name, privacy: 'open' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const inside = `inside-${randomUUID().slice(0, 8)}`;
    const author = { tenantId: DEMO_TENANT_ID, userId: lynne.userId, roles: [] as const, displayName: lynne.displayName };
    const post = { ...composePost({ body: inside, audience: { communities: [created.body.id] }, visibility: { kind: 'community', communityId: created.body.id } }, author, randomUUID(), new Date((clock += 60_000))), community: { communityId: created.body.id, name } };
    await commons.repositories.posts.create(post);
    await commons.repositories.posts.fileUnderCommunity(post);
    const outside = `outside-${randomUUID().slice(0, 8)}`;
    await store(outside);
    const page = await openTabAs(browser, commons.url, 'feed', 'Lynne Robbins', 'light');
    try {
      await page.getByText(outside).waitFor();
      await page.getByTestId('feed-community').selectOption({ label: name });
      await page.getByTestId('post-list').getByText(inside).waitFor();
      assert.equal(await page.getByTestId('post-list').getByText(outside).count(), 0);
      assert.deepEqual(await seriousAxeViolations(page), []);
    } finally {
      await page.context().close();
    }
  });
});
