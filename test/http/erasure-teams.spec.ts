import { strict as assert } from 'assert';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { tenantKey } from '../../src/store/containers';
import type { TestCommons } from '../support/app';
import { channelEngagement, startSeededChannel, stopSeededChannel } from '../support/channel-engagement';
import type { MockConnector } from '../support/connector';
import { installPersonalChat } from '../support/delivery';
import { eraseAndWait, leftoversNaming } from '../support/erasure';
import { demoPerson, teamsAccount } from '../support/kudos-chat';

const ALEX = demoPerson('Alex Wilber'); // admin
const DIEGO = demoPerson('Diego Siciliani');
const MIRIAM = demoPerson('Miriam Graham');
const MEGAN = demoPerson('Megan Bowen');

/**
 * Cards list the people who have their own view of them by Teams id (`refresh.userIds`),
 * which no Entra id search finds: erasing a person takes their Teams id off every card
 * and forgets their personal chat's reference, whether Commons noted the id as they
 * acted or only an older personal chat reference knows it.
 */
describe('privacy: erasure forgets the person\'s Teams id', function () {
  this.timeout(60_000);
  let commons: TestCommons;
  let connector: MockConnector;
  const engage = channelEngagement(() => commons, () => connector);
  const viewersOf = async (postId: string) => (await commons.repositories.posts.get(DEMO_TENANT_ID, postId))?.personalViewers ?? [];

  before(async () => ({ commons, connector } = await startSeededChannel()));
  after(() => stopSeededChannel(commons, connector));

  it('takes them off every card\'s personal views and keeps everyone else\'s', async () => {
    const diegos = await engage.post(DIEGO, 'post T1-diego roadmap');
    const hers = await engage.post(MIRIAM, 'post T1-miriam content calendar');
    await engage.react(MIRIAM, diegos);
    await engage.react(DIEGO, hers);
    const miriam = teamsAccount(MIRIAM).id;
    assert.ok((await viewersOf(diegos.postId)).includes(miriam), 'her reaction gave her a personal view');
    assert.ok((await viewersOf(hers.postId)).includes(miriam));

    const { report } = await eraseAndWait(commons.url, DEMO_TENANT_ID, ALEX.userId, MIRIAM.userId);
    assert.equal(report.counts.cardViewers, 2);
    assert.deepEqual(await viewersOf(diegos.postId), [teamsAccount(DIEGO).id], 'Diego keeps his view');
    assert.deepEqual(await viewersOf(hers.postId), [teamsAccount(DIEGO).id]);
    assert.deepEqual(await leftoversNaming(commons, miriam), [], 'her Teams id is in no document');
    assert.deepEqual(await leftoversNaming(commons, MIRIAM.userId), [], 'nor her Entra id');
  });

  it('finds the Teams id of an older store through their personal chat, and forgets the chat', async () => {
    const diegos = await engage.post(DIEGO, 'post T2-diego retro');
    await engage.react(MEGAN, diegos);
    const megan = teamsAccount(MEGAN).id;
    // A store from before Teams ids were noted: only the personal chat's reference knows hers.
    const noted = tenantKey(DEMO_TENANT_ID, MEGAN.userId, 'teams');
    await commons.store.containers.people.item(noted, tenantKey(DEMO_TENANT_ID, MEGAN.userId)).delete();
    const chat = await installPersonalChat(commons.repositories, connector.url, MEGAN.userId, DEMO_TENANT_ID, `a:personal-${MEGAN.userId}`, megan);
    assert.equal(await commons.repositories.rosters.personalChatOf(DEMO_TENANT_ID, MEGAN.userId), chat);

    const { report } = await eraseAndWait(commons.url, DEMO_TENANT_ID, ALEX.userId, MEGAN.userId);
    assert.deepEqual([report.counts.cardViewers, report.counts.chatReferences], [1, 1]);
    assert.ok(!(await viewersOf(diegos.postId)).includes(megan));
    assert.equal(await commons.repositories.conversations.get(DEMO_TENANT_ID, chat), undefined, 'her chat reference is gone');
    assert.equal(await commons.repositories.rosters.personalChatOf(DEMO_TENANT_ID, MEGAN.userId), undefined, 'and so is her roster entry');
    assert.deepEqual(await leftoversNaming(commons, megan), []);
    assert.deepEqual(await leftoversNaming(commons, MEGAN.userId), []);
  });
});
