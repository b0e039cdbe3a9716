import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import type { Announcement } from '../../src/domain/announcements';
import type { DeliveryEngine } from '../../src/delivery/engine';
import { ProactiveInstaller } from '../../src/delivery/proactive-install';
import { GraphClient } from '../../src/directory/graph-client';
import { recordInstallation } from '../../src/domain/installations';
import { createLogger } from '../../src/log';
import { createBot } from '../../src/bot/app';
import { loadConfig } from '../../src/config';
import type { InstalledConversation } from '../../src/domain/conversations';
import { createRepositories, Repositories } from '../../src/store';
import type { Store } from '../../src/store/cosmos';
import { MockConnector } from '../support/connector';
import { createEngine, eventually, installChannel, installPersonalChats, recordsOf, scheduleAnnouncement, userIdOf } from '../support/delivery';
import { FakeGraph } from '../support/fake-graph';
import { REFUSALS } from '../support/fake-graph-apps';
import { openTestStore } from '../support/store';

const TEAMS_APP_ID = '00000000-0000-0000-0000-000000000010';
const CATALOG_ID = 'c0ffee00-0000-4000-8000-000000000001';

describe('reaching people who never opened Commons: proactive installation through Graph', function () {
  this.timeout(30_000);
  let store: Store;
  let repositories: Repositories;
  let connector: MockConnector;
  let graph: FakeGraph;
  const engines: DeliveryEngine[] = [];

  before(async () => {
    store = await openTestStore();
    repositories = createRepositories(store);
  });
  after(async () => {
    await store.close();
  });
  beforeEach(async () => {
    connector = await new MockConnector({ seed: 11 }).start();
    graph = await new FakeGraph().start();
    graph.apps.catalog.set(TEAMS_APP_ID, CATALOG_ID);
  });
  afterEach(async () => {
    for (const e of engines.splice(0)) e.crash();
    await connector.stop();
    await graph.stop();
  });

  const messenger = () => createBot({ config: loadConfig({ PORT: '0', SEED: 'false', LOG_LEVEL: 'silent' }), repositories, logger: createLogger('silent') }).messenger;
  const installer = (teamsAppId = TEAMS_APP_ID, withTeams = true) =>
    new ProactiveInstaller({
      enabled: async (tenantId) => (await repositories.tenants.deliverySettings(tenantId)).proactiveInstall,
      graph: { graphFor: () => new GraphClient({ baseUrl: graph.url, token: async () => undefined, sleep: async () => undefined }), baseUrl: graph.url, teamsAppId },
      botAppId: 'commons-test-bot',
      serviceUrlOf: (tenantId) => repositories.conversations.serviceUrlOf(tenantId),
      ...(withTeams && {
        teamsOf: (tenantId: string) => repositories.conversations.teamsOf(tenantId),
        openPersonalChat: (team: InstalledConversation, userId: string, at: string) => messenger().openPersonalChat(team, userId, at),
      }),
      record: (conversation) => recordInstallation(repositories.conversations, conversation),
      logger: createLogger('silent'),
    });

  const engine = (reacher = installer()) => {
    const created = createEngine(repositories, { reacher });
    engines.push(created);
    return created.start();
  };

  const finished = (a: Announcement) =>
    eventually(async () => {
      const current = await repositories.announcements.get(a.tenantId, a.announcementId);
      return current && !current.work && current.status !== 'scheduled' && current.status !== 'sending' ? current : undefined;
    }, 20_000, 'the send to finish');

  /** A tenant with one channel (so its Bot Connector address is known) and one person who installed Commons. */
  async function tenantWithChannel(proactiveInstall: boolean) {
    const tenant = randomUUID();
    await installChannel(repositories, connector.url, `19:general-${tenant}@thread.tacv2`, tenant);
    const [installedChat] = await installPersonalChats(repositories, connector.url, 1, tenant);
    await repositories.tenants.setDeliverySettings(tenant, { proactiveInstall }, userIdOf(999), new Date().toISOString());
    return { tenant, installedChat };
  }

  const reasonsByPerson = async (announcement: Announcement) =>
    Object.fromEntries((await recordsOf(repositories, announcement)).map((r) => [r!.userId ?? r!.conversationId, r!.state === 'sent' ? 'sent' : r!.reason]));

  it('installs Commons for people without a personal chat, sends there, and names why the rest cannot be reached', async () => {
    const { tenant, installedChat } = await tenantWithChannel(true);
    const [fresh, blocked, unlicensed, deleted] = [101, 102, 103, 104].map(userIdOf);
    graph.apps.refusals.set(blocked, REFUSALS.blocked);
    graph.apps.refusals.set(unlicensed, REFUSALS.noLicense);
    graph.apps.refusals.set(deleted, REFUSALS.deleted);
    graph.apps.throttleNext = 2; // Graph's 429s are waited out, not failures.
    engine();
    const announcement = await scheduleAnnouncement(repositories, { people: [userIdOf(0), fresh, blocked, unlicensed, deleted] }, new Date(), tenant);
    const done = await finished(announcement);

    assert.equal(done.recipientCount, 5, 'every named person counted');
    assert.deepEqual(await reasonsByPerson(announcement), { [userIdOf(0)]: 'sent', [fresh]: 'sent', [blocked]: 'blocked', [unlicensed]: 'no_license', [deleted]: 'deleted' });
    const chat = graph.apps.chatIdOf(fresh);
    assert.deepEqual([...connector.deliveries.keys()].sort(), [installedChat, chat].sort(), 'the new chat got the card, and nobody else was messaged');
    const record = (await recordsOf(repositories, announcement)).find((r) => r?.userId === fresh);
    assert.equal(record?.conversationId, chat, 'the record names the chat, so an edit or recall finds the copy');
    assert.equal(await repositories.rosters.personalChatOf(tenant, fresh), chat, 'the chat is remembered as an installation');
    const progress = (await repositories.deliveries.readLease(tenant, announcement.announcementId))?.progress?.deliver;
    assert.equal(progress?.counts.sent, 2);
    assert.equal(progress?.counts.failed, 3);

    // The next announcement finds the chat: no second installation.
    const second = await scheduleAnnouncement(repositories, { people: [fresh] }, new Date(), tenant);
    await finished(second);
    assert.equal(graph.apps.installRequests.get(fresh), 1);
    assert.equal(connector.deliveries.get(chat), 2);
  });

  it('installs nobody while the tenant setting is off (the default): they fail "not installed", visibly', async () => {
    const { tenant } = await tenantWithChannel(false);
    const person = userIdOf(201);
    engine();
    const announcement = await scheduleAnnouncement(repositories, { people: [userIdOf(0), person] }, new Date(), tenant);
    await finished(announcement);
    assert.deepEqual(await reasonsByPerson(announcement), { [userIdOf(0)]: 'sent', [person]: 'not_installed' });
    assert.equal(graph.apps.installRequests.size, 0, 'Graph was not asked');
    assert.equal((await repositories.tenants.deliverySettings(randomUUID())).proactiveInstall, false, 'off for a tenant that never chose');
  });

  it('takes an existing installation (409) and treats an app missing from the catalog as "not installed"', async () => {
    const { tenant } = await tenantWithChannel(true);
    const already = userIdOf(301);
    graph.apps.installed.set(already, { installationId: 'installation-earlier', chatId: graph.apps.chatIdOf(already) });
    engine();
    const announcement = await scheduleAnnouncement(repositories, { people: [already] }, new Date(), tenant);
    await finished(announcement);
    assert.deepEqual(await reasonsByPerson(announcement), { [already]: 'sent' });
    assert.equal(connector.deliveries.get(graph.apps.chatIdOf(already)), 1);

    for (const e of engines.splice(0)) e.crash();
    engine(installer('00000000-0000-0000-0000-0000000000ff'));
    const other = userIdOf(302);
    const second = await scheduleAnnouncement(repositories, { people: [other] }, new Date(), tenant);
    await finished(second);
    assert.deepEqual(await reasonsByPerson(second), { [other]: 'not_installed' });
    assert.equal(graph.apps.installRequests.get(other), undefined, 'no installation without the app in the catalog');
  });

  it('opens a 1:1 chat through a team Commons is in for a member of it, without any installation, and says who is in none', async () => {
    const tenant = randomUUID();
    const [member, outsider] = [userIdOf(401), userIdOf(402)];
    await installChannel(repositories, connector.url, `19:general-${tenant}@thread.tacv2`, tenant); // in team 19:team@thread.tacv2
    connector.configure({ members: { '19:team@thread.tacv2': [member] } });
    engine(); // the tenant never turned proactive installation on
    const announcement = await scheduleAnnouncement(repositories, { people: [member, outsider] }, new Date(), tenant);
    await finished(announcement);
    assert.deepEqual(await reasonsByPerson(announcement), { [member]: 'sent', [outsider]: 'not_installed' });
    assert.deepEqual(connector.openedChats, [{ member: `29:${member}`, tenantId: tenant }]);
    const chat = `a:opened-${member}`;
    assert.equal(connector.deliveries.get(chat), 1, 'the card went to the chat the connector opened');
    assert.equal(await repositories.rosters.personalChatOf(tenant, member), chat, 'and the chat is remembered');
    assert.equal(graph.apps.installRequests.size, 0, 'nothing was installed');
  });
});
