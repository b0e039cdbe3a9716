import { strict as assert } from 'assert';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { seriousAxeViolations } from '../support/axe';
import { seededTab } from '../support/seeded-tab';

const ALEX = DEMO_PEOPLE.find((p) => p.displayName === 'Alex Wilber')!; // admin
const LYNNE = DEMO_PEOPLE.find((p) => p.displayName === 'Lynne Robbins')!;
const MEGAN = DEMO_PEOPLE.find((p) => p.displayName === 'Megan Bowen')!;

/** The Guidelines page (issue 17, item 1): admins publish in the Admin page, everyone accepts in the tab. */
describe('end to end: community guidelines in Chromium (local mode)', function () {
  this.timeout(120_000);
  const app = seededTab();
  const api = async (userId: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${app.commons.url}${path}`, { method, headers: { 'content-type': 'application/json', 'X-Dev-Tenant': DEMO_TENANT_ID, 'X-Dev-User': userId }, ...(body !== undefined && { body: JSON.stringify(body) }) });
    return { status: response.status, body: (await response.json()) as any };
  };


  it('lets an admin publish a new version from the Admin page', async () => {
    const before = (await api(ALEX.userId, 'GET', '/api/v1/guidelines')).body.current?.version ?? 0;
    const page = await app.openAs('admin', 'Alex Wilber', 'light');
    try {
      const section = page.getByTestId('guidelines-settings');
      await section.getByRole('heading', { name: 'Community guidelines' }).waitFor();
      await section.getByLabel('Guidelines (Markdown)').fill('# Published from the tab\n\nBe kind.');
      await section.getByRole('button', { name: 'Publish new version' }).click();
      await section.getByText(`Version ${before + 1} published.`).waitFor();
    } finally {
      await page.context().close();
    }
    const current = (await api(LYNNE.userId, 'GET', '/api/v1/guidelines')).body.current;
    assert.deepEqual([current.version, current.markdown, current.publishedBy], [before + 1, '# Published from the tab\n\nBe kind.', ALEX.userId]);
  });

  it('links a refused community post to the Guidelines page, where accepting lets it through', async () => {
    const community = await api(LYNNE.userId, 'POST', '/api/v1/communities', { name: 'Guided walkers', privacy: 'open' });
    assert.equal(community.status, 201);
    const { version } = (await api(ALEX.userId, 'PUT', '/api/v1/settings/guidelines', { markdown: '# Walk the talk\n\nBe kind on the trail.', publish: true })).body.current;
    const page = await app.openAs('communities', 'Lynne Robbins', 'light');
    try {
      await page.getByRole('button', { name: 'Open Guided walkers' }).click();
      await page.getByTestId('start-post').waitFor({ timeout: 20_000 });
      await page.getByTestId('start-post-text').fill('Saturday hike?');
      await page.getByTestId('start-post-submit').click();
      await page.getByRole('link', { name: 'Read and accept the guidelines' }).click();
      await page.getByRole('heading', { name: 'Walk the talk' }).waitFor();
      await page.getByRole('button', { name: 'I accept these guidelines' }).click();
      await page.getByTestId('guidelines-accepted').waitFor();
    } finally {
      await page.context().close();
    }
    assert.equal((await api(LYNNE.userId, 'GET', '/api/v1/guidelines')).body.accepted?.version, version);
    assert.equal((await api(LYNNE.userId, 'POST', `/api/v1/communities/${community.body.id}/posts`, { kind: 'discussion', text: 'Saturday hike?' })).status, 201);
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`shows the current guidelines and accepts them with one click (${colorScheme})`, async () => {
      const published = await api(ALEX.userId, 'PUT', '/api/v1/settings/guidelines', { markdown: `# Our rules (${colorScheme})\n\nBe **kind** and assume good intent.`, publish: true });
      const { version } = published.body.current;
      const person = colorScheme === 'light' ? LYNNE : MEGAN;
      const page = await app.openAs('guidelines', person.displayName, colorScheme);
      try {
        await page.getByRole('heading', { name: `Our rules (${colorScheme})` }).waitFor();
        assert.deepEqual(await seriousAxeViolations(page), []);
        await page.getByRole('button', { name: 'I accept these guidelines' }).click();
        await page.getByTestId('guidelines-accepted').getByText(new RegExp(`You accepted version ${version} on`)).waitFor();
        assert.deepEqual(await seriousAxeViolations(page), []);
      } finally {
        await page.context().close();
      }
      const mine = (await api(person.userId, 'GET', '/api/v1/guidelines')).body;
      assert.equal(mine.accepted?.version, version, 'stored with the version');
    });
  }
});
