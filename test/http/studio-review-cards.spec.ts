import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import type { Role } from '../../src/domain/identity';
import { VERBS } from '../../src/cards/verbs';
import { actionExecute, postActivity } from '../support/activities';
import { eventually, installChannel, installPersonalChat } from '../support/delivery';
import { devApi } from '../support/dev-api';
import { assertValidCard, requireSchemas } from '../support/schemas';
import { deliveryApp } from '../support/delivery-app';

const ADMIN = '0c0c0c0c-0000-4000-8000-00000000ad02';
const CHANNEL = '19:review-general@thread.tacv2';
const chatOf = (userId: string) => `a:personal-${userId}`;
const textOf = (card: unknown) => JSON.stringify(card ?? {});

/**
 * Approvers' personal-chat cards (issue 14, item 5), through the real adapter and a
 * loopback Bot Connector: a submission puts a card with Approve and Reject in every
 * approver's chat; deciding there is the Studio queue's decision; every copy then says
 * who decided, and the author hears the result.
 */
describe('Studio approval cards in personal chat', function () {
  this.timeout(60_000);
  const app = deliveryApp({ COMMONS_ADMINS: ADMIN, DELIVERY_MAX_RPS: '40' });

  /** A tenant whose author must get approval; two approvers and the admin have a personal chat with Commons. */
  async function organisation() {
    const { repositories } = app.commons;
    const tenant = randomUUID();
    const people: Record<'author' | 'approver' | 'second' | 'reader', { userId: string; roles: Role[]; name: string }> = {
      author: { userId: randomUUID(), roles: ['author'], name: 'Ada Author' },
      approver: { userId: randomUUID(), roles: ['approver'], name: 'Alan Approver' },
      second: { userId: randomUUID(), roles: ['author', 'approver'], name: 'Beatriz Both' },
      reader: { userId: randomUUID(), roles: [], name: 'Rosa Reader' },
    };
    for (const { userId, roles, name } of Object.values(people)) {
      await repositories.people.upsert({ tenantId: tenant, userId, displayName: name, roles });
      await installPersonalChat(repositories, app.connector.url, userId, tenant);
    }
    await repositories.people.upsert({ tenantId: tenant, userId: ADMIN, displayName: 'Grace Admin', roles: [] });
    await installPersonalChat(repositories, app.connector.url, ADMIN, tenant);
    await installChannel(repositories, app.connector.url, CHANNEL, tenant);
    const admin = devApi(app.commons.url, tenant, ADMIN);
    const rule = { everyone: false, people: false, channels: 'all', requiresApproval: true };
    assert.equal((await admin('PUT', '/api/v1/studio/guardrails', { defaults: rule, authors: {} })).status, 200);
    const as = (who: keyof typeof people) => devApi(app.commons.url, tenant, people[who].userId);

    /** A complete draft submitted by the author; its id. */
    async function submitted(title: string, scheduledAt?: string) {
      const draft = await as('author')('POST', '/api/v1/studio/drafts', { content: { title, body: `Read the **${title}** notes.` }, audience: { channels: [CHANNEL] }, ...(scheduledAt && { scheduledAt, timeZone: 'Europe/Paris' }) });
      assert.equal(draft.status, 201, JSON.stringify(draft.body));
      const submit = await as('author')('POST', `/api/v1/studio/drafts/${draft.body.id}/submit`);
      assert.equal(submit.status, 200, JSON.stringify(submit.body));
      return draft.body.id as string;
    }

    /** Clicks a verb on a card as `who`, through /api/messages; the card Teams shows them next. */
    async function click(who: keyof typeof people | 'admin', verb: string, data: Record<string, unknown>) {
      const userId = who === 'admin' ? ADMIN : people[who].userId;
      const name = who === 'admin' ? 'Grace Admin' : people[who].name;
      const response = await postActivity(app.commons.url, actionExecute(verb, data, { serviceUrl: app.connector.url, tenantId: tenant, from: { id: `29:${userId}`, name, aadObjectId: userId } }));
      assert.equal(response.status, 200);
      return ((await response.json()) as { value: unknown }).value;
    }

    const approvers = [people.approver.userId, people.second.userId, ADMIN];
    return { tenant, people, as, admin, submitted, click, approvers };
  }

  const cardsIn = (conversationId: string, title: string) =>
    app.connector.calls.filter((c) => c.method === 'POST' && c.conversationId === conversationId && textOf(c.body).includes(title));
  const requestOf = async (userId: string, title: string) => eventually(() => cardsIn(chatOf(userId), title)[0], 20_000, `the approval card for ${title} in ${userId}'s chat`, 200);
  const updatesIn = (conversationId: string) => app.connector.calls.filter((c) => c.method === 'PUT' && c.conversationId === conversationId);

  it('sends each approver (not the author, not a reader) one card with title, author, audience, schedule and the post, Approve and Reject', async function () {
    const org = await organisation();
    const title = `Office move ${randomUUID().slice(0, 6)}`;
    const draftId = await org.submitted(title, '2031-03-02T09:30');
    for (const approver of org.approvers) await requestOf(approver, title);
    const card = cardsIn(chatOf(org.people.approver.userId), title)[0].body.attachments[0].content;
    const text = textOf(card);
    for (const expected of [`Approval requested: ${title}`, 'Ada Author', 'Channels: General', '2031-03-02 09:30 (Europe/Paris)', `Read the **${title}** notes.`]) assert.ok(text.includes(expected), expected);
    assert.deepEqual(card.actions.map((a: { type: string; verb?: string; data?: unknown }) => [a.type, a.verb, a.data]), [
      ['Action.Execute', VERBS.studioApprove, { draftId }],
      ['Action.Execute', VERBS.studioReject, { draftId }],
      ['Action.OpenUrl', undefined, undefined],
    ]);
    assert.match(card.actions[2].url, /\/tab\/index\.html#\/studio$/, 'Studio for clients where Action.Execute falls short');
    assert.ok(card.body.some((e: { type: string; id?: string; label?: string }) => e.type === 'Input.Text' && e.id === 'comment' && e.label), 'a labelled comment box');
    assert.equal(cardsIn(chatOf(org.people.author.userId), title).length, 0, 'the author is not asked');
    assert.equal(cardsIn(chatOf(org.people.reader.userId), title).length, 0, 'a reader is not asked');
    // The sweep runs again (another hold): nobody gets a second card.
    await app.commons.repositories.heldNotices.hold(org.tenant, draftId, Date.now(), 'studioReview');
    await eventually(async () => !(await app.commons.repositories.heldNotices.get(org.tenant, draftId, 'studioReview')), 20_000, 'the notice swept', 200);
    for (const approver of org.approvers) assert.equal(cardsIn(chatOf(approver), title).length, 1, 'one card each');
    requireSchemas(this);
    assertValidCard(card);
  });

  it('skips an approver whose chat refuses the card for good, asks the others, and does not try again', async () => {
    const org = await organisation();
    const refusing = chatOf(org.people.approver.userId);
    app.connector.configure({ forbiddenConversations: [refusing] });
    try {
      const title = `Parking ${randomUUID().slice(0, 6)}`;
      const draftId = await org.submitted(title);
      await requestOf(org.people.second.userId, title);
      await requestOf(ADMIN, title);
      await eventually(async () => !(await app.commons.repositories.heldNotices.get(org.tenant, draftId, 'studioReview')), 20_000, 'the notice settled, not held for another try', 200);
      const tries = app.connector.calls.filter((c) => c.method === 'POST' && c.conversationId === refusing).length;
      assert.equal(tries, 1, 'tried once');
      assert.deepEqual((await app.commons.repositories.studio.reviewCards(org.tenant, draftId))?.refused, [org.people.approver.userId]);
    } finally {
      app.connector.configure({ forbiddenConversations: [] });
    }
  });

  it('approves from the card as the queue does: scheduled and delivered, every copy says who approved, the author is told', async function () {
    const org = await organisation();
    const title = `Town hall ${randomUUID().slice(0, 6)}`;
    const draftId = await org.submitted(title);
    for (const approver of org.approvers) await requestOf(approver, title);
    const answer = await org.click('approver', VERBS.studioApprove, { draftId, comment: 'Looks good' });
    assert.match(textOf(answer), /Approved by Alan Approver/);
    assert.ok(!textOf(answer).includes(VERBS.studioApprove), 'no buttons left on the clicker’s card');

    const draft = (await org.as('author')('GET', `/api/v1/studio/drafts/${draftId}`)).body;
    assert.deepEqual([draft.state, draft.review.decision, draft.review.byName, draft.review.comment], ['sent', 'approved', 'Alan Approver', 'Looks good']);
    const [audited] = (await org.admin('GET', `/api/v1/audit?action=studio.approve&targetId=${draftId}`)).body.entries;
    assert.deepEqual([audited.actorId, audited.source.channel, typeof audited.source.conversationId], [org.people.approver.userId, 'teams', 'string'], 'the card decision is audited, from the Teams conversation');
    // A channel post creates its thread (POST /v3/conversations) carrying the card.
    await app.connector.waitFor((call) => call.method === 'POST' && /\/v3\/conversations\/?$/.test(call.path) && textOf(call.body).includes(title), 20_000);

    for (const approver of org.approvers) {
      const update = await eventually(() => updatesIn(chatOf(approver)).find((c) => textOf(c.body).includes(title)), 20_000, `${approver}'s copy updated`, 200);
      assert.match(textOf(update.body), /Approved by Alan Approver/);
      assert.ok(!textOf(update.body).includes(VERBS.studioReject), 'the buttons are gone');
    }
    const told = await eventually(() => cardsIn(chatOf(org.people.author.userId), title)[0], 20_000, 'the author told', 200);
    assert.match(textOf(told.body), /Alan Approver approved your post/);
    requireSchemas(this);
    assertValidCard(answer);
    assertValidCard(told.body.attachments[0].content);
  });

  it('rejects only with a comment, refuses a non-approver clearly, and tells the author what to change', async function () {
    const org = await organisation();
    const title = `Policy change ${randomUUID().slice(0, 6)}`;
    const draftId = await org.submitted(title);
    await requestOf(org.people.approver.userId, title);

    const refused = await org.click('reader', VERBS.studioApprove, { draftId });
    assert.match(textOf(refused), /Approving posts needs the approver role/);
    const noComment = await org.click('approver', VERBS.studioReject, { draftId, comment: '  ' });
    assert.match(textOf(noComment), /To reject, say in the comment what the author should change/);
    assert.ok(textOf(noComment).includes(VERBS.studioReject), 'the buttons stay to try again');
    assert.equal((await org.as('author')('GET', `/api/v1/studio/drafts/${draftId}`)).body.state, 'submitted', 'nothing decided yet');

    const rejected = await org.click('admin', VERBS.studioReject, { draftId, comment: 'Name the new policy owner' });
    assert.match(textOf(rejected), /Rejected by Grace Admin/);
    const draft = (await org.as('author')('GET', `/api/v1/studio/drafts/${draftId}`)).body;
    assert.deepEqual([draft.state, draft.review.comment], ['rejected', 'Name the new policy owner']);
    const told = await eventually(() => cardsIn(chatOf(org.people.author.userId), title)[0], 20_000, 'the author told', 200);
    assert.match(textOf(told.body), /Grace Admin asked for changes/);
    assert.match(textOf(told.body), /Name the new policy owner/);
    const update = await eventually(() => updatesIn(chatOf(org.people.approver.userId)).find((c) => textOf(c.body).includes(title)), 20_000, 'the approver copy updated', 200);
    assert.match(textOf(update.body), /Rejected by Grace Admin/);
    requireSchemas(this);
    assertValidCard(noComment);
    assertValidCard(update.body.attachments[0].content);
  });

  it('lets exactly one of an approval and a rejection at the same moment win; the other and later clicks see who decided and when', async () => {
    const org = await organisation();
    const title = `Outage ${randomUUID().slice(0, 6)}`;
    const draftId = await org.submitted(title);
    // Two cards and the queue's API, all at once.
    const [approved, rejected, apiApprove, apiReject] = await Promise.all([
      org.click('approver', VERBS.studioApprove, { draftId }),
      org.click('second', VERBS.studioReject, { draftId, comment: 'Not yet' }),
      org.admin('POST', `/api/v1/studio/drafts/${draftId}/approve`, {}),
      org.admin('POST', `/api/v1/studio/drafts/${draftId}/reject`, { comment: 'Wait' }),
    ]);
    const draft = (await org.as('author')('GET', `/api/v1/studio/drafts/${draftId}`)).body;
    assert.ok(['sent', 'rejected'].includes(draft.state), draft.state);
    const byName: Record<string, string> = { 'Alan Approver': 'approver', 'Beatriz Both': 'second', 'Grace Admin': 'admin' };
    assert.ok(byName[draft.review.byName], draft.review.byName);
    const winner = new RegExp(`${draft.state === 'sent' ? 'Approved' : 'Rejected'} by ${draft.review.byName}`);
    assert.match(textOf(approved), winner, 'the approver sees the one outcome');
    assert.match(textOf(rejected), winner, 'the second approver sees the one outcome');
    const apiWins = [apiApprove, apiReject].filter((r) => r.status === 200).length;
    assert.equal(apiWins, draft.review.byName === 'Grace Admin' ? 1 : 0, 'the API won only if the admin decided');
    for (const answer of [apiApprove, apiReject]) assert.ok([200, 409].includes(answer.status), `${answer.status} ${JSON.stringify(answer.body)}`);
    if (draft.state === 'sent') {
      const threads = () => app.connector.calls.filter((call) => call.method === 'POST' && /\/v3\/conversations\/?$/.test(call.path) && textOf(call.body).includes(title));
      await eventually(() => threads().length > 0, 20_000, 'the approved post delivered', 200);
      assert.equal(threads().length, 1, 'sent once');
    } else assert.equal(draft.announcementId, null, 'nothing sent');

    const late = await org.click('admin', VERBS.studioApprove, { draftId });
    assert.match(textOf(late), winner);
    assert.match(textOf(late), /\{\{DATE\(\d{4}-\d\d-\d\dT[\d:]+Z, SHORT\)\}\}/, 'when it was decided');
  });

  it('updates the approvers’ cards when the queue’s API decides, and when the author takes the draft back to edit', async () => {
    const org = await organisation();
    const title = `Benefits ${randomUUID().slice(0, 6)}`;
    const draftId = await org.submitted(title);
    await requestOf(org.people.approver.userId, title);
    assert.equal((await org.as('second')('POST', `/api/v1/studio/drafts/${draftId}/reject`, { comment: 'Add the dates' })).status, 200);
    const update = await eventually(() => updatesIn(chatOf(org.people.approver.userId)).find((c) => textOf(c.body).includes(title)), 20_000, 'copy updated after the API decided', 200);
    assert.match(textOf(update.body), /Rejected by Beatriz Both/);

    const edited = await org.as('author')('GET', `/api/v1/studio/drafts/${draftId}`);
    const again = `${title} v2`;
    const save = await org.as('author')('PUT', `/api/v1/studio/drafts/${draftId}`, { revision: edited.body.revision, content: { title: again, body: 'With dates.' }, audience: { channels: [CHANNEL] } });
    assert.equal(save.status, 200, JSON.stringify(save.body));
    assert.equal((await org.as('author')('POST', `/api/v1/studio/drafts/${draftId}/submit`)).status, 200);
    await requestOf(org.people.approver.userId, again);
    const latest = (await org.as('author')('GET', `/api/v1/studio/drafts/${draftId}`)).body;
    assert.equal((await org.as('author')('PUT', `/api/v1/studio/drafts/${draftId}`, { revision: latest.revision, content: { title: again, body: 'Changed my mind.' }, audience: { channels: [CHANNEL] } })).status, 200);
    const withdrawn = await eventually(() => updatesIn(chatOf(org.people.approver.userId)).find((c) => /no longer waiting for approval/.test(textOf(c.body))), 20_000, 'the second round’s card withdrawn', 200);
    assert.match(textOf(withdrawn.body), /no longer waiting for approval/);
  });
});
