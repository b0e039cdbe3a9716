import { strict as assert } from 'assert';
import type { Browser, Page } from 'playwright-core';
import { startTestCommons, TestCommons } from '../support/app';
import { launchChromium } from '../support/browser';
import { RunningPlayground, startPlayground } from '../support/playground';

/**
 * Sends a message in a Playground conversation (@mentioning the bot in channels) and
 * waits for one more card containing `expected` than there was before.
 */
async function sendAndWaitForCard(page: Page, text: string, mentionBot: boolean, expected: string): Promise<string> {
  const matching = page.locator('.ac-adaptiveCard', { hasText: expected });
  // In a channel the first editor starts a new post; later ones reply in threads.
  const box = page.locator('[data-lexical-editor="true"]').first();
  await box.click();
  if (mentionBot) {
    await page.keyboard.type('@');
    await page.getByRole('menuitem').first().click();
    await page.keyboard.type(' ');
  }
  await page.keyboard.type(text);
  const before = await matching.count();
  await page.keyboard.press('Enter');
  await matching.nth(before).waitFor({ timeout: 15_000 });
  return matching.nth(before).innerText();
}

describe('end to end: Agents Playground', function () {
  this.timeout(90_000);
  let commons: TestCommons;
  let playground: RunningPlayground;
  let browser: Browser;
  let page: Page;

  before(async () => {
    commons = await startTestCommons({ SEED: 'true' });
    playground = await startPlayground(commons.url);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(playground.url, { waitUntil: 'domcontentloaded' });
  });
  after(async () => {
    await browser?.close();
    await playground?.stop();
    await commons?.dispose();
  });

  it('welcomes the user in personal chat when the Playground installs the app', async () => {
    await page.locator('.ac-adaptiveCard').first().waitFor({ timeout: 15_000 });
    assert.match(await page.locator('.ac-adaptiveCard').first().innerText(), /Welcome to Commons/);
  });

  it('shows the help card for "help" in channel General', async () => {
    await page.getByRole('treeitem', { name: 'My Team - General' }).click();
    const card = await sendAndWaitForCard(page, 'help', true, 'What Commons can do');
    assert.match(card, /What Commons can do/);
    assert.match(card, /Share an update/);
  });

  it('posts in General and shows a reaction count change on the card', async () => {
    const card = await sendAndWaitForCard(page, 'post Playground says hello', true, 'Playground says hello');
    assert.match(card, /Playground says hello/);
    const postCard = page.locator('.ac-adaptiveCard', { hasText: 'Playground says hello' }).last();
    await postCard.getByRole('button', { name: '👍', exact: true }).click();
    await postCard.getByRole('button', { name: '👍 1' }).waitFor({ timeout: 15_000 });
    assert.match(await page.locator('.ac-adaptiveCard', { hasText: 'Playground says hello' }).last().innerText(), /1 reactions|👍 1/);
  });

  it('starts a poll in General, votes, and sees the results change on the card', async () => {
    const card = await sendAndWaitForCard(page, 'poll Playground lunch? | Pizza | Sushi', true, 'Playground lunch?');
    assert.match(card, /Pizza[\s\S]*0 · 0%[\s\S]*Sushi[\s\S]*0 · 0%/);
    const pollCard = page.locator('.ac-adaptiveCard', { hasText: 'Playground lunch?' }).last();
    await pollCard.getByRole('radio', { name: 'Sushi' }).check();
    await pollCard.getByRole('button', { name: 'Vote', exact: true }).click();
    await page.locator('.ac-adaptiveCard', { hasText: '1 person voted' }).last().waitFor({ timeout: 15_000 });
    assert.match(await page.locator('.ac-adaptiveCard', { hasText: 'Playground lunch?' }).last().innerText(), /Pizza[\s\S]*0 · 0%[\s\S]*Sushi[\s\S]*1 · 100%/);
  });

  it('records the installation the Playground announced, for later proactive posts', async () => {
    const response = await fetch(`${commons.url}/api/v1/conversations`, {
      headers: { 'X-Dev-Tenant': '7f3c2a10-5b1e-4c8e-9a4d-2e6f0c1d9b01', 'X-Dev-User': '5e1f0a2b-7c3d-4e5f-8a9b-0c1d2e3f4001' },
    });
    const { conversations } = (await response.json()) as { conversations: Array<{ kind: string; active: boolean }> };
    assert.ok(conversations.some((c) => c.kind === 'personal' && c.active), JSON.stringify(conversations));
  });
});
