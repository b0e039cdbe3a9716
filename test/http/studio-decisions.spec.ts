import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import type { Role } from '../../src/domain/identity';
import { installChannel, installPersonalChat } from '../support/delivery';
import { devApi } from '../support/dev-api';
import { deliveryApp } from '../support/delivery-app';

const ADMIN = '0c0c0c0c-0000-4000-8000-00000000ad03';
const CHANNEL = '19:studio-decisions@thread.tacv2';

/**
 * Studio decisions leave a trace and reach people, or say whom they cannot reach:
 * every submission, approval and rejection is in the audit log (who, what, when, from
 * where), and a submission names the approvers no approval card can reach.
 */
describe('Studio decisions: audited, and nobody silently left out', function () {
  this.timeout(60_000);
  const app = deliveryApp({ COMMONS_ADMINS: ADMIN, DELIVERY_MAX_RPS: '40' });

  /** A tenant whose author needs approval; `reachable` approvers have a personal chat with Commons, the admin has none. */
  async function organisation(reachable: Array<'approver' | 'second'>) {
    const { repositories } = app.commons;
    const tenant = randomUUID();
    const people: Record<'author' | 'approver' | 'second', { userId: string; roles: Role[]; name: string }> = {
      author: { userId: randomUUID(), roles: ['author'], name: 'Ada Author' },
      approver: { userId: randomUUID(), roles: ['approver'], name: 'Alan Approver' },
      second: { userId: randomUUID(), roles: ['approver'], name: 'Beatriz Second' },
    };
    for (const [key, { userId, roles, name }] of Object.entries(people)) {
      await repositories.people.upsert({ tenantId: tenant, userId, displayName: name, roles });
      if (key === 'author' || reachable.includes(key as 'approver')) await installPersonalChat(repositories, app.connector.url, userId, tenant);
    }
    await repositories.people.upsert({ tenantId: tenant, userId: ADMIN, displayName: 'Grace Admin', roles: [] });
    await installChannel(repositories, app.connector.url, CHANNEL, tenant);
    const admin = devApi(app.commons.url, tenant, ADMIN);
    assert.equal((await admin('PUT', '/api/v1/studio/guardrails', { defaults: { everyone: false, people: true, channels: 'all', requiresApproval: true }, authors: {} })).status, 200);
    const as = (who: keyof typeof people) => devApi(app.commons.url, tenant, people[who].userId);
    const draft = async (title: string) => {
      const created = await as('author')('POST', '/api/v1/studio/drafts', { content: { title, body: 'Read the notes.' }, audience: { channels: [CHANNEL] } });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      return created.body.id as string;
    };
    const auditOf = async (draftId: string) => {
      const listed = await admin('GET', `/api/v1/audit?${new URLSearchParams({ targetId: draftId })}`);
      assert.equal(listed.status, 200, JSON.stringify(listed.body));
      return listed.body.entries as Array<{ action: string; actorId: string; at: string; target: { kind: string; id: string }; details: Record<string, unknown>; source: { channel: string; address?: string } }>;
    };
    return { tenant, people, admin, as, draft, auditOf };
  }

  it('writes each submission, approval and rejection to the audit log with who, what, when and from where', async () => {
    const org = await organisation(['approver', 'second']);
    const before = new Date().toISOString();
    const rejectedId = await org.draft('Parking rules');
    assert.equal((await org.as('author')('POST', `/api/v1/studio/drafts/${rejectedId}/submit`)).status, 200);
    assert.equal((await org.as('approver')('POST', `/api/v1/studio/drafts/${rejectedId}/reject`, { comment: 'Name the garage' })).status, 200);
    const rejected = await org.auditOf(rejectedId);
    assert.deepEqual(rejected.map((e) => [e.action, e.actorId]).sort(), [['studio.reject', org.people.approver.userId], ['studio.submit', org.people.author.userId]].sort());
    const rejection = rejected.find((e) => e.action === 'studio.reject')!;
    assert.deepEqual(rejection.target, { kind: 'draft', id: rejectedId });
    assert.equal(rejection.details.comment, 'Name the garage');
    assert.equal(rejection.details.authorId, org.people.author.userId);
    assert.ok(rejection.at >= before);
    assert.equal(rejection.source.channel, 'api');
    assert.match(rejection.source.address ?? '', /127\.0\.0\.1|::1/);

    const approvedId = await org.draft('Town hall');
    await org.as('author')('POST', `/api/v1/studio/drafts/${approvedId}/submit`);
    const approved = await org.as('second')('POST', `/api/v1/studio/drafts/${approvedId}/approve`, { comment: 'Go' });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    const approval = (await org.auditOf(approvedId)).find((e) => e.action === 'studio.approve');
    assert.ok(approval, 'the approval is audited');
    assert.equal(approval.actorId, org.people.second.userId);
    assert.deepEqual([approval.details.title, approval.details.comment, approval.details.announcementId], ['Town hall', 'Go', approved.body.announcement.id]);
  });

  it('audits nothing for a refused decision', async () => {
    const org = await organisation(['approver']);
    const id = await org.draft('Not yet submitted');
    assert.equal((await org.as('approver')('POST', `/api/v1/studio/drafts/${id}/approve`, {})).status, 404, 'not submitted: an approver cannot even see it');
    assert.equal((await org.as('author')('POST', `/api/v1/studio/drafts/${id}/approve`, {})).status, 403);
    assert.equal((await org.as('approver')('POST', `/api/v1/studio/drafts/${id}/reject`, { comment: '' })).status, 400);
    assert.deepEqual(await org.auditOf(id), []);
  });

  it('accepts a submission when approvers have no personal chat, queues it, and names whom the card cannot reach', async () => {
    const org = await organisation(['approver']);
    const id = await org.draft('Badge renewal');
    const submitted = await org.as('author')('POST', `/api/v1/studio/drafts/${id}/submit`);
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    assert.equal(submitted.body.state, 'submitted');
    assert.equal(submitted.body.approvers.count, 3, 'two approvers and the admin, never the author');
    assert.deepEqual(submitted.body.approvers.unreachable.map((a: { name: string }) => a.name).sort(), ['Beatriz Second', 'Grace Admin']);
    assert.ok(submitted.body.approvers.unreachable.every((a: { userId: string }) => a.userId !== org.people.approver.userId), 'the reachable approver is not listed');
    for (const who of ['approver', 'second'] as const) {
      assert.deepEqual((await org.as(who)('GET', '/api/v1/studio/queue')).body.drafts.map((d: { draftId: string }) => d.draftId), [id], `${who} finds it in the queue`);
    }
    // The unreachable approver decides from the queue.
    assert.equal((await org.as('second')('POST', `/api/v1/studio/drafts/${id}/approve`, {})).status, 200);
  });
});
