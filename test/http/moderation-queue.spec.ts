import { strict as assert } from 'assert';
import { DEFAULT_KUDOS_SETTINGS } from '../../src/domain/kudos';
import { DEMO_TEAM, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { botInstalled, demoPerson, mentioning, postActivity, taskSubmit } from '../support/activities';
import { seededChannel } from '../support/seeded-channel';

const ALEX = demoPerson('Alex Wilber'); // admin
const PATTI = demoPerson('Patti Fernandez'); // moderator
const REPORTERS = ['Lynne Robbins', 'Diego Siciliani', 'Nestor Wilke'].map(demoPerson);
const LYNNE = REPORTERS[0];

/**
 * The moderation queue (issue 17, item 4, first slice): moderators list what was
 * reported or held, with context, and approve, hide or remove it (in bulk too); every
 * delivered card follows; each decision is audited and taken once.
 */
describe('moderation queue', function () {
  this.timeout(120_000);
  const app = seededChannel();
  const { channel, api, stored, publish } = app;
  const queue = async () => (await api(PATTI, 'GET', '/api/v1/moderation/queue')).body.items as any[];
  const decide = (items: Array<{ itemKey: string; action: string }>, as = PATTI) => api(as, 'POST', '/api/v1/moderation/queue/decisions', { items });
  const auditOf = async (action: string, id: string) => (await api(ALEX, 'GET', `/api/v1/audit?action=${action}&targetId=${encodeURIComponent(id)}`)).body.entries as any[];
  const report = (postId: string, who: (typeof REPORTERS)[number], reason = 'spam') => api(who, 'POST', `/api/v1/posts/${postId}/reports`, { reason });

  it('is for moderators and admins only, and refuses bad decisions changing nothing', async () => {
    const { postId } = await publish('Queue access target');
    assert.equal((await report(postId, REPORTERS[0])).status, 201);
    assert.equal((await api(REPORTERS[1], 'GET', '/api/v1/moderation/queue')).status, 403);
    assert.equal((await decide([{ itemKey: `post:${postId}`, action: 'remove' }], REPORTERS[1])).status, 403);
    const bad = [{ items: [] }, { items: [{ itemKey: `post:${postId}`, action: 'delete' }] }, { items: [{ itemKey: `post:${postId}`, action: 'remove', extra: 1 }] }, { items: Array.from({ length: 51 }, () => ({ itemKey: `post:${postId}`, action: 'approve' })) }, { items: [{ itemKey: 'held:x', action: 'hide' }, { itemKey: `post:${postId}`, action: 'remove' }] }];
    for (const body of bad) assert.equal((await api(PATTI, 'POST', '/api/v1/moderation/queue/decisions', body)).status, 400, JSON.stringify(body).slice(0, 80));
    assert.equal((await stored(postId)).state, 'published');
    assert.ok((await queue()).some((i) => i.itemKey === `post:${postId}`), 'still waiting');
    assert.deepEqual((await decide([{ itemKey: 'post:00000000-0000-4000-8000-000000000000', action: 'remove' }])).body.results.map((r: any) => r.outcome), ['not_found']);
  });

  it('lists reported and held items with their context', async () => {
    const { postId } = await publish('Context for the queue');
    await report(postId, REPORTERS[0], 'spam');
    await report(postId, REPORTERS[1], 'hate');
    assert.equal((await api(ALEX, 'PUT', '/api/v1/settings/word-list', { entries: [{ kind: 'word', pattern: 'zorblax', action: 'hold' }] })).status, 200);
    await postActivity(app.commons.url, mentioning('post Meet the zorblax team', channel()));
    const items = await queue();
    const reported = items.find((i) => i.itemKey === `post:${postId}`);
    assert.deepEqual([reported.cause, reported.kind, reported.author.userId, reported.texts, reported.reporters, reported.reasons, reported.state], ['reported', 'update', ALEX.aadObjectId, ['Context for the queue'], 2, { spam: 1, hate: 1 }, 'published']);
    const held = items.find((i) => i.cause === 'held' && i.texts[0] === 'Meet the zorblax team');
    assert.deepEqual([held.kind, held.author.displayName, held.matches.map((m: any) => m.term)], ['post', 'Alex Wilber', ['zorblax']]);
  });

  it('removes a reported post: every delivered card says so, the author is told why, it leaves the queue, audited', async () => {
    await postActivity(app.commons.url, botInstalled({ serviceUrl: app.connector.url, place: 'personal', from: ALEX })); // the author's personal chat
    const { postId, activityId } = await publish('To be removed by a moderator');
    await report(postId, REPORTERS[0], 'harassment');
    app.connector.reset();
    const answer = await decide([{ itemKey: `post:${postId}`, action: 'remove' }]);
    assert.deepEqual(answer.body.results, [{ itemKey: `post:${postId}`, action: 'remove', outcome: 'done' }]);
    assert.equal((await stored(postId)).state, 'removed');
    const update = await app.connector.waitFor((call) => call.method === 'PUT' && call.activityId === activityId);
    assert.match(JSON.stringify(update.body), /Removed by a moderator/);
    assert.doesNotMatch(JSON.stringify(update.body), /To be removed by a moderator/, 'its words are gone');
    const told = await app.connector.waitFor((call) => call.method === 'POST' && call.conversationId === `a:personal-${DEMO_TENANT_ID}` && JSON.stringify(call.body).includes('A moderator removed your post'));
    assert.match(JSON.stringify(told.body), /“To be removed by a moderator” after people reported it \(harassment or bullying\)/);
    assert.ok(!(await queue()).some((i) => i.itemKey === `post:${postId}`));
    const audit = await auditOf('moderation.remove', `post:${postId}`);
    assert.deepEqual([audit.length, audit[0].actorId], [1, PATTI.aadObjectId]);
  });

  it('warns the author in personal chat, changing nothing: the item stays queued', async () => {
    await postActivity(app.commons.url, botInstalled({ serviceUrl: app.connector.url, place: 'personal', from: ALEX }));
    const { postId } = await publish('A post worth a warning');
    await report(postId, REPORTERS[1], 'confidential');
    app.connector.reset();
    assert.equal((await decide([{ itemKey: `post:${postId}`, action: 'warn' }])).body.results[0].outcome, 'done');
    const told = await app.connector.waitFor((call) => call.method === 'POST' && call.conversationId === `a:personal-${DEMO_TENANT_ID}` && JSON.stringify(call.body).includes('asks you to look again'));
    assert.match(JSON.stringify(told.body), /“A post worth a warning”: people reported it \(confidential or personal information\)/);
    assert.equal((await stored(postId)).state, 'published');
    assert.ok((await queue()).some((i) => i.itemKey === `post:${postId}`), 'still waiting for a decision');
    assert.equal((await auditOf('moderation.warn', `post:${postId}`)).length, 1);
  });

  it('approves a post that reports hid: it comes back, and later reports do not hide it again', async () => {
    assert.equal((await api(ALEX, 'PUT', '/api/v1/settings/moderation', { reportThreshold: 2 })).status, 200);
    const { postId, activityId } = await publish('Hidden then approved');
    await report(postId, REPORTERS[0]);
    assert.equal((await report(postId, REPORTERS[1])).body.hidden, true);
    app.connector.reset();
    assert.equal((await decide([{ itemKey: `post:${postId}`, action: 'approve' }])).body.results[0].outcome, 'done');
    assert.equal((await stored(postId)).state, 'published');
    // The "hidden" update may still be on its way (one update a second per copy): the approved card follows it.
    const update = await app.connector.waitFor((call) => call.method === 'PUT' && call.activityId === activityId && JSON.stringify(call.body).includes('Hidden then approved'), 20_000);
    assert.doesNotMatch(JSON.stringify(update.body), /Hidden pending review/);
    assert.equal((await report(postId, REPORTERS[2])).body.hidden, false);
    assert.equal((await stored(postId)).state, 'published');
  });

  it('decides once when two moderators act at once, and takes several items in one call', async () => {
    const first = await publish('Decided once');
    const second = await publish('Decided in bulk');
    await report(first.postId, REPORTERS[0]);
    await report(second.postId, REPORTERS[0]);
    const both = await Promise.all([decide([{ itemKey: `post:${first.postId}`, action: 'hide' }]), decide([{ itemKey: `post:${first.postId}`, action: 'hide' }], ALEX)]);
    assert.deepEqual(both.map((b) => b.body.results[0].outcome).sort(), ['done', 'not_found']);
    assert.equal((await auditOf('moderation.hide', `post:${first.postId}`)).length, 1);
    assert.equal((await stored(first.postId)).state, 'hidden');

    const bulk = await decide([{ itemKey: `post:${second.postId}`, action: 'remove' }, { itemKey: `post:${first.postId}`, action: 'approve' }]);
    assert.deepEqual(bulk.body.results.map((r: any) => r.outcome), ['done', 'not_found'], 'the first is no longer waiting');
    assert.equal((await stored(second.postId)).state, 'removed');
  });

  it('removes a held item: it is never published and leaves the queue', async () => {
    assert.equal((await api(ALEX, 'PUT', '/api/v1/settings/word-list', { entries: [{ kind: 'phrase', pattern: 'quux merger', action: 'hold' }] })).status, 200);
    await postActivity(app.commons.url, mentioning('post News on the quux merger', channel()));
    const held = (await queue()).find((i) => i.cause === 'held' && i.texts[0] === 'News on the quux merger');
    assert.ok(held);
    assert.equal((await decide([{ itemKey: held.itemKey, action: 'hide' }])).status, 400, 'what was never shown is not hidden');
    assert.equal((await decide([{ itemKey: held.itemKey, action: 'remove' }])).body.results[0].outcome, 'done');
    assert.ok(!(await queue()).some((i) => i.itemKey === held.itemKey));
    const id = `${DEMO_TENANT_ID}|held|${held.itemKey.slice('held:'.length)}`;
    assert.equal((await app.commons.store.containers.moderation.item(id, id).read()).resource.state, 'rejected');
  });

  it('approves held posts, polls, comments and communities: published as their author wrote them, where they were written', async () => {
    assert.equal((await api(ALEX, 'PUT', '/api/v1/settings/word-list', { entries: [{ kind: 'word', pattern: 'wibble', action: 'hold' }] })).status, 200);
    const { postId } = await publish('A post whose comment waits');
    const commenter = REPORTERS[2];
    await postActivity(app.commons.url, taskSubmit({ verb: 'post.comments', postId, text: 'Nice wibble' }, { ...channel(), from: commenter }));
    await postActivity(app.commons.url, mentioning('post Our wibble launch', channel()));
    const groupChat = { serviceUrl: app.connector.url, place: 'groupChat' as const, from: ALEX };
    await postActivity(app.commons.url, botInstalled(groupChat));
    await postActivity(app.commons.url, mentioning('poll Wibble or wobble? | Wibble | Wobble', groupChat));
    assert.equal((await api(LYNNE, 'POST', '/api/v1/communities', { name: 'Wibble club', privacy: 'open' })).status, 202);
    const open = (await api(LYNNE, 'POST', '/api/v1/communities', { name: 'Plain club', privacy: 'open' })).body;
    assert.equal((await api(LYNNE, 'POST', `/api/v1/communities/${open.id}/posts`, { kind: 'discussion', text: 'Wibble from the tab' })).status, 202);
    const items = (await queue()).filter((i) => i.cause === 'held' && /wibble/i.test(i.texts.join(' ')));
    assert.deepEqual(items.map((i) => i.kind).sort(), ['comment', 'community', 'poll', 'post', 'post']);
    app.connector.reset();
    const answer = await decide(items.map((i) => ({ itemKey: i.itemKey, action: 'approve' })));
    const outcome = Object.fromEntries(answer.body.results.map((r: any) => [items.find((i) => i.itemKey === r.itemKey)!.texts[0], r.outcome]));
    assert.deepEqual(outcome, { 'Nice wibble': 'done', 'Our wibble launch': 'done', 'Wibble or wobble?': 'done', 'Wibble club': 'done', 'Wibble from the tab': 'done' });

    const sent = await app.connector.waitFor((call) => call.method === 'POST' && JSON.stringify(call.body).includes('Our wibble launch'));
    assert.equal(sent.conversationId?.split(';')[0], '19:commons-demo-team@thread.tacv2');
    const published = (await app.commons.store.containers.posts.items.query('SELECT * FROM c WHERE c.type = "post" AND (c.body = "Our wibble launch" OR c.body = "Wibble or wobble?")').fetchAll()).resources;
    assert.deepEqual(published.map((p) => [p.kind, p.authorId, p.state, p.deliveredTo.length]).sort(), [['poll', ALEX.aadObjectId, 'published', 1], ['update', ALEX.aadObjectId, 'published', 1]]);
    assert.deepEqual(published.find((p) => p.kind === 'poll').poll.options.map((o: any) => o.label), ['Wibble', 'Wobble']);
    const post = await stored(postId);
    assert.deepEqual([post.commentCount, post.latestComments.map((c: any) => [c.authorName, c.text])], [1, [[commenter.name, 'Nice wibble']]]);
    const discovered = (await api(LYNNE, 'GET', '/api/v1/communities?q=Wibble')).body;
    assert.ok(JSON.stringify(discovered).includes('Wibble club'), 'the community exists now');
    const feed = (await api(LYNNE, 'GET', `/api/v1/communities/${open.id}/feed`)).body;
    assert.deepEqual(feed.posts.map((p: any) => [p.kind, p.body]), [['discussion', 'Wibble from the tab']], 'filed under its community');
    assert.deepEqual((await queue()).filter((i) => i.cause === 'held' && /wibble/i.test(i.texts.join(' '))), [], 'the queue is clear');
  });

  it('approves a held kudos: sent as its author where it was written, counted as kudos are, and the queue clear', async () => {
    assert.equal((await api(ALEX, 'PUT', '/api/v1/settings/word-list', { entries: [{ kind: 'word', pattern: 'blorp', action: 'hold' }] })).status, 200);
    await app.commons.repositories.kudos.setSettings(DEMO_TENANT_ID, { ...DEFAULT_KUDOS_SETTINGS, weeklyAllowance: 50 }, 'test', new Date().toISOString());
    const groupChat = { serviceUrl: app.connector.url, place: 'groupChat' as const, from: ALEX };
    await postActivity(app.commons.url, botInstalled(groupChat));
    const base = mentioning(`kudos <at>${LYNNE.name}</at> Mentor thanks for the blorp`, groupChat);
    await postActivity(app.commons.url, { ...base, entities: [...base.entities, { type: 'mention', text: `<at>${LYNNE.name}</at>`, mentioned: { id: LYNNE.id, name: LYNNE.name, aadObjectId: LYNNE.aadObjectId } }] });
    const held = (await queue()).find((i) => i.cause === 'held' && i.kind === 'kudos' && /blorp/.test(i.texts[0]));
    assert.ok(held, 'held');
    const receivedBefore = (await app.commons.repositories.kudos.stats(DEMO_TENANT_ID, LYNNE.aadObjectId)).receivedTotal;
    app.connector.reset();
    assert.equal((await decide([{ itemKey: held.itemKey, action: 'approve' }])).body.results[0].outcome, 'done');
    const sent = await app.connector.waitFor((call) => call.method === 'POST' && JSON.stringify(call.body).includes('thanks for the blorp'));
    assert.equal(sent.conversationId, '19:group-chat@thread.v2', 'in the group chat it was written in');
    const published = (await app.commons.store.containers.posts.items.query('SELECT * FROM c WHERE c.type = "post" AND c.kind = "kudos" AND CONTAINS(c.body, "blorp")').fetchAll()).resources;
    assert.deepEqual(published.map((p) => [p.authorId, p.state, p.kudos.recipients.map((r: any) => r.userId), p.deliveredTo.length]), [[ALEX.aadObjectId, 'published', [LYNNE.aadObjectId], 1]]);
    assert.equal((await app.commons.repositories.kudos.stats(DEMO_TENANT_ID, LYNNE.aadObjectId)).receivedTotal, receivedBefore + 1, 'counted for the recipient');
    assert.ok(!(await queue()).some((i) => i.itemKey === held.itemKey), 'out of the queue');
  });

  it('approves a held discussion from a linked channel into every linked channel of its community, as a non-held one goes', async () => {
    assert.equal((await api(ALEX, 'PUT', '/api/v1/settings/word-list', { entries: [{ kind: 'word', pattern: 'frobnicate', action: 'hold' }] })).status, 200);
    const community = (await api(LYNNE, 'POST', '/api/v1/communities', { name: 'Frob guild', privacy: 'open' })).body;
    const [general, other] = DEMO_TEAM.channels.map((c) => c.channelId);
    let messages = 0;
    const inChannel = <T extends { conversation: any; channelData: any }>(activity: T, channelId: string): T => ({
      ...activity,
      // A new message, not a reply in some post's thread (that would be a comment).
      conversation: { ...activity.conversation, id: `${channelId};messageid=frob-${++messages}` },
      channelData: { ...activity.channelData, channel: { id: channelId, name: 'Other' } },
    });
    const asLynne = { serviceUrl: app.connector.url, place: 'channel' as const, from: LYNNE };
    await postActivity(app.commons.url, inChannel(botInstalled(asLynne), other));
    for (const channelId of [general, other]) {
      app.connector.reset();
      assert.equal((await postActivity(app.commons.url, inChannel(mentioning('community link Frob guild', asLynne), channelId))).status, 200);
      assert.match(JSON.stringify((await app.connector.waitFor((call) => call.method === 'POST')).body), /now speaks for Frob guild/);
    }
    assert.equal((await api(LYNNE, 'GET', `/api/v1/communities/${community.id}`)).body.linkedChannelCount, 2);

    await postActivity(app.commons.url, inChannel(mentioning('discuss Shall we frobnicate the roadmap?', asLynne), general));
    const held = (await queue()).find((i) => i.cause === 'held' && /frobnicate the roadmap/.test(i.texts[0]));
    assert.ok(held, 'held');
    app.connector.reset();
    assert.equal((await decide([{ itemKey: held.itemKey, action: 'approve' }])).body.results[0].outcome, 'done');
    const published = (await app.commons.store.containers.posts.items.query('SELECT * FROM c WHERE c.type = "post" AND CONTAINS(c.body, "frobnicate the roadmap")').fetchAll()).resources;
    assert.equal(published.length, 1);
    assert.deepEqual(published[0].deliveredTo.map((d: any) => d.conversationId).sort(), [general, other].sort(), 'a copy in each linked channel');
    assert.deepEqual([published[0].kind, published[0].community.communityId], ['discussion', community.id]);
  });
});
