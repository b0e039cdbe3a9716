import { strict as assert } from 'assert';
import { seriousAxeViolations } from '../support/axe';
import { seededTab } from '../support/seeded-tab';

/**
 * Replies in the tab (issue 16): a community discussion's comments, a "Reply" button on
 * each top-level comment opening a labelled box, and the reply listed under its parent
 * as a nested list; the community feed's "Most active" order. Accessible in both themes.
 */
describe('end to end: threaded replies and the community feed order in Chromium (local mode)', function () {
  this.timeout(120_000);
  // A thread of more than a stored page (50) is written by two people: the per-person write budget is widened.
  const wide = { burst: 10_000, refillPerSecond: 100, maxTrackedUsers: 1000 };
  const app = seededTab({}, { rateLimits: { write: wide, read: wide } });
  let communityId: string;
  const { api } = app;

  before(async () => {
    const guild = await api('Megan Bowen', 'POST', '/api/v1/communities', { name: 'Threads guild', description: 'Where replies nest.', emoji: '🧵', colour: 'teal', privacy: 'open' });
    communityId = guild.id;
    await api('Lynne Robbins', 'POST', `/api/v1/communities/${communityId}/join`);
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`replies to a comment under it, as a nested list, and orders the feed by activity, accessibly (${colorScheme})`, async () => {
      const topic = `Pairing days in ${colorScheme}?`;
      const post = await api('Megan Bowen', 'POST', `/api/v1/communities/${communityId}/posts`, { kind: 'discussion', text: topic });
      assert.ok(post.id, JSON.stringify(post));
      const comment = await api('Megan Bowen', 'POST', `/api/v1/posts/${post.id}/comments`, { text: `Fridays suit me (${colorScheme})` });
      assert.ok(comment.comment, JSON.stringify(comment));
      const quiet = `Quiet note in ${colorScheme}`;
      await api('Megan Bowen', 'POST', `/api/v1/communities/${communityId}/posts`, { kind: 'discussion', text: quiet });

      const page = await app.openAs('communities', 'Lynne Robbins', colorScheme);
      await page.getByRole('button', { name: 'Open Threads guild' }).click();
      const tile = page.getByTestId('community-post').filter({ hasText: topic });
      await tile.waitFor({ timeout: 20_000 });
      assert.match(await page.getByTestId('community-post').first().innerText(), new RegExp(quiet), 'newest first by default');
      await tile.getByTestId('comments-toggle').click();
      await tile.getByTestId('comment-list').getByText(`Fridays suit me (${colorScheme})`).waitFor();
      await tile.getByRole('button', { name: 'Reply to Megan Bowen' }).click();
      const box = tile.getByRole('textbox', { name: 'Your reply to Megan Bowen' });
      await box.fill(`Thursdays too (${colorScheme})`);
      assert.deepEqual(await seriousAxeViolations(page), [], 'reply box open');
      await tile.getByTestId('reply-submit').click();
      const reply = tile.getByTestId('comment').filter({ hasText: `Fridays suit me (${colorScheme})` }).getByTestId('comment-replies').getByRole('listitem');
      await reply.filter({ hasText: `Thursdays too (${colorScheme})` }).waitFor();
      assert.equal(await tile.getByTestId('reply-text').count(), 0, 'the reply box closes once sent');
      // Screen readers hear it as a list inside the comment's list item.
      assert.equal(await tile.locator('ul[data-testid="comment-list"] > li > ul[data-testid="comment-replies"] > li').count(), 1);
      const stored = await api('Megan Bowen', 'GET', `/api/v1/posts/${post.id}/comments`);
      assert.deepEqual(stored.comments.map((c: any) => c.replies.map((r: any) => r.text)), [[`Thursdays too (${colorScheme})`]]);
      assert.deepEqual(await seriousAxeViolations(page), [], 'reply shown');

      // The discussed post ranks first under "Most active", above the newer quiet one that tops "Newest first".
      await page.getByTestId('community-feed-sort').selectOption('active');
      await page.waitForFunction((expected) => document.querySelector('[data-testid="community-post"]')?.textContent?.includes(expected), topic, { timeout: 20_000 });
      assert.deepEqual(await seriousAxeViolations(page), [], 'most active');
      await page.close();
    });
  }

  it('shows a reply to a comment of an earlier page as "in reply to", and moves it under that comment once the page is loaded', async () => {
    const post = await api('Megan Bowen', 'POST', `/api/v1/communities/${communityId}/posts`, { kind: 'discussion', text: 'A long thread' });
    const first = await api('Megan Bowen', 'POST', `/api/v1/posts/${post.id}/comments`, { text: 'The very first word' });
    for (let i = 0; i < 50; i++) {
      const filler = await api('Lynne Robbins', 'POST', `/api/v1/posts/${post.id}/comments`, { text: `Filler ${i}` }); // a stored page holds 50
      assert.ok(filler.comment, JSON.stringify(filler));
    }
    await api('Lynne Robbins', 'POST', `/api/v1/posts/${post.id}/comments`, { text: 'Back to the first word', replyTo: first.comment.id });
    const newest = await api('Megan Bowen', 'GET', `/api/v1/posts/${post.id}/comments`);
    const alone = newest.comments.find((c: any) => c.text === 'Back to the first word');
    assert.ok(alone, JSON.stringify(newest).slice(0, 400));
    assert.deepEqual([alone.replyTo, alone.replyToName, alone.replies], [first.comment.id, 'Megan Bowen', []], 'its comment is on the earlier page');

    const page = await app.openAs('communities', 'Lynne Robbins', 'light');
    await page.getByRole('button', { name: 'Open Threads guild' }).click();
    const tile = page.getByTestId('community-post').filter({ hasText: 'A long thread' });
    await tile.waitFor({ timeout: 20_000 });
    await tile.getByTestId('comments-toggle').click();
    const reply = tile.getByTestId('comment').filter({ hasText: 'Back to the first word' });
    await reply.getByText('↳ in reply to Megan Bowen').waitFor();
    assert.equal(await reply.getByTestId('comment-reply-open').count(), 0, 'a reply takes no replies');
    await tile.getByTestId('comments-earlier').click();
    await tile.getByTestId('comment').filter({ hasText: 'The very first word' }).getByTestId('comment-replies').getByText('Back to the first word').waitFor();
    assert.equal(await tile.getByTestId('comment').filter({ hasText: 'Back to the first word' }).count(), 1, 'listed once, under its comment');
    assert.deepEqual(await seriousAxeViolations(page), [], 'long thread');
    await page.close();
  });
});
