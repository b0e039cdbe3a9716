import { strict as assert } from 'assert';
import path from 'path';
import type { Page } from 'playwright-core';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { seriousAxeViolations } from '../support/axe';
import { MockConnector } from '../support/connector';
import { eventually, FAST_TIMINGS, installChannel } from '../support/delivery';
import { devApi } from '../support/dev-api';
import { inBothThemes, seededTab } from '../support/seeded-tab';

const ADELE = '5e1f0a2b-7c3d-4e5f-8a9b-0c1d2e3f4003'; // author
const CHANNEL = '19:calendar-e2e@thread.tacv2';
// Far from UTC, so a post's local day differs from its UTC day: 20:00 UTC on a Wednesday is Thursday 09:00 here.
const ZONE = 'Pacific/Auckland';

/**
 * Studio's week calendar (issue 14, item 5) in Chromium: this week and the next by
 * keyboard, posts on the day they fall in the viewer's time zone with their state,
 * each a link to its page; axe-core in light and dark.
 */
describe('end to end: the Studio week calendar in Chromium', function () {
  this.timeout(150_000);
  const app = seededTab({}, { deliveryTimings: FAST_TIMINGS });
  let connector: MockConnector;
  let page: Page;
  const api = () => devApi(app.commons.url, DEMO_TENANT_ID, ADELE);

  before(async () => {
    connector = await new MockConnector().start();
    await installChannel(app.commons.repositories, connector.url, CHANNEL, DEMO_TENANT_ID);
    page = await app.browser.newPage({ viewport: { width: 1400, height: 1000 }, timezoneId: ZONE, bypassCSP: true });
  });
  after(async () => {
    await connector?.stop();
  });

  const openStudio = async () => {
    await page.goto(`${app.commons.url}/tab/index.html#/studio`);
    await page.reload();
    await page.getByTestId('user-switcher').selectOption({ label: 'Adele Vance' });
    await page.getByTestId('studio-calendar').waitFor({ timeout: 30_000 });
  };
  const day = (key: string) => page.getByTestId(`calendar-day-${key}`);

  it('shows this week with today marked, moves to the next week by keyboard, puts each post on its local day, and lists upcoming and recent posts', async () => {
    await openStudio();
    // Days as the browser (in ZONE) counts them.
    // A string, not a function: tsx would wrap the helpers in a __name() the page does not have.
    const when = (await page.evaluate(`(() => {
      const key = (d) => d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
      const now = new Date();
      const monday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - ((now.getDay() + 6) % 7));
      const at = (days, hour) => new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + days, hour);
      return { today: key(now), nextThursday: key(at(10, 9)), townHall: at(10, 9).toISOString(), farAway: at(15, 9).toISOString() };
    })()`)) as { today: string; nextThursday: string; townHall: string; farAway: string };
    assert.notEqual(when.townHall.slice(0, 10), when.nextThursday, 'the UTC day differs from the local one');

    const sentNow = await api()('POST', '/api/v1/announcements', { title: 'Canteen opens', body: 'From today.', audience: { channels: [CHANNEL] } });
    assert.equal(sentNow.status, 201, JSON.stringify(sentNow.body));
    for (const [title, scheduledAt] of [['Town hall', when.townHall], ['Far away', when.farAway]]) {
      const created = await api()('POST', '/api/v1/announcements', { title, body: `${title}.`, audience: { channels: [CHANNEL] }, scheduledAt });
      assert.equal(created.status, 201, JSON.stringify(created.body));
    }
    await eventually(async () => (await api()('GET', `/api/v1/announcements/${sentNow.body.id}`)).body.status === 'completed', 30_000, 'the post sent now', 500);

    await openStudio();
    const today = day(when.today);
    await today.getByTestId('calendar-post').filter({ hasText: 'Canteen opens' }).waitFor({ timeout: 30_000 });
    assert.equal(await today.getAttribute('aria-current'), 'date');
    assert.match(await today.innerText(), /Canteen opens · sent/);
    assert.match(await today.innerText(), /Today/);
    assert.equal(await page.getByTestId('studio-calendar').locator('[data-testid^="calendar-day-"]').count(), 7, 'Monday to Sunday');

    // The lists below: upcoming soonest first, recent latest first.
    const upcoming = page.getByTestId('studio-upcoming');
    await upcoming.getByText(/Far away/).waitFor({ timeout: 30_000 });
    const upcomingText = await upcoming.innerText();
    assert.ok(upcomingText.indexOf('Town hall') < upcomingText.indexOf('Far away'), upcomingText);
    assert.ok(!upcomingText.includes('Canteen opens'));
    assert.match(await page.getByTestId('studio-recent').innerText(), /Canteen opens · sent/);

    const thisWeek = await page.getByTestId('calendar-range').innerText();
    await page.getByTestId('calendar-next').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((before) => document.querySelector('[data-testid="calendar-range"]')?.textContent !== before, thisWeek);
    const thursday = day(when.nextThursday);
    await thursday.getByTestId('calendar-post').filter({ hasText: 'Town hall' }).waitFor({ timeout: 30_000 });
    assert.match(await thursday.innerText(), /Town hall · scheduled/);
    assert.match(await thursday.innerText(), /Thu/);
    assert.equal(await page.getByTestId('calendar-post').filter({ hasText: 'Far away' }).count(), 0, 'the week after is not shown');
    assert.equal(await page.getByTestId('calendar-post').filter({ hasText: 'Canteen opens' }).count(), 0, 'nor this week');
    assert.equal(await page.locator('[aria-current="date"]').count(), 0, 'today is not in next week');

    await inBothThemes(page, async (scheme) => {
      await page.mouse.move(0, 0);
      assert.deepEqual(await seriousAxeViolations(page), [], `calendar, ${scheme}`);
    });
    // SCREENSHOTS=1 refreshes the README's picture of the calendar.
    if (process.env.SCREENSHOTS) await page.getByTestId('studio-calendar').screenshot({ path: path.resolve(__dirname, '..', '..', 'docs', 'studio-calendar.png') });

    // Back to this week from the keyboard: Shift+Tab from "Next week" is "This week".
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await day(when.today).getByTestId('calendar-post').filter({ hasText: 'Canteen opens' }).waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId('calendar-range').innerText(), thisWeek);

    // A post opens its page.
    await day(when.today).getByTestId('calendar-post').filter({ hasText: 'Canteen opens' }).click();
    await page.getByTestId('sent-heading').getByText('Canteen opens').waitFor({ timeout: 30_000 });
    assert.match(page.url(), new RegExp(`#/sent/${sentNow.body.id}$`));
  });
});
