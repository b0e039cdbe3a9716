import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { createRepositories, Repositories } from '../../src/store';
import { startTestCommons, TestCommons } from '../support/app';
import { MockConnector } from '../support/connector';
import { eventually, FAST_TIMINGS, installChannel, installPersonalChat } from '../support/delivery';
import { devApi } from '../support/dev-api';
import { eraseAndWait, leftoversNaming } from '../support/erasure';

const ADMIN = '0c0c0c0c-0000-4000-8000-00000000ad02';
const CHANNEL = '19:erasure-general@thread.tacv2';

/**
 * Erasing an announcement's author (issue 17, item 6): the announcement, the Studio
 * draft it came from, the approval round, the guardrails and every delivered copy's
 * record keep their place under the author's pseudonym. The audit log is append-only:
 * its entries stay as they were written.
 */
describe('privacy: erase an announcement author', function () {
  this.timeout(60_000);
  let commons: TestCommons;
  let repositories: Repositories;
  let connector: MockConnector;

  before(async () => {
    connector = await new MockConnector().start();
    commons = await startTestCommons({ COMMONS_ADMINS: ADMIN, DELIVERY_MAX_RPS: '40' }, { deliveryTimings: FAST_TIMINGS });
    repositories = createRepositories(commons.store);
  });
  after(async () => {
    await commons?.dispose();
    await connector?.stop();
  });

  it('pseudonymises what they announced, even in delete mode, and what came of it, and leaves the audit log as written', async () => {
    const tenant = randomUUID();
    const author = randomUUID();
    const approver = randomUUID();
    const reader = randomUUID();
    await repositories.people.upsert({ tenantId: tenant, userId: author, displayName: 'Ada Author', roles: ['author'] });
    await repositories.people.upsert({ tenantId: tenant, userId: approver, displayName: 'Alan Approver', roles: ['approver'] });
    await repositories.people.upsert({ tenantId: tenant, userId: reader, displayName: 'Rosa Reader', roles: [] });
    await repositories.people.upsert({ tenantId: tenant, userId: ADMIN, displayName: 'Grace Admin', roles: [] });
    await installChannel(repositories, connector.url, CHANNEL, tenant);
    await installPersonalChat(repositories, connector.url, reader, tenant);
    const as = (user: string) => devApi(commons.url, tenant, user);
    const rule = { everyone: false, people: true, channels: [CHANNEL], requiresApproval: true };
    const open = { everyone: true, people: true, channels: 'all', requiresApproval: false };
    assert.equal((await as(ADMIN)('PUT', '/api/v1/studio/guardrails', { defaults: open, authors: { [author]: rule } })).status, 200);

    // Delete mode deletes what people posted, never an announcement: it is kept under the pseudonym either way.
    assert.equal((await as(ADMIN)('PUT', '/api/v1/settings/privacy', { erasureMode: 'delete', removedPurgeDays: 30, retentionMonths: null })).status, 200);
    const content = { title: 'Erasure town hall', body: 'See you **Friday**.' };
    const draft = await as(author)('POST', '/api/v1/studio/drafts', { content, audience: { channels: [CHANNEL], people: [reader] } });
    assert.equal(draft.status, 201, JSON.stringify(draft.body));
    assert.equal((await as(author)('POST', `/api/v1/studio/drafts/${draft.body.id}/submit`)).body.state, 'submitted');
    const approved = await as(approver)('POST', `/api/v1/studio/drafts/${draft.body.id}/approve`, { comment: 'Fine' });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    const announcementId = approved.body.announcement.id;
    await eventually(async () => (await repositories.announcements.get(tenant, announcementId))?.status === 'completed', 20_000, 'the announcement delivered', 100);
    // One they cancelled: an audited act of theirs.
    const later = await as(author)('POST', '/api/v1/studio/drafts', { content: { ...content, title: 'Erasure later' }, audience: { channels: [CHANNEL] }, scheduledAt: '2031-05-04T09:00', timeZone: 'Europe/Paris' });
    await as(author)('POST', `/api/v1/studio/drafts/${later.body.id}/submit`);
    const scheduled = await as(approver)('POST', `/api/v1/studio/drafts/${later.body.id}/approve`, {});
    assert.equal((await as(author)('POST', `/api/v1/announcements/${scheduled.body.announcement.id}/cancel`)).status, 200);
    const auditBefore = await repositories.audit.page(tenant, {}, 100);
    assert.ok(JSON.stringify(auditBefore.entries).includes(author), 'the audit log names the author');

    const { report } = await eraseAndWait(commons.url, tenant, ADMIN, author);
    assert.match(report.subject, /^erased:[0-9a-f]{32}$/);
    assert.deepEqual([report.counts.announcements, report.counts.drafts], [2, 2]);

    const announcement = await repositories.announcements.get(tenant, announcementId);
    assert.deepEqual([announcement?.authorId, announcement?.title, announcement?.status], [report.subject, 'Erasure town hall', 'completed'], 'kept, under the pseudonym');
    const feedPost = await repositories.posts.get(tenant, announcementId);
    assert.deepEqual([feedPost?.authorId, feedPost?.title], [report.subject, 'Erasure town hall'], 'its feed post too');
    const inStudio = await repositories.studio.getDraft(tenant, draft.body.id);
    assert.deepEqual([inStudio?.authorId, inStudio?.review?.by], [report.subject, approver], 'the sent draft keeps its approval, no longer whose');
    assert.deepEqual(Object.keys((await repositories.studio.guardrails(tenant)).authors), [], 'their guardrails go');
    assert.deepEqual(await leftoversNaming(commons, author, ['audit']), [], 'their id is in no document outside the audit log');
    const auditAfter = await repositories.audit.page(tenant, {}, 100);
    const written = new Set(auditBefore.entries.map((entry) => JSON.stringify(entry)));
    assert.ok(auditBefore.entries.every((entry) => auditAfter.entries.some((e) => JSON.stringify(e) === JSON.stringify(entry))), 'every audit entry is as it was written');
    assert.ok(auditAfter.entries.filter((entry) => !written.has(JSON.stringify(entry))).every((entry) => !JSON.stringify(entry).includes(author)), 'new entries do not name them');
  });
});
