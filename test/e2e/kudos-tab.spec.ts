import { strict as assert } from 'assert';
import path from 'path';
import type { Page } from 'playwright-core';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { DEFAULT_KUDOS_SETTINGS } from '../../src/domain/kudos';
import { actionExecute, botInstalled, mentioning, postActivity } from '../support/activities';
import { seriousAxeViolations } from '../support/axe';
import { MockConnector } from '../support/connector';
import { seededTab } from '../support/seeded-tab';

const who = (name: string) => DEMO_PEOPLE.find((p) => p.displayName === name)!;
const teams = (p: ReturnType<typeof who>) => ({ id: `29:${p.givenName.toLowerCase()}`, name: p.displayName, aadObjectId: p.userId });

/** UPDATE_SCREENSHOTS=1 writes docs/kudos-wall.png and docs/kudos-leaderboard.png for the README. */
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';

describe('end to end: the Kudos page in Chromium (local mode)', function () {
  this.timeout(120_000);
  const app = seededTab();
  let connector: MockConnector;

  async function sendKudos(from: string, to: string[], rest: string) {
    const base = mentioning(`kudos ${to.map((n) => `<at>${n}</at>`).join(' ')} ${rest}`, { serviceUrl: connector.url, place: 'channel', from: teams(who(from)) });
    const activity = { ...base, entities: [...base.entities, ...to.map((n) => ({ type: 'mention', text: `<at>${n}</at>`, mentioned: teams(who(n)) }))] };
    assert.equal((await postActivity(app.commons.url, activity)).status, 200);
  }

  const openAs = (name: string, colorScheme: 'light' | 'dark'): Promise<Page> => app.openAs('kudos', name, colorScheme);

  before(async () => {
    connector = await new MockConnector().start();
    await app.commons.repositories.kudos.setSettings(DEMO_TENANT_ID, { ...DEFAULT_KUDOS_SETTINGS, weeklyAllowance: null }, 'test', new Date().toISOString());
    await postActivity(app.commons.url, botInstalled({ serviceUrl: connector.url, place: 'channel' }));
    await sendKudos('Joni Sherman', ['Grady Archie', 'Lee Gu'], 'Team player: the whole release train ran on time this quarter.');
    await sendKudos('Grady Archie', ['Lynne Robbins', 'Diego Siciliani'], 'Above and beyond: zero-downtime release of the new checkout, and a calm weekend failover.');
    await sendKudos('Lee Gu', ['Isaiah Langer'], 'Customer hero for turning the Fabrikam renewal around in two days.');
    await sendKudos('Megan Bowen', ['Miriam Graham'], 'Innovator: the interactive launch page doubled sign-ups.');
    await sendKudos('Alex Wilber', ['Lynne Robbins'], 'Mentor for running the onboarding sessions for our new engineers.');
    const [lynne] = (await app.commons.repositories.kudos.walls.page(DEMO_TENANT_ID, [`received:${who('Lynne Robbins').userId}`], 1, async () => true)).entries;
    for (const joiner of ['Adele Vance', 'Nestor Wilke']) {
      await postActivity(app.commons.url, actionExecute('kudos.join', { postId: lynne.postId }, { serviceUrl: connector.url, place: 'channel', from: teams(who(joiner)) }));
    }
  });
  after(async () => {
    await connector?.stop();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`shows the wall, my kudos, leaderboards and (for admins) the settings, accessibly in the ${colorScheme} theme`, async () => {
      const page = await openAs('Alex Wilber', colorScheme);
      await page.getByTestId('kudos-card').first().waitFor({ timeout: 20_000 });
      const wall = await page.getByTestId('kudos-card').allInnerTexts();
      assert.equal(wall.length, 5);
      assert.match(wall[0], /Mentor[\s\S]*To Lynne Robbins[\s\S]*From Alex Wilber[\s\S]*\+2 added their kudos/);
      assert.deepEqual(await seriousAxeViolations(page), [], 'wall');
      if (SCREENSHOTS && colorScheme === 'light') await page.screenshot({ path: path.resolve(__dirname, '..', '..', 'docs', 'kudos-wall.png'), fullPage: true });

      await page.getByTestId('kudos-wall-team').click();
      await page.getByTestId('kudos-card').first().waitFor();
      assert.deepEqual(await seriousAxeViolations(page), [], 'team wall');

      await page.getByTestId('kudos-view-mine').click();
      await page.getByRole('tab', { name: 'Given' }).click();
      await page.getByTestId('kudos-card').first().waitFor();
      assert.equal(await page.getByTestId('kudos-card').count(), 1);
      assert.deepEqual(await seriousAxeViolations(page), [], 'my kudos');

      await page.getByTestId('kudos-view-boards').click();
      await page.getByTestId('leaderboard').waitFor();
      const rows = await page.getByTestId('leaderboard').locator('tbody tr').allInnerTexts();
      assert.match(rows[0], /Lynne Robbins/, 'Lynne first: recognised by 4 different people (2 senders, 2 who joined)');
      assert.deepEqual(await seriousAxeViolations(page), [], 'leaderboards');
      await page.getByTestId('board-department').selectOption('Sales');
      await page.getByTestId('leaderboard').locator('tbody tr', { hasText: 'Isaiah Langer' }).waitFor();
      assert.ok((await page.getByTestId('leaderboard').locator('tbody tr').allInnerTexts()).every((row) => /Sales/.test(row)));
      if (SCREENSHOTS && colorScheme === 'light') {
        await page.getByTestId('board-department').selectOption('');
        await page.getByTestId('leaderboard').locator('tbody tr', { hasText: 'Lynne Robbins' }).waitFor();
        await page.screenshot({ path: path.resolve(__dirname, '..', '..', 'docs', 'kudos-leaderboard.png'), fullPage: true });
      }

      await page.getByTestId('kudos-view-settings').click();
      await page.getByTestId('kudos-settings').waitFor();
      assert.equal(await page.getByTestId('badge-row').count(), 5);
      // What became of kudos notices: counted where admins see it, never silently dropped.
      assert.match(await page.getByTestId('kudos-notice-counts').innerText(), /messages sent/);
      assert.deepEqual(await seriousAxeViolations(page), [], 'settings');
      await page.close();
    });
  }

  it('lets an admin rename a badge and open kudos to everyone; members do not see the settings', async () => {
    const page = await openAs('Alex Wilber', 'light');
    await page.getByTestId('kudos-view-settings').click();
    await page.getByTestId('kudos-settings').waitFor();
    await page.getByLabel('Everyone', { exact: true }).check();
    await page.getByTestId('badge-row').nth(4).getByLabel('Name').fill('Coach');
    await page.getByTestId('kudos-settings-save').click();
    await page.getByText('Saved. New kudos use these badges and rules.').waitFor({ timeout: 10_000 });
    const stored = await app.commons.repositories.kudos.settings(DEMO_TENANT_ID);
    assert.equal(stored.sendPolicy, 'everyone');
    assert.equal(stored.badges[4].name, 'Coach');
    assert.equal(stored.badges[4].id, 'mentor', 'a renamed badge keeps its id, and its history');
    await page.close();
    const member = await openAs('Nestor Wilke', 'light');
    await member.getByTestId('kudos-view-boards').waitFor();
    assert.equal(await member.getByTestId('kudos-view-settings').count(), 0);
    await member.close();
  });
});
