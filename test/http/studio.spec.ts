import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import type { Role } from '../../src/domain/identity';
import { installChannel, installPersonalChats, userIdOf } from '../support/delivery';
import { devApi } from '../support/dev-api';
import { assertValidCard, requireSchemas } from '../support/schemas';
import { deliveryApp } from '../support/delivery-app';

const ADMIN = '0c0c0c0c-0000-4000-8000-00000000ad01';
const CHANNEL = '19:studio-general@thread.tacv2';
const OTHER_CHANNEL = '19:studio-sales@thread.tacv2';

describe('Comms Studio API', function () {
  this.timeout(30_000);
  const app = deliveryApp({ COMMONS_ADMINS: ADMIN, DELIVERY_MAX_RPS: '40' });

  /** A fresh tenant with an admin, an author, two approvers and a reader, two channels and a few personal chats. */
  async function organisation() {
    const tenant = randomUUID();
    const people: Record<string, { userId: string; roles: Role[]; name: string }> = {
      author: { userId: randomUUID(), roles: ['author'], name: 'Ada Author' },
      approver: { userId: randomUUID(), roles: ['approver'], name: 'Alan Approver' },
      both: { userId: randomUUID(), roles: ['author', 'approver'], name: 'Beatriz Both' },
      reader: { userId: randomUUID(), roles: [], name: 'Rosa Reader' },
    };
    for (const { userId, roles, name } of Object.values(people)) await app.repositories.people.upsert({ tenantId: tenant, userId, displayName: name, roles });
    await app.repositories.people.upsert({ tenantId: tenant, userId: ADMIN, displayName: 'Grace Admin', roles: [] });
    await installChannel(app.repositories, app.connector.url, CHANNEL, tenant);
    await installChannel(app.repositories, app.connector.url, OTHER_CHANNEL, tenant);
    await installPersonalChats(app.repositories, app.connector.url, 3, tenant);
    const as = (user: string) => devApi(app.commons.url, tenant, user);
    return { tenant, people, admin: as(ADMIN), author: as(people.author.userId), approver: as(people.approver.userId), both: as(people.both.userId), reader: as(people.reader.userId) };
  }

  const complete = { title: 'Office move', body: 'We move on **Monday**.\n\n- Pack your desk\n- [Floor plan](https://intranet.example.com/plan)' };

  it('lets only authors and approvers in, and tells everyone else who grants access', async () => {
    const org = await organisation();
    const access = await org.reader('GET', '/api/v1/studio/access');
    assert.equal(access.status, 200);
    assert.deepEqual([access.body.canAuthor, access.body.canApprove], [false, false]);
    assert.deepEqual(access.body.grantors.map((g: { displayName: string }) => g.displayName), ['Grace Admin']);
    for (const [method, route] of [['GET', '/api/v1/studio/drafts'], ['POST', '/api/v1/studio/drafts'], ['GET', '/api/v1/studio/templates'], ['GET', '/api/v1/studio/queue'], ['GET', '/api/v1/studio/guardrails']]) {
      const refused = await org.reader(method, route, method === 'POST' ? {} : undefined);
      assert.equal(refused.status, 403, `${method} ${route}`);
      assert.equal(refused.body.error.code, 'forbidden');
    }
    // An approver reviews but does not write.
    assert.equal((await org.approver('POST', '/api/v1/studio/drafts', {})).status, 403);
    assert.equal((await org.approver('GET', '/api/v1/studio/queue')).status, 200);
    assert.equal((await org.author('GET', '/api/v1/studio/queue')).status, 403);
    assert.equal((await org.author('GET', '/api/v1/studio/guardrails')).status, 403);
  });

  it('autosaves drafts per author, refuses a stale save naming who changed it, and lists them', async () => {
    const org = await organisation();
    const created = await org.author('POST', '/api/v1/studio/drafts', { templateId: 'policy-change' });
    assert.equal(created.status, 201);
    assert.equal(created.body.content.acknowledge, true, 'the policy template asks for acknowledgement');
    assert.match(created.body.content.title, /Policy update/);
    const id = created.body.id;
    const save = (revision: number, title: string) => org.author('PUT', `/api/v1/studio/drafts/${id}`, { revision, content: { ...created.body.content, title }, audience: { channels: [CHANNEL] }, scheduledAt: '2031-05-04T09:00', timeZone: 'Europe/Paris' });
    // Two tabs save the same revision at once: exactly one wins, the other is told to reload.
    const [a, b] = await Promise.all([save(1, 'From tab A'), save(1, 'From tab B')]);
    assert.deepEqual([a.status, b.status].sort(), [200, 409]);
    const loser = a.status === 409 ? a : b;
    assert.match(loser.body.error.message, /Ada Author changed this draft meanwhile\. Reload/);
    const read = await org.author('GET', `/api/v1/studio/drafts/${id}`);
    assert.equal(read.body.revision, 2);
    assert.equal(read.body.timeZone, 'Europe/Paris');
    assert.equal((await org.author('GET', '/api/v1/studio/drafts')).body.drafts[0].draftId, id);
    // Nobody else sees it: another author gets a 404, not the draft.
    assert.equal((await org.both('GET', `/api/v1/studio/drafts/${id}`)).status, 404);
    assert.equal((await org.both('GET', '/api/v1/studio/drafts')).body.drafts.length, 0);

    const copy = await org.author('POST', `/api/v1/studio/drafts/${id}/duplicate`);
    assert.equal(copy.status, 201);
    assert.notEqual(copy.body.id, id);
    assert.equal(copy.body.content.title, read.body.content.title);
    assert.equal(copy.body.state, 'draft');
    assert.equal((await org.author('DELETE', `/api/v1/studio/drafts/${copy.body.id}`)).status, 204);
    assert.equal((await org.author('GET', `/api/v1/studio/drafts/${copy.body.id}`)).status, 404);
    const templates = await org.author('GET', '/api/v1/studio/templates');
    assert.deepEqual(templates.body.templates.map((t: { id: string }) => t.id), ['town-hall', 'policy-change', 'outage']);
  });

  it('refuses an incomplete or invalid post at send with a message naming the field, and sends nothing', async () => {
    const org = await organisation();
    const cases: Array<[Record<string, unknown>, Record<string, unknown>, RegExp]> = [
      [{ body: 'b' }, { everyone: true }, /title: Required/],
      [{ title: 't' }, { everyone: true }, /body: Required/],
      [{ ...complete, image: { url: 'http://img.example.com/a.png', alt: 'A map' } }, { everyone: true }, /image\.url.*https/],
      [{ ...complete, image: { url: 'https://img.example.com/a.png', alt: '' } }, { everyone: true }, /image\.alt.*alt text/],
      [{ ...complete, buttons: [{ title: 'Files', url: 'ftp://files.example.com' }] }, { everyone: true }, /buttons\.0\.url/],
      [complete, {}, /Choose at least one channel/],
      [complete, { channels: ['19:nowhere@thread.tacv2'] }, /could not find/],
    ];
    for (const [content, audience, message] of cases) {
      const draft = await org.author('POST', '/api/v1/studio/drafts', { content, audience });
      assert.equal(draft.status, 201, JSON.stringify(draft.body));
      const sent = await org.author('POST', `/api/v1/studio/drafts/${draft.body.id}/send`);
      assert.equal(sent.status, 400, `${JSON.stringify(content)} → ${JSON.stringify(sent.body)}`);
      assert.match(sent.body.error.message, message);
      assert.equal((await org.author('GET', `/api/v1/studio/drafts/${draft.body.id}`)).body.state, 'draft');
    }
    const past = await org.author('POST', '/api/v1/studio/drafts', { content: complete, audience: { everyone: true }, scheduledAt: '2020-01-01T09:00', timeZone: 'Europe/Paris' });
    const refused = await org.author('POST', `/api/v1/studio/drafts/${past.body.id}/send`);
    assert.equal(refused.status, 400);
    assert.match(refused.body.error.message, /time has passed.*send it now/);
    // An autosave too is held to the limits, and a tenantId in the body is refused.
    const bad = await org.author('POST', '/api/v1/studio/drafts', { content: { title: 'x'.repeat(201) } });
    assert.equal(bad.status, 400);
    const buttons = await org.author('POST', '/api/v1/studio/drafts', { content: { ...complete, buttons: Array.from({ length: 7 }, (_, i) => ({ title: `B${i}`, url: 'https://example.com' })) } });
    assert.match(buttons.body.error.message, /at most 6 buttons/);
    assert.equal((await org.author('POST', '/api/v1/studio/drafts', { tenantId: randomUUID() })).status, 400);
    assert.equal((await org.author('GET', '/api/v1/studio/drafts')).body.drafts.length, cases.length + 1);
  });

  it('sends a rich post to a channel: image, buttons, importance and acknowledgement on a valid card', async function () {
    const org = await organisation();
    const content = { ...complete, image: { url: 'https://img.example.com/plan.png', alt: 'Floor plan of the new office' }, buttons: [{ title: 'Floor plan', url: 'https://intranet.example.com/plan' }, { title: 'FAQ', url: 'http://faq.example.com' }], importance: 'important', pinDays: 3, acknowledge: true, kind: 'update' };
    const draft = await org.author('POST', '/api/v1/studio/drafts', { content, audience: { channels: [CHANNEL] } });
    const sent = await org.author('POST', `/api/v1/studio/drafts/${draft.body.id}/send`);
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    assert.equal(sent.body.draft.state, 'sent');
    const announcementId = sent.body.announcement.id;
    const posted = await app.connector.waitFor((call) => JSON.stringify(call.body ?? '').includes(announcementId), 10_000);
    const card = (posted.body as any).activity.attachments[0].content;
    const text = JSON.stringify(card);
    for (const expected of ['Office move', 'Floor plan of the new office', 'FAQ', "I've read this", 'Important', 'Update']) assert.ok(text.includes(expected), expected);
    requireSchemas(this);
    assertValidCard(card);
    // Sent once: a second send, or an edit of the draft, is refused.
    assert.equal((await org.author('POST', `/api/v1/studio/drafts/${draft.body.id}/send`)).status, 409);
    assert.equal((await org.author('PUT', `/api/v1/studio/drafts/${draft.body.id}`, { revision: sent.body.draft.revision, content, audience: {} })).status, 409);
  });

  it('keeps an author within the guardrails an admin sets, and routes their posts through approval', async () => {
    const org = await organisation();
    const rule = { everyone: false, people: false, channels: [CHANNEL], requiresApproval: true };
    const open = { everyone: true, people: true, channels: 'all', requiresApproval: false };
    assert.equal((await org.author('PUT', '/api/v1/studio/guardrails', { defaults: open, authors: {} })).status, 403);
    const set = await org.admin('PUT', '/api/v1/studio/guardrails', { defaults: open, authors: { [org.people.author.userId]: rule } });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.deepEqual((await org.author('GET', '/api/v1/studio/access')).body.rule, rule);
    assert.equal((await org.admin('PUT', '/api/v1/studio/guardrails', { defaults: open, authors: { 'not-a-guid': rule } })).status, 400);

    // Beyond the guardrails: refused on submit, and through the plain announcements API too.
    const everyone = await org.author('POST', '/api/v1/studio/drafts', { content: complete, audience: { everyone: true } });
    const beyond = await org.author('POST', `/api/v1/studio/drafts/${everyone.body.id}/submit`);
    assert.equal(beyond.status, 403);
    assert.match(beyond.body.error.message, /not allowed to send to everyone/);
    const other = await org.author('POST', '/api/v1/announcements', { ...complete, audience: { channels: [OTHER_CHANNEL] } });
    assert.equal(other.status, 403);
    assert.match(other.body.error.message, /channel 19:studio-sales/);
    const direct = await org.author('POST', '/api/v1/announcements', { ...complete, audience: { channels: [CHANNEL] } });
    assert.equal(direct.status, 409);
    assert.match(direct.body.error.message, /need approval/);

    // Within them: submit → reject with a comment → edit → submit → approve → scheduled and delivered.
    const draft = await org.author('POST', '/api/v1/studio/drafts', { content: complete, audience: { channels: [CHANNEL] } });
    const id = draft.body.id;
    assert.equal((await org.author('POST', `/api/v1/studio/drafts/${id}/send`)).status, 409);
    assert.equal((await org.author('POST', `/api/v1/studio/drafts/${id}/submit`)).body.state, 'submitted');
    assert.deepEqual((await org.approver('GET', '/api/v1/studio/queue')).body.drafts.map((d: { draftId: string; authorName: string }) => [d.draftId, d.authorName]), [[id, 'Ada Author']]);
    assert.equal((await org.approver('GET', `/api/v1/studio/drafts/${id}`)).status, 200, 'approvers read what they review');
    const noComment = await org.approver('POST', `/api/v1/studio/drafts/${id}/reject`, { comment: ' ' });
    assert.equal(noComment.status, 400);
    const rejected = await org.approver('POST', `/api/v1/studio/drafts/${id}/reject`, { comment: 'Add the new address' });
    assert.equal(rejected.body.state, 'rejected');
    assert.deepEqual([rejected.body.review.comment, rejected.body.review.byName], ['Add the new address', 'Alan Approver']);
    assert.equal((await org.approver('GET', '/api/v1/studio/queue')).body.drafts.length, 0);
    assert.equal((await org.approver('POST', `/api/v1/studio/drafts/${id}/approve`, {})).status, 409, 'only submitted drafts are reviewed');

    const edited = await org.author('PUT', `/api/v1/studio/drafts/${id}`, { revision: rejected.body.revision, content: { ...complete, body: `${complete.body}\n\nNew address: ${org.people.author.userId.slice(0, 8)} 1 Main St.` }, audience: { channels: [CHANNEL] } });
    assert.equal(edited.body.state, 'draft');
    await org.author('POST', `/api/v1/studio/drafts/${id}/submit`);
    const approved = await org.approver('POST', `/api/v1/studio/drafts/${id}/approve`, { comment: 'Thanks' });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.draft.state, 'sent');
    assert.equal(approved.body.draft.review.decision, 'approved');
    const announcementId = approved.body.announcement.id;
    await app.connector.waitFor((call) => JSON.stringify(call.body ?? '').includes(`${org.people.author.userId.slice(0, 8)} 1 Main St.`), 10_000);
    const announcement = await app.repositories.announcements.get(org.tenant, announcementId);
    assert.equal(announcement?.authorId, org.people.author.userId, 'sent as its author');
  });

  it('never lets an approver approve their own post', async () => {
    const org = await organisation();
    await org.admin('PUT', '/api/v1/studio/guardrails', { defaults: { everyone: true, people: true, channels: 'all', requiresApproval: true }, authors: {} });
    const draft = await org.both('POST', '/api/v1/studio/drafts', { content: complete, audience: { people: [userIdOf(1)] } });
    await org.both('POST', `/api/v1/studio/drafts/${draft.body.id}/submit`);
    const own = await org.both('POST', `/api/v1/studio/drafts/${draft.body.id}/approve`, {});
    assert.equal(own.status, 403);
    assert.match(own.body.error.message, /own post/);
    assert.equal((await org.approver('POST', `/api/v1/studio/drafts/${draft.body.id}/approve`, {})).status, 200);
  });

  it('estimates reach from the audience resolution, counting people Commons cannot reach yet', async () => {
    const org = await organisation();
    const nobody = randomUUID();
    await app.repositories.people.upsert({ tenantId: org.tenant, userId: nobody, displayName: 'No Chat', roles: [] });
    const reach = await org.author('GET', `/api/v1/studio/reach?channels=${encodeURIComponent(CHANNEL)}&people=${userIdOf(0)},${nobody}`);
    assert.deepEqual(reach.body, { recipients: 3, channels: 1, unreachable: 1 });
    // "Everyone" is the directory: the 3 personal chats, and the 6 people listed without one (No Chat among them), as unreachable.
    assert.deepEqual((await org.author('GET', '/api/v1/studio/reach?everyone=true')).body, { recipients: 9, channels: 0, unreachable: 6 });
    assert.equal((await org.author('GET', '/api/v1/studio/reach?people=nope')).status, 400);
  });

  it('describes every Studio route in the OpenAPI document, from the zod schemas', async () => {
    const document = (await (await fetch(`${app.commons.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, any> };
    for (const route of ['/api/v1/studio/access', '/api/v1/studio/drafts', '/api/v1/studio/drafts/{id}', '/api/v1/studio/drafts/{id}/send', '/api/v1/studio/drafts/{id}/approve', '/api/v1/studio/drafts/{id}/reject', '/api/v1/studio/guardrails', '/api/v1/studio/reach', '/api/v1/studio/queue']) {
      assert.ok(document.paths[route], route);
    }
    const save = document.paths['/api/v1/studio/drafts/{id}'].put.requestBody.content['application/json'].schema;
    assert.equal(save.properties.content.properties.buttons.maxItems, 6);
    assert.equal(document.paths['/api/v1/announcements'].post && true, true);
  });
});
