// `npm run screenshots`: the README's pictures, taken from the real app.
// Starts Commons in-process in local mode with the demo seed (embedded Cosmos store, a
// loopback Bot Connector that accepts every send, slowed down so that delivery progress
// can be seen), seeds some activity through the API, the bot and the repositories,
// drives the tab in headless Chromium (Debian's chromium, as the browser tests do) and
// saves PNGs to docs/screenshots/. One function a picture (or a run of pictures that
// follow one another), in the order they are taken.
import { mkdirSync } from 'fs';
import path from 'path';
import type { Browser, Locator, Page } from 'playwright-core';
import { VERBS } from '../src/cards/verbs';
import type { Repositories } from '../src/store';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../src/store/demo-tenant';
import { actionExecute, demoPerson, postActivity } from '../test/support/activities';
import { startTestCommons, TestCommons } from '../test/support/app';
import { launchChromium } from '../test/support/browser';
import { MockConnector } from '../test/support/connector';
import { eventually, FAST_TIMINGS, installChannel, installPersonalChat } from '../test/support/delivery';
import { devApi } from '../test/support/dev-api';

const OUT = path.resolve(__dirname, '..', 'docs', 'screenshots');
const person = (name: string) => DEMO_PEOPLE.find((p) => p.displayName === name)!;
const ALEX = person('Alex Wilber'); // admin, author
const PATTI = person('Patti Fernandez'); // moderator
const CHANNEL = '19:screenshots-announcements@thread.tacv2';
/** Sends accepted per second: slow enough to see the progress bar move. */
const SENDS_PER_SECOND = 2;
/** Most of the directory has a personal chat with Commons; two do not yet. */
const CHATTING = DEMO_PEOPLE.slice(0, -2);
const REACTIONS = ['like', 'celebrate', 'love', 'insightful'];

interface Shots {
  commons: TestCommons;
  connector: MockConnector;
  repositories: Repositories;
  browser: Browser;
}

/** Calls the API as a demo person; throws on anything but a 2xx, naming the call. */
function as(shots: Shots, name: string) {
  const call = devApi(shots.commons.url, DEMO_TENANT_ID, person(name).userId);
  return async (method: string, route: string, body?: unknown) => {
    const answer = await call(method, route, body);
    if (answer.status < 200 || answer.status > 299) throw new Error(`${name}: ${method} ${route} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
}

async function openTab(shots: Shots, route: string, name: string, viewport = { width: 1400, height: 1000 }): Promise<Page> {
  const page = await shots.browser.newPage({ viewport, colorScheme: 'light', acceptDownloads: true });
  await page.goto(`${shots.commons.url}/tab/index.html#/${route}`);
  await page.getByTestId('user-switcher').selectOption({ label: name });
  return page;
}

/** Saves the page (or one part of it) once animations settle. */
async function shoot(page: Page, name: string, part?: Locator) {
  await page.mouse.move(0, 0);
  await page.waitForFunction(() => document.getAnimations().length === 0, undefined, { timeout: 10_000 }).catch(() => undefined);
  const file = path.join(OUT, `${name}.png`);
  if (part) await part.screenshot({ path: file });
  else await page.screenshot({ path: file, fullPage: true });
  console.log(`saved ${path.relative(process.cwd(), file)}`);
}

/** Several people react to a post (and some comment), as they would from the tab. */
async function engage(shots: Shots, postId: string, people: readonly string[], comments: readonly string[] = []) {
  for (const [i, name] of people.entries()) await as(shots, name)('PUT', `/api/v1/posts/${postId}/reaction`, { reaction: REACTIONS[i % REACTIONS.length] });
  for (const [i, text] of comments.entries()) await as(shots, people[i % people.length])('POST', `/api/v1/posts/${postId}/comments`, { text });
}

/** Studio: compose from a template, the live preview of the real card. Leaves the page on the composer. */
async function studioCompose(shots: Shots): Promise<Page> {
  const page = await openTab(shots, 'studio', 'Adele Vance');
  await page.getByTestId('page-studio').waitFor({ timeout: 30_000 });
  await page.getByTestId('studio-template').selectOption({ label: 'Town hall' });
  await page.getByTestId('studio-new').click();
  await page.getByTestId('studio-title').waitFor({ timeout: 30_000 });
  await page.getByTestId('studio-title').fill('Town hall: our plans for 2027');
  await page.getByTestId('studio-body').fill('Join Joni Sherman on **Thursday at 15:00** for the plans of the year.\n\n- What we achieved\n- Where we go next\n- Your questions');
  await page.getByTestId('studio-audience').getByText('Everyone').click();
  await page.getByTestId('studio-preview').locator('.ac-adaptiveCard').getByText('Town hall: our plans for 2027').waitFor({ timeout: 30_000 });
  await page.getByTestId('studio-preview').locator('.ac-adaptiveCard').getByText(/Thursday at 15:00/).waitFor({ timeout: 30_000 });
  await page.getByTestId('studio-reach').getByText(/About \d+ recipients/).waitFor({ timeout: 30_000 });
  await shoot(page, 'studio-compose');
  return page;
}

/** Studio: send, and the delivery progress while it is under way. */
async function studioSending(page: Page) {
  await page.getByTestId('studio-send').click();
  const progress = page.getByTestId('studio-progress-text');
  await progress.waitFor({ timeout: 30_000 });
  await page
    .waitForFunction(() => {
      const text = document.querySelector('[data-testid="studio-progress-text"]')?.textContent ?? '';
      return !/^completed/.test(text) && /: [1-9]\d* of/.test(text);
    }, undefined, { timeout: 30_000 })
    .catch(() => undefined);
  await shoot(page, 'studio-sending');
  await progress.getByText(/^completed/).waitFor({ timeout: 60_000 });
}

/** The sent post's report once people engaged: reactions and acknowledgements over time, with the chart. */
async function postReport(shots: Shots, page: Page) {
  const { commons, connector, repositories } = shots;
  const announcementId = await eventually(async () => (await repositories.studio.draftsOf(DEMO_TENANT_ID, person('Adele Vance').userId)).find((d) => d.announcementId)?.announcementId, 10_000, 'the sent draft');
  for (const [i, p] of CHATTING.slice(0, 8).entries()) {
    const from = { id: `29:${p.userId}`, name: p.displayName, aadObjectId: p.userId };
    await postActivity(commons.url, actionExecute(VERBS.postReact, { postId: announcementId, reaction: REACTIONS[i % REACTIONS.length] }, { serviceUrl: connector.url, place: 'personal', from }));
  }
  await page.goto(`${commons.url}/tab/index.html#/sent/${announcementId}`);
  await page.getByTestId('page-sent').waitFor({ timeout: 30_000 });
  await page.getByTestId('engagement-chart').waitFor({ timeout: 30_000 });
  await shoot(page, 'post-report');
}

/** The feed: an important announcement pinned at the top, with reactions and comments. */
async function feed(shots: Shots) {
  const title = 'Office closed on Friday for the network upgrade';
  const alex = as(shots, ALEX.displayName);
  const { id } = await alex('POST', '/api/v1/announcements', { title, body: 'Please **work from home** on Friday. The new Wi-Fi is ready on Monday.', audience: { everyone: true }, importance: 'important', pinDays: 3 });
  await eventually(async () => (await alex('GET', `/api/v1/announcements/${id}`)).status === 'completed', 90_000, 'the announcement delivered', 250);
  await engage(shots, id, ['Megan Bowen', 'Lynne Robbins', 'Diego Siciliani', 'Grady Archie', 'Lee Gu', 'Nestor Wilke'], ['Thanks for the heads-up!', 'Will the VPN work as usual?']);
  const page = await openTab(shots, 'feed', 'Lynne Robbins');
  await page.getByTestId('pinned-posts').getByText(title).waitFor({ timeout: 30_000 });
  await page.getByTestId('post-list').locator(':scope > li').first().waitFor({ timeout: 30_000 });
  await shoot(page, 'feed');
  await page.close();
}

/** A person's profile as a colleague sees it: skills, organisation, Chat and Follow. */
async function profile(shots: Shots) {
  const diego = person('Diego Siciliani');
  await as(shots, diego.displayName)('PUT', '/api/v1/me/profile', { skills: ['Observability', 'Terraform', 'Incident response'], interests: ['Bouldering', 'Sourdough'] });
  const page = await openTab(shots, `people/${diego.userId}`, 'Lynne Robbins');
  await page.getByTestId('profile').waitFor({ timeout: 30_000 });
  await page.getByTestId('profile-chat').waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: `Follow ${diego.displayName}` }).waitFor({ timeout: 30_000 });
  await shoot(page, 'profile');
  await page.close();
}

/** A community's page: a discussion with comments, and a poll people voted in. */
async function community(shots: Shots) {
  const { commons, connector } = shots;
  const name = 'Platform guild';
  const guild = await as(shots, 'Megan Bowen')('POST', '/api/v1/communities', { name, description: 'Engineers sharing how we build and run the platform.', emoji: '🛠️', colour: 'teal', privacy: 'open' });
  const members = ['Lynne Robbins', 'Diego Siciliani', 'Nestor Wilke', 'Grady Archie'];
  for (const member of members) await as(shots, member)('POST', `/api/v1/communities/${guild.id}/join`);
  const poll = await as(shots, 'Megan Bowen')('POST', `/api/v1/communities/${guild.id}/posts`, { kind: 'poll', text: 'Which day suits the platform retro?', options: ['Tuesday', 'Thursday', 'Friday'] });
  for (const [i, member] of members.entries()) {
    await postActivity(commons.url, actionExecute(VERBS.pollVote, { postId: poll.id, choices: String((i % 2) + 1) }, { serviceUrl: connector.url, place: 'channel', from: demoPerson(member) }));
  }
  const { voters } = await shots.repositories.polls.tally(DEMO_TENANT_ID, poll.id);
  if (voters !== members.length) throw new Error(`community(): ${voters} of ${members.length} votes counted`);
  const discussion = await as(shots, 'Lynne Robbins')('POST', `/api/v1/communities/${guild.id}/posts`, { kind: 'discussion', text: 'How do we make on-call calmer? Share what worked for your team.' });
  await engage(shots, discussion.id, ['Diego Siciliani', 'Grady Archie', 'Megan Bowen'], ['Runbooks next to every alert.', 'A quiet hand-over at the end of each shift.']);
  const page = await openTab(shots, 'communities', 'Lynne Robbins');
  await page.getByRole('button', { name: `Open ${name}` }).click({ timeout: 30_000 });
  await page.getByTestId('community-post').filter({ hasText: 'How do we make on-call calmer?' }).waitFor({ timeout: 30_000 });
  await page.getByTestId('community-post').filter({ hasText: 'Which day suits the platform retro?' }).waitFor({ timeout: 30_000 });
  await shoot(page, 'community');
  await page.close();
  return guild.id as string;
}

/** Analytics: two weeks of activity (through the counters, as events write them), the charts and tables. */
async function analytics(shots: Shots) {
  const { posts } = await as(shots, ALEX.displayName)('GET', '/api/v1/feed?limit=10');
  const postIds = (posts as Array<{ id: string }>).map((p) => p.id);
  const activity = shots.commons.repositories.activity;
  const day = 86_400_000;
  for (let daysAgo = 14; daysAgo >= 1; daysAgo--) {
    const at = new Date(Date.now() - daysAgo * day).toISOString();
    // A weekly rhythm: busier mid-week, each day a little more than a fortnight ago.
    const busy = 2 + ((14 - daysAgo) % 7 < 5 ? 3 : 0) + Math.floor((14 - daysAgo) / 4);
    for (const [i, p] of DEMO_PEOPLE.slice(0, busy + 2).entries()) {
      const postId = postIds[(i + daysAgo) % postIds.length];
      await activity.record({ kind: 'reaction', tenantId: DEMO_TENANT_ID, userId: p.userId, postId, delta: 1, at });
      if (i % 2 === 0) await activity.record({ kind: 'comment', tenantId: DEMO_TENANT_ID, userId: p.userId, postId, at });
      if (i < busy / 2) await activity.record({ kind: 'post', tenantId: DEMO_TENANT_ID, userId: p.userId, postId: `${postId}-${daysAgo}`, postKind: 'update', at });
    }
  }
  const page = await openTab(shots, 'analytics', ALEX.displayName);
  await page.getByTestId('page-analytics').waitFor({ timeout: 30_000 });
  await page.getByTestId('analytics-kpis').waitFor({ timeout: 30_000 });
  await page.getByTestId('analytics-activity-chart').locator('svg').first().waitFor({ timeout: 30_000 });
  await page.getByTestId('analytics-departments-chart').locator('svg').first().waitFor({ timeout: 30_000 });
  await shoot(page, 'analytics');
  await page.close();
}

/** The Moderation queue: a community discussion two people reported, with reasons. */
async function moderation(shots: Shots, communityId: string) {
  const text = 'Selling my old bike, half price for colleagues. Use code BIKE50 at my shop!';
  const post = await as(shots, 'Nestor Wilke')('POST', `/api/v1/communities/${communityId}/posts`, { kind: 'discussion', text });
  await as(shots, 'Lynne Robbins')('POST', `/api/v1/posts/${post.id}/reports`, { reason: 'spam', note: 'Advertising in the guild' });
  await as(shots, 'Diego Siciliani')('POST', `/api/v1/posts/${post.id}/reports`, { reason: 'spam' });
  const page = await openTab(shots, 'moderation', PATTI.displayName);
  await page.getByTestId('queue-item').filter({ hasText: text.slice(0, 30) }).waitFor({ timeout: 30_000 });
  await shoot(page, 'moderation-queue');
  await page.close();
}

/** "Your data": a person downloads everything Commons stores about them. */
async function yourData(shots: Shots) {
  const page = await openTab(shots, 'privacy', 'Lynne Robbins');
  await page.getByRole('heading', { name: 'Your data' }).waitFor({ timeout: 30_000 });
  await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my data' }).click()]);
  await page.getByTestId('privacy-result').getByText('Your data was downloaded.').waitFor({ timeout: 30_000 });
  await shoot(page, 'your-data');
  await page.close();
}

/** Admin › Privacy: a seeded person erased after the confirm step, and the report per kind. */
async function erasure(shots: Shots) {
  const miriam = person('Miriam Graham');
  const { id } = await as(shots, miriam.displayName)('POST', '/api/v1/communities', { name: 'Content club', description: 'Writing for the intranet.', privacy: 'open' });
  const post = await as(shots, miriam.displayName)('POST', `/api/v1/communities/${id}/posts`, { kind: 'discussion', text: 'What makes a headline worth clicking?' });
  await engage(shots, post.id, ['Megan Bowen', 'Adele Vance']);
  await as(shots, miriam.displayName)('POST', `/api/v1/posts/${post.id}/comments`, { text: 'Short verbs, concrete numbers.' });
  // Her reactions on the feed's newest posts: erased, and their counts recounted.
  const { posts } = await as(shots, miriam.displayName)('GET', '/api/v1/feed?limit=3');
  for (const p of posts as Array<{ id: string }>) await engage(shots, p.id, [miriam.displayName]);
  const page = await openTab(shots, 'admin', ALEX.displayName);
  const section = page.getByTestId('privacy-admin');
  await section.getByTestId('privacy-settings').waitFor({ timeout: 30_000 });
  await section.getByLabel('Their Microsoft Entra object id').fill(miriam.userId);
  await section.getByRole('button', { name: 'Erase…' }).click();
  await page.getByRole('alertdialog', { name: 'Erase this person?' }).getByRole('button', { name: 'Erase', exact: true }).click();
  await section.getByTestId('erasure-report').waitFor({ timeout: 60_000 });
  await section.scrollIntoViewIfNeeded();
  await shoot(page, 'erasure-report', section);
  await page.close();
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const connector = await new MockConnector({ tenantLimitPerSecond: SENDS_PER_SECOND }).start();
  const commons = await startTestCommons({ SEED: 'true', COMMONS_ADMINS: ALEX.userId }, { deliveryTimings: FAST_TIMINGS });
  const browser = await launchChromium();
  try {
    const shots: Shots = { commons, connector, repositories: commons.repositories, browser };
    await installChannel(shots.repositories, connector.url, CHANNEL, DEMO_TENANT_ID);
    for (const p of CHATTING) await installPersonalChat(shots.repositories, connector.url, p.userId, DEMO_TENANT_ID);

    const studio = await studioCompose(shots);
    await studioSending(studio);
    await postReport(shots, studio);
    await studio.close();
    await feed(shots);
    await profile(shots);
    const communityId = await community(shots);
    await analytics(shots);
    await moderation(shots, communityId);
    await yourData(shots);
    await erasure(shots); // last: Miriam is gone after it
  } finally {
    await browser.close();
    await commons.dispose();
    await connector.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
