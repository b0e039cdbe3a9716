import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import type { Browser } from 'playwright-core';
import { composePost } from '../../src/domain/posts';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { startTestCommons, TestCommons } from '../support/app';
import { seriousAxeViolations } from '../support/axe';
import { launchChromium, openTabAs } from '../support/browser';
import { devApi } from '../support/dev-api';

const person = (name: string) => DEMO_PEOPLE.find((p) => p.displayName === name)!;

/**
 * The People and Profile pages in Chromium (local mode, outside Teams): a search by
 * skill, a profile with its Chat link (the Teams deep link, since no Teams client hosts
 * the page), reacting to a profile's recent post as in the feed, and editing one's own skills.
 */
describe('end to end: People search and profiles in Chromium (local mode)', function () {
  this.timeout(120_000);
  let commons: TestCommons;
  let browser: Browser;

  before(async () => {
    commons = await startTestCommons({ SEED: 'true' });
    const saved = await devApi(commons.url, DEMO_TENANT_ID, person('Diego Siciliani').userId)('PUT', '/api/v1/me/profile', { skills: ['Observability', 'Terraform'], interests: ['Bouldering'] });
    assert.equal(saved.status, 200);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await commons?.dispose();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`searches by skill, opens the profile and offers a Teams chat deep link (${colorScheme})`, async () => {
      const page = await openTabAs(browser, commons.url, 'people', 'Lynne Robbins', colorScheme);
      try {
        await page.getByTestId('empty-state').waitFor({ timeout: 20_000 });
        await page.getByTestId('people-search').fill('terra');
        await page.waitForFunction(() => {
          const names = [...document.querySelectorAll('[data-testid="person-link"]')].map((a) => a.textContent);
          return names.length === 1 && names[0] === 'Diego Siciliani';
        });
        assert.deepEqual(await seriousAxeViolations(page), [], 'the People page');
        await page.getByRole('link', { name: 'Diego Siciliani' }).click();
        await page.getByTestId('profile').waitFor({ timeout: 20_000 });
        assert.equal(await page.getByTestId('profile-name').innerText(), 'Diego Siciliani');
        assert.match(page.url(), new RegExp(`#/people/${person('Diego Siciliani').userId}$`));
        const chat = page.getByTestId('profile-chat');
        assert.equal(await chat.evaluate((el) => el.tagName), 'A');
        assert.equal(await chat.getAttribute('href'), 'https://teams.microsoft.com/l/chat/0/0?users=diegos@contoso.example');
        assert.equal(await chat.getAttribute('target'), '_blank');
        assert.match((await chat.getAttribute('rel')) ?? '', /\bnoopener\b/);
        assert.deepEqual(await page.getByTestId('profile-skill-list').getByText(/./).allInnerTexts(), ['Observability', 'Terraform']);
        assert.equal(await page.getByTestId('profile-editor').count(), 0, 'no edit form on someone else\'s profile');
        // Follow (or, on the second theme's run, unfollow) the person from their profile: the toggle flips.
        const follow = page.getByRole('button', { name: /^Follow(ing)? Diego Siciliani$/ });
        const was = await follow.getAttribute('aria-pressed');
        await follow.click();
        await page.waitForFunction((before) => document.querySelector('button[aria-pressed][aria-label$="Diego Siciliani"]')?.getAttribute('aria-pressed') !== before, was);
        // Manager link leads to the manager's profile.
        await page.getByTestId('profile-organisation').getByRole('link', { name: 'Grady Archie' }).click();
        await page.waitForFunction(() => document.querySelector('[data-testid="profile-name"]')?.textContent === 'Grady Archie');
        assert.deepEqual(await seriousAxeViolations(page), [], 'a profile');
      } finally {
        await page.close();
      }
    });
  }

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`reacts to a recent post on a profile with the feed's reaction bar; the count changes and stays (${colorScheme})`, async () => {
      const miriam = person('Miriam Graham');
      const text = `Quarterly numbers are in ${colorScheme}-${randomUUID().slice(0, 8)}`;
      await commons.repositories.posts.create(composePost({ body: text, audience: { everyone: true }, visibility: { kind: 'tenant' } }, { tenantId: DEMO_TENANT_ID, userId: miriam.userId, roles: [], displayName: miriam.displayName }, randomUUID(), new Date(Date.now() + 86_400_000)));
      const page = await openTabAs(browser, commons.url, 'people', 'Lynne Robbins', colorScheme);
      try {
        await page.evaluate((userId) => (window.location.hash = `#/people/${userId}`), miriam.userId);
        const card = page.getByTestId('profile-posts').getByTestId('post-card').filter({ hasText: text });
        await card.waitFor({ timeout: 20_000 });
        const like = card.getByRole('button', { name: /^Like: / });
        await like.waitFor();
        assert.equal(await like.getAttribute('aria-pressed'), 'false');
        assert.equal(await like.getAttribute('aria-label'), 'Like: 0');
        await like.click();
        await card.getByRole('button', { name: 'Like: 1' }).waitFor();
        assert.equal(await like.getAttribute('aria-pressed'), 'true');
        assert.match(await card.getByTestId('reaction-count').innerText(), /^1 reaction$/);
        assert.equal(await card.getByRole('button', { name: 'Comments (0)' }).count(), 1, 'comments open from here too');
        assert.deepEqual(await seriousAxeViolations(page), [], 'a profile with its reaction bars');
        // Read again from the server: the profile carries the counts and the reader's own reaction.
        await page.reload();
        const again = page.getByTestId('profile-posts').getByTestId('post-card').filter({ hasText: text });
        await again.getByRole('button', { name: 'Like: 1' }).waitFor({ timeout: 20_000 });
        assert.equal(await again.getByRole('button', { name: 'Like: 1' }).getAttribute('aria-pressed'), 'true');
      } finally {
        await page.close();
      }
    });
  }

  it('edits my own skills and interests with labelled fields, and saves them', async () => {
    const page = await openTabAs(browser, commons.url, 'people', 'Nestor Wilke', 'light');
    try {
      await page.evaluate(() => (window.location.hash = '#/people/me'));
      await page.getByTestId('profile-editor').waitFor({ timeout: 20_000 });
      assert.equal(await page.getByTestId('profile-chat').count(), 0, 'no chat with myself');
      await page.getByLabel('Skills people can ask me about').fill('Supply chain,  Excel , excel');
      await page.getByLabel('My interests').fill('Sailing');
      await page.getByTestId('profile-save').click();
      await page.getByTestId('profile-result').waitFor();
      assert.equal(await page.getByTestId('profile-result').innerText(), 'Saved.');
      assert.deepEqual(await page.getByTestId('profile-skill-list').getByText(/./).allInnerTexts(), ['Supply chain', 'Excel']);
      const stored = await devApi(commons.url, DEMO_TENANT_ID, person('Lynne Robbins').userId)('GET', `/api/v1/people/${person('Nestor Wilke').userId}/profile`);
      assert.deepEqual([stored.body.skills, stored.body.interests], [['Supply chain', 'Excel'], ['Sailing']]);
      assert.deepEqual(await seriousAxeViolations(page), [], 'my profile with its form');
    } finally {
      await page.close();
    }
  });
});
