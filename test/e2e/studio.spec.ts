import { strict as assert } from 'assert';
import path from 'path';
import type { Page } from 'playwright-core';
import { createRepositories, Repositories } from '../../src/store';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { MockConnector } from '../support/connector';
import { FAST_TIMINGS, installPersonalChat } from '../support/delivery';
import { seriousAxeViolations } from '../support/axe';
import { inBothThemes, seededTab } from '../support/seeded-tab';

const ALEX = '5e1f0a2b-7c3d-4e5f-8a9b-0c1d2e3f4001'; // admin
const ADELE = '5e1f0a2b-7c3d-4e5f-8a9b-0c1d2e3f4003'; // author
const MEGAN = DEMO_PEOPLE.find((p) => p.displayName === 'Megan Bowen')!.userId;
const LEE = DEMO_PEOPLE.find((p) => p.displayName === 'Lee Gu')!.userId;
const STUDIO_CHANNEL = '19:studio-e2e@thread.tacv2';

/** axe-core on the page as it is: no serious or critical violations (Fluent's focus-trap dummies excluded). */
async function assertAccessible(page: Page, what: string): Promise<void> {
  // The theme follows prefers-color-scheme: wait until it is applied and nothing is hovered or animating.
  const dark = what.endsWith('dark');
  await page.mouse.move(0, 0);
  await page.waitForFunction((wantDark) => {
    const background = getComputedStyle(document.querySelector('.fui-FluentProvider') ?? document.body).backgroundColor;
    return (background !== 'rgb(255, 255, 255)') === wantDark && document.getAnimations().length === 0;
  }, dark, { timeout: 30_000 });
  const violations = await seriousAxeViolations(page, { wholeDocument: true });
  assert.deepEqual(violations, [], `${what}: ${violations.join('\n')}`);
}

describe('end to end: Comms Studio in Chromium (local mode)', function () {
  this.timeout(150_000);
  const app = seededTab({ COMMONS_ADMINS: ALEX }, { deliveryTimings: FAST_TIMINGS });
  let repositories: Repositories;
  let connector: MockConnector;
  let page: Page;

  before(async () => {
    connector = await new MockConnector().start();
    repositories = createRepositories(app.commons.store);
    const now = new Date().toISOString();
    await repositories.conversations.save({
      tenantId: DEMO_TENANT_ID, conversationId: STUDIO_CHANNEL, kind: 'channel', serviceUrl: connector.url, botId: '28:commons-test-bot', teamId: '19:studio-team@thread.tacv2', teamName: 'Comms', channelId: STUDIO_CHANNEL, channelName: 'Studio E2E', channelType: 'standard', active: true, installedAt: now, updatedAt: now,
      reference: { bot: { id: '28:commons-test-bot' }, conversation: { id: STUDIO_CHANNEL, conversationType: 'channel', isGroup: true, tenantId: DEMO_TENANT_ID }, channelId: 'msteams', serviceUrl: connector.url },
    });
    page = await app.browser.newPage({ viewport: { width: 1400, height: 1100 } });
  });
  after(async () => {
    await connector?.stop();
  });

  const openStudioAs = async (name: string) => {
    await page.goto(`${app.commons.url}/tab/index.html#/studio`);
    await page.reload();
    await page.getByTestId('user-switcher').selectOption({ label: name });
    await page.getByTestId('page-studio').waitFor();
  };

  it('shows people without a Studio role a polite page naming who grants access', async () => {
    await openStudioAs('Lynne Robbins');
    const notice = page.getByTestId('studio-no-access');
    await notice.waitFor({ timeout: 30_000 });
    assert.match(await notice.innerText(), /ask Alex Wilber/);
    await inBothThemes(page, (scheme) => assertAccessible(page, `no-access page, ${scheme}`));
  });

  it('composes with a live preview of the real card, sends to a channel, and shows it delivered', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await openStudioAs('Adele Vance');
    await page.getByTestId('studio-template').selectOption({ label: 'Outage' });
    await page.getByTestId('studio-new').click();
    const title = page.getByTestId('studio-title');
    await title.waitFor({ timeout: 30_000 });
    await title.fill('Network maintenance tonight');
    const body = page.getByTestId('studio-body');
    await body.fill('The network is down from 22:00.');
    await body.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(4, 11));
    await page.getByTestId('format-bold').click();
    assert.equal(await body.inputValue(), 'The **network** is down from 22:00.');
    const preview = page.getByTestId('studio-preview').locator('.ac-adaptiveCard');
    await preview.getByText('Network maintenance tonight').waitFor({ timeout: 30_000 });
    // The preview follows typing after a pause: wait for the body's turn, not only the title's.
    await preview.getByText(/is down from 22:00/).waitFor({ timeout: 30_000 });
    assert.equal(await preview.locator('strong').first().innerText(), 'network', 'the preview renders the Markdown as Teams does');
    await page.getByLabel('Comms › Studio E2E').check();
    await page.waitForFunction(() => /About 1 recipients/.test(document.querySelector('[data-testid="studio-reach"]')?.textContent ?? ''), undefined, { timeout: 30_000 }).catch(async (error) => {
      throw new Error(`${error.message}; reach reads "${await page.getByTestId('studio-reach').innerText()}", checked: ${await page.getByLabel('Comms › Studio E2E').isChecked()}`);
    });
    await inBothThemes(page, (scheme) => assertAccessible(page, `compose page, ${scheme}`));
    // SCREENSHOTS=1 refreshes the README's picture of Studio.
    if (process.env.SCREENSHOTS) await page.screenshot({ path: path.resolve(__dirname, '..', '..', 'docs', 'studio-compose.png'), fullPage: true });
    await page.getByTestId('studio-send').click();
    await page.getByTestId('studio-notice').waitFor({ timeout: 30_000 });
    const posted = await connector.waitFor((call) => JSON.stringify(call.body ?? '').includes('Network maintenance tonight'), 30_000);
    assert.ok(JSON.stringify(posted.body).includes('**network**'));
    await page.getByTestId('studio-progress-text').getByText(/completed: 1 of 1 delivered/).waitFor({ timeout: 30_000 });
  });

  it('picks people from the directory by typing, estimates their reach, and sends to exactly them', async () => {
    // Megan has a personal chat with Commons; Lee has none yet.
    await installPersonalChat(repositories, connector.url, MEGAN, DEMO_TENANT_ID);
    await page.emulateMedia({ colorScheme: 'light' });
    await openStudioAs('Adele Vance');
    await page.getByTestId('studio-new').click();
    await page.getByTestId('studio-title').fill('Budget review invitation');
    await page.getByTestId('studio-body').fill('You are invited to the budget review.');
    const input = page.getByRole('combobox', { name: 'People' });
    for (const [typed, name] of [['Meg', 'Megan Bowen'], ['Lee', 'Lee Gu']] as const) {
      // Keyboard only: the list of the first pick may still cover the box.
      await input.focus();
      await input.pressSequentially(typed);
      const option = page.getByRole('listbox').getByRole('option', { name: new RegExp(name) });
      await option.waitFor({ timeout: 30_000 });
      await input.press('ArrowDown');
      await input.press('Enter');
      await page.getByTestId('studio-person-chip').filter({ hasText: name }).waitFor({ timeout: 10_000 });
    }
    assert.deepEqual((await page.getByTestId('studio-person-chip').allInnerTexts()).map((text) => text.split('\n').at(-1)), ['Megan Bowen', 'Lee Gu'], 'a chip each, after the avatar\'s initials');
    await page.getByTestId('studio-reach').getByText('About 2 recipients; 1 cannot be reached yet (no personal installation of Commons).').waitFor({ timeout: 30_000 });
    // A chip goes with the keyboard too, and the estimate follows; then Lee is picked again.
    await page.getByTestId('studio-person-chip').filter({ hasText: 'Lee Gu' }).press('Delete');
    await page.getByTestId('studio-reach').getByText('About 1 recipients; 0 cannot be reached yet (no personal installation of Commons).').waitFor({ timeout: 30_000 });
    await input.focus();
    await input.pressSequentially('Lee');
    await page.getByRole('listbox').getByRole('option', { name: /Lee Gu/ }).click();
    await page.getByTestId('studio-reach').getByText('About 2 recipients; 1 cannot be reached yet (no personal installation of Commons).').waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
    await inBothThemes(page, (scheme) => assertAccessible(page, `compose page with people picked, ${scheme}`));
    const sent = page.waitForResponse((response) => response.url().endsWith('/send') && response.request().method() === 'POST');
    await page.getByTestId('studio-send').click();
    const answer = await (await sent).json();
    assert.equal((await sent).status(), 201, JSON.stringify(answer));
    const announcement = await repositories.announcements.get(DEMO_TENANT_ID, answer.announcement.id);
    assert.deepEqual([...(announcement?.audience.people ?? [])].sort(), [MEGAN, LEE].sort());
    await connector.waitFor((call) => call.conversationId === `a:personal-${MEGAN}` && JSON.stringify(call.body ?? '').includes('Budget review invitation'), 30_000);
    // Lee has no personal chat: not reachable yet, which is not a failure.
    await page.getByTestId('studio-progress-text').getByText('completed: 1 of 2 delivered, 1 cannot be reached yet, 0 failed').waitFor({ timeout: 30_000 });
  });

  it('makes a round trip through approval: submit, an approver approves, the card goes out', async () => {
    const rule = { everyone: true, people: true, channels: 'all', requiresApproval: true };
    const set = await fetch(`${app.commons.url}/api/v1/studio/guardrails`, { method: 'PUT', headers: { 'content-type': 'application/json', 'x-dev-tenant': DEMO_TENANT_ID, 'x-dev-user': ALEX }, body: JSON.stringify({ defaults: { ...rule, requiresApproval: false }, authors: { [ADELE]: rule } }) });
    assert.equal(set.status, 200);
    await openStudioAs('Adele Vance');
    await page.getByTestId('studio-new').click();
    await page.getByTestId('studio-title').fill('Quarterly results call');
    await page.getByTestId('studio-body').fill('Join the call on Friday.');
    await page.getByLabel('Comms › Studio E2E').check();
    await page.getByTestId('studio-submit').click();
    await page.getByTestId('studio-notice').waitFor({ timeout: 30_000 });
    // No approver of the demo tenant has a personal chat with Commons here: Studio says so, by name.
    const notice = await page.getByTestId('studio-notice').innerText();
    assert.match(notice, /could not send the approval request to .*Patti Fernandez/, notice);
    assert.ok(!notice.includes('Adele Vance'), 'the author is never an approver of her own post');

    await openStudioAs('Patti Fernandez');
    const item = page.getByTestId('queue-item').filter({ hasText: 'Quarterly results call' });
    await item.waitFor({ timeout: 30_000 });
    await item.getByRole('button', { name: 'Review' }).click();
    await page.getByTestId('studio-queue').locator('.ac-adaptiveCard').getByText('Quarterly results call').waitFor();
    await inBothThemes(page, (scheme) => assertAccessible(page, `approval queue, ${scheme}`));
    await page.getByTestId('review-approve').click();
    await connector.waitFor((call) => JSON.stringify(call.body ?? '').includes('Quarterly results call'), 30_000);
  });
});
