import { strict as assert } from 'assert';
import { DEFAULT_KUDOS_SETTINGS } from '../../src/domain/kudos';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { botInstalled, demoPerson, mentioning, postActivity, taskFetch, taskSubmit } from '../support/activities';
import { assertValidCard, requireSchemas } from '../support/schemas';
import { seededChannel } from '../support/seeded-channel';

const ALEX = demoPerson('Alex Wilber'); // admin
const REPORTERS = ['Lynne Robbins', 'Diego Siciliani', 'Nestor Wilke', 'Miriam Graham', 'Isaiah Langer'].map(demoPerson);
const OTHER_TENANT = '22222222-2222-2222-2222-222222222222';

/**
 * Reporting (issue 17, item 2): from the card's dialog and from the tab, once per
 * person, hidden pending review at the tenant's threshold with every delivered card
 * updated; bad input changes nothing.
 */
describe('reporting posts and comments', function () {
  this.timeout(120_000);
  const app = seededChannel();
  const { channel, api, stored, publish } = app;
  const invokeBody = async (activity: unknown) => {
    const response = await postActivity(app.commons.url, activity);
    assert.equal(response.status, 200);
    return (await response.json()) as any;
  };
  const tally = async (key: string) => {
    const id = `${DEMO_TENANT_ID}|item|${key}`;
    return (await app.commons.store.containers.moderation.item(id, id).read()).resource;
  };
  const moderationDocuments = async () => (await app.commons.store.containers.moderation.items.query('SELECT c.id FROM c').fetchAll()).resources.length;
  const setThreshold = (reportThreshold: number) => api(ALEX, 'PUT', '/api/v1/settings/moderation', { reportThreshold });

  it('reports from the card: a dialog with the reasons, an acknowledgement, and once per person', async function () {
    assert.equal((await setThreshold(3)).status, 200);
    const { postId } = await publish('Quarterly numbers are in');
    const opened = await invokeBody(taskFetch({ verb: 'post.report', postId }, channel(REPORTERS[0])));
    const form = opened.task.value.card.content;
    requireSchemas(this);
    assertValidCard(form);
    const reasons = form.body.find((e: any) => e.id === 'reason');
    assert.deepEqual(reasons.choices.map((c: any) => c.value), ['spam', 'harassment', 'hate', 'misinformation', 'confidential', 'inappropriate', 'other']);

    const first = await invokeBody(taskSubmit({ verb: 'post.report', postId, reason: 'spam', note: 'Posted in five channels' }, channel(REPORTERS[0])));
    assert.match(first.task.value, /A moderator will review it; it stays visible/);
    const again = await invokeBody(taskSubmit({ verb: 'post.report', postId, reason: 'hate' }, channel(REPORTERS[0])));
    assert.match(again.task.value, /You have reported this already/);
    const stats = await tally(`post:${postId}`);
    assert.equal(stats.reporters, 1);
    assert.deepEqual(stats.reasons, { spam: 1 });
    const reportId = `${DEMO_TENANT_ID}|item|post:${postId}|report|${REPORTERS[0].aadObjectId}`;
    const report = (await app.commons.store.containers.moderation.item(reportId, `${DEMO_TENANT_ID}|item|post:${postId}`).read()).resource;
    assert.deepEqual([report.reason, report.note], ['spam', 'Posted in five channels'], 'the first report stands');
    assert.equal((await stored(postId)).state, 'published', 'one report leaves it visible');
  });

  it('offers Report on poll and kudos cards too, and a hidden poll shows as hidden', async function () {
    const groupChat = { serviceUrl: app.connector.url, place: 'groupChat' as const, from: ALEX };
    await postActivity(app.commons.url, botInstalled(groupChat));
    app.connector.reset();
    await postActivity(app.commons.url, mentioning('poll Team lunch? | Pizza | Sushi', groupChat));
    const poll = (await app.connector.waitFor((call) => call.method === 'POST' && JSON.stringify(call.body).includes('Team lunch?'))).body.attachments[0].content;
    requireSchemas(this);
    assertValidCard(poll);
    const report = poll.actions.find((a: any) => a.data?.verb === 'post.report');
    assert.ok(report, 'the poll card has Report');
    await app.commons.repositories.kudos.setSettings(DEMO_TENANT_ID, { ...DEFAULT_KUDOS_SETTINGS, weeklyAllowance: 50 }, 'test', new Date().toISOString());
    const kudos = { ...mentioning(`kudos <at>${REPORTERS[0].name}</at> Mentor thanks for the help`, groupChat) };
    kudos.entities = [...kudos.entities, { type: 'mention', text: `<at>${REPORTERS[0].name}</at>`, mentioned: { id: REPORTERS[0].id, name: REPORTERS[0].name, aadObjectId: REPORTERS[0].aadObjectId } } as any];
    app.connector.reset();
    await postActivity(app.commons.url, kudos);
    const kudosCard = (await app.connector.waitFor((call) => call.method === 'POST' && JSON.stringify(call.body).includes('thanks for the help'))).body.attachments[0].content;
    assert.ok(kudosCard.actions.some((a: any) => a.data?.verb === 'post.report'), 'the kudos card has Report');

    // Reported by the threshold's worth of distinct people, the poll's card becomes the hidden card.
    assert.equal((await setThreshold(1)).status, 200);
    const pollId = report.data.postId;
    const activityId = (await stored(pollId)).deliveredTo[0].activityId;
    app.connector.reset();
    // Only the chat's members see the poll: its author is the one member here.
    assert.equal((await api(REPORTERS[1], 'POST', `/api/v1/posts/${pollId}/reports`, { reason: 'other' })).status, 404, 'a non-member cannot report it');
    assert.equal((await api(ALEX, 'POST', `/api/v1/posts/${pollId}/reports`, { reason: 'other' })).body.hidden, true);
    const update = await app.connector.waitFor((call) => call.method === 'PUT' && call.activityId === activityId);
    assertValidCard(update.body.attachments[0].content);
    assert.match(JSON.stringify(update.body), /Hidden pending review/);
    assert.doesNotMatch(JSON.stringify(update.body), /Team lunch/);
  });

  it('counts ten parallel reports by the same person once', async () => {
    assert.equal((await setThreshold(3)).status, 200);
    const { postId } = await publish('Parallel reports target');
    const answers = await Promise.all(Array.from({ length: 10 }, () => api(REPORTERS[1], 'POST', `/api/v1/posts/${postId}/reports`, { reason: 'other' })));
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    assert.equal(answers.filter((a) => a.body.alreadyReported).length, 9);
    assert.equal((await tally(`post:${postId}`)).reporters, 1);
  });

  it('refuses bad input and changes nothing', async () => {
    assert.equal((await setThreshold(1)).status, 200); // a single valid report would hide it: none gets through
    const { postId } = await publish('Bad input target');
    const before = await moderationDocuments();
    const bad: Array<[string, unknown, number]> = [
      [`/api/v1/posts/${postId}/reports`, { reason: 'boring' }, 400],
      [`/api/v1/posts/${postId}/reports`, {}, 400],
      [`/api/v1/posts/${postId}/reports`, { reason: 'spam', note: 'x'.repeat(1001) }, 400],
      [`/api/v1/posts/${postId}/reports`, { reason: 'spam', extra: true }, 400],
      ['/api/v1/posts/not%20an%20id/reports', { reason: 'spam' }, 400],
      ['/api/v1/posts/00000000-0000-4000-8000-000000000000/reports', { reason: 'spam' }, 404],
      [`/api/v1/posts/${postId}/comments/00000000-0000-4000-8000-000000000000/reports`, { reason: 'spam' }, 404],
      [`/api/v1/posts/${postId}/comments/nope/reports`, { reason: 'spam' }, 400],
    ];
    for (const [path, body, status] of bad) {
      const answer = await api(REPORTERS[2], 'POST', path, body);
      assert.equal(answer.status, status, `${path} ${JSON.stringify(body)}`);
      assert.ok(answer.body.error.message, 'a message to show');
    }
    // Another tenant's person cannot see the post: "not found", as everywhere.
    assert.equal((await api(REPORTERS[2], 'POST', `/api/v1/posts/${postId}/reports`, { reason: 'spam' }, OTHER_TENANT)).status, 404);
    const submitted = await invokeBody(taskSubmit({ verb: 'post.report', postId, reason: 'boring' }, channel(REPORTERS[2])));
    assert.match(submitted.task.value, /not valid/);
    assert.equal(await moderationDocuments(), before, 'nothing stored');
    assert.equal((await stored(postId)).state, 'published');
  });

  it('lets only admins change the threshold, within bounds', async () => {
    assert.equal((await app.commons.repositories.moderationSettings.settings('33333333-3333-3333-3333-333333333333')).reportThreshold, 3, 'the default');
    assert.equal((await setThreshold(4)).status, 200);
    assert.equal((await api(REPORTERS[0], 'GET', '/api/v1/settings/moderation')).status, 403);
    assert.equal((await api(REPORTERS[0], 'PUT', '/api/v1/settings/moderation', { reportThreshold: 1 })).status, 403);
    for (const bad of [{ reportThreshold: 0 }, { reportThreshold: 101 }, { reportThreshold: 2.5 }, { reportThreshold: '2' }, {}]) {
      assert.equal((await api(ALEX, 'PUT', '/api/v1/settings/moderation', bad)).status, 400, JSON.stringify(bad));
    }
    assert.equal((await api(ALEX, 'GET', '/api/v1/settings/moderation')).body.reportThreshold, 4, 'unchanged');
    const audit = await api(ALEX, 'GET', '/api/v1/audit?action=settings.moderation');
    assert.deepEqual([audit.body.entries[0].details.reportThreshold, audit.body.entries[0].actorId], [4, ALEX.aadObjectId]);
  });

  it('hides a post once distinct reporters reach the threshold, and updates its delivered card', async () => {
    assert.equal((await setThreshold(3)).status, 200);
    const { postId, activityId } = await publish('Reported until hidden');
    for (const reporter of REPORTERS.slice(0, 2)) {
      const answer = await api(reporter, 'POST', `/api/v1/posts/${postId}/reports`, { reason: 'harassment' });
      assert.deepEqual([answer.status, answer.body.hidden], [201, false]);
    }
    // The same person again does not take it over the threshold.
    assert.equal((await api(REPORTERS[1], 'POST', `/api/v1/posts/${postId}/reports`, { reason: 'harassment' })).body.hidden, false);
    assert.equal((await stored(postId)).state, 'published');
    assert.ok(JSON.stringify((await api(REPORTERS[3], 'GET', '/api/v1/feed')).body).includes('Reported until hidden'), 'still visible');

    app.connector.reset();
    const third = await api(REPORTERS[2], 'POST', `/api/v1/posts/${postId}/reports`, { reason: 'hate', note: 'Third' });
    assert.deepEqual([third.status, third.body.hidden], [201, true]);
    assert.match(third.body.message, /hidden until a moderator reviews it/);
    assert.equal((await stored(postId)).state, 'hidden');
    const update = await app.connector.waitFor((call) => call.method === 'PUT' && call.activityId === activityId);
    assert.match(JSON.stringify(update.body), /Hidden pending review/);
    assert.doesNotMatch(JSON.stringify(update.body), /Reported until hidden/);
    assert.ok(!JSON.stringify((await api(REPORTERS[3], 'GET', '/api/v1/feed')).body).includes('Reported until hidden'), 'gone from the feed');
    // Hidden is "not found" to reporters who come later; the tally keeps who reported.
    assert.equal((await api(REPORTERS[3], 'POST', `/api/v1/posts/${postId}/reports`, { reason: 'spam' })).status, 404);
    const stats = await tally(`post:${postId}`);
    assert.deepEqual([stats.reporters, stats.reasons, Boolean(stats.hiddenAt)], [3, { harassment: 2, hate: 1 }, true]);
    const audit = await api(ALEX, 'GET', `/api/v1/audit?action=moderation.autoHide&targetId=${postId}`);
    assert.equal(audit.body.entries.length, 1);
    assert.deepEqual([audit.body.entries[0].details.reporters, audit.body.entries[0].details.threshold], [3, 3]);
  });

  it('hides exactly once when the threshold is reached by parallel reporters', async () => {
    assert.equal((await setThreshold(2)).status, 200);
    const { postId } = await publish('Parallel distinct reporters');
    const answers = await Promise.all(REPORTERS.map((reporter) => api(reporter, 'POST', `/api/v1/posts/${postId}/reports`, { reason: 'spam' })));
    assert.ok(answers.every((a) => a.status === 201 || a.status === 404), JSON.stringify(answers.map((a) => a.status)));
    assert.equal(answers.filter((a) => a.body.hidden).length, 1, 'one report hid it');
    assert.equal((await stored(postId)).state, 'hidden');
    const audit = await api(ALEX, 'GET', `/api/v1/audit?action=moderation.autoHide&targetId=${postId}`);
    assert.equal(audit.body.entries.length, 1);
  });

  it('reports a comment from the comments dialog and hides it at the threshold', async function () {
    assert.equal((await setThreshold(2)).status, 200);
    const { postId } = await publish('A post with a comment');
    await invokeBody(taskSubmit({ verb: 'post.comments', postId, text: 'This comment will be reported' }, channel(REPORTERS[4])));
    const dialog = await invokeBody(taskFetch({ verb: 'post.comments', postId }, channel(REPORTERS[0])));
    const card = dialog.task.value.card.content;
    requireSchemas(this);
    assertValidCard(card);
    const reportAction = JSON.stringify(card).match(/"verb":"post.report","postId":"[^"]+","commentId":"([0-9a-f-]{36})"/);
    assert.ok(reportAction, 'each comment has a Report action');
    const commentId = reportAction![1];
    const form = await invokeBody(taskSubmit({ verb: 'post.report', postId, commentId, text: '' }, channel(REPORTERS[0])));
    assert.equal(form.task.type, 'continue');
    assertValidCard(form.task.value.card.content);
    assert.match(JSON.stringify(form.task.value.card.content), /Report this comment/);
    const first = await invokeBody(taskSubmit({ verb: 'post.report', postId, commentId, reason: 'inappropriate' }, channel(REPORTERS[0])));
    assert.match(first.task.value, /A moderator will review it/);
    assert.match(JSON.stringify((await stored(postId)).latestComments), /will be reported/);

    const second = await api(REPORTERS[1], 'POST', `/api/v1/posts/${postId}/comments/${commentId}/reports`, { reason: 'inappropriate' });
    assert.deepEqual([second.status, second.body.hidden], [201, true]);
    assert.doesNotMatch(JSON.stringify((await stored(postId)).latestComments), /will be reported/, 'gone from the card preview');
    const after = await invokeBody(taskFetch({ verb: 'post.comments', postId }, channel(REPORTERS[2])));
    assert.doesNotMatch(JSON.stringify(after.task.value.card.content), /will be reported/, 'gone from the dialog');
    assert.equal((await stored(postId)).state, 'published', 'the post itself stays');
    assert.equal((await tally(`comment:${postId}:${commentId}`)).reporters, 2);
  });
});
