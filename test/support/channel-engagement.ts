import { strict as assert } from 'assert';
import { DEMO_TEAM } from '../../src/store/demo-tenant';
import { actionExecute, botInstalled, mentioning, postActivity, taskSubmit } from './activities';
import { startTestCommons, TestCommons } from './app';
import { MockConnector } from './connector';
import { DemoPerson, teamsAccount } from './kudos-chat';

export interface StoredPost {
  postId: string;
  deliveredTo: Array<{ activityId: string }>;
  poll?: { options: Array<{ optionId?: string; id?: string }> };
}

/**
 * People of the demo tenant posting, commenting, reacting, voting and reporting in its
 * first channel through the real bot endpoint: what a privacy spec needs stored first.
 */
export function channelEngagement(app: () => TestCommons, connector: () => MockConnector) {
  let messages = 100;
  const channel = (from: DemoPerson) => ({ serviceUrl: connector().url, place: 'channel' as const, from: teamsAccount(from) });
  const expectOk = async (response: Promise<Response>) => assert.equal((await response).status, 200);

  async function storedPost(marker: string): Promise<StoredPost> {
    const { resources } = await app().store.containers.posts.items
      .query({ query: 'SELECT * FROM c WHERE c.type = "post" AND CONTAINS(c.body, @marker)', parameters: [{ name: '@marker', value: marker }] })
      .fetchAll();
    assert.equal(resources.length, 1, `one post with "${marker}"`);
    return resources[0];
  }

  return {
    channel,
    storedPost,
    /** A new message in the channel (a reply in a post's thread would be a comment), e.g. "post …" or "poll … | A | B". */
    async post(from: DemoPerson, text: string): Promise<StoredPost> {
      connector().reset();
      const activity = mentioning(text, channel(from));
      activity.conversation.id = `${DEMO_TEAM.channels[0].channelId};messageid=${++messages}`;
      await expectOk(postActivity(app().url, activity));
      await connector().waitFor((call) => call.method === 'POST', 10_000);
      return storedPost(text.split(' ')[1]);
    },
    comment: (from: DemoPerson, postId: string, text: string) => expectOk(postActivity(app().url, taskSubmit({ verb: 'post.comments', postId, text }, channel(from)))),
    react: (from: DemoPerson, post: StoredPost, reaction = 'like') =>
      expectOk(postActivity(app().url, actionExecute('post.react', { postId: post.postId, reaction }, { ...channel(from), replyToId: post.deliveredTo[0].activityId }))),
    vote: (from: DemoPerson, poll: StoredPost, option = 0) => {
      const choice = poll.poll!.options[option];
      return expectOk(postActivity(app().url, actionExecute('poll.vote', { postId: poll.postId, choices: choice.optionId ?? choice.id }, { ...channel(from), replyToId: poll.deliveredTo[0].activityId })));
    },
    report: (from: DemoPerson, postId: string) => expectOk(postActivity(app().url, taskSubmit({ verb: 'post.report', postId, reason: 'other', note: 'Off topic' }, channel(from)))),
  };
}

/** The seeded demo tenant with Commons installed in its first channel, replies going to a mock connector. */
export async function startSeededChannel(): Promise<{ commons: TestCommons; connector: MockConnector }> {
  const connector = await new MockConnector().start();
  const commons = await startTestCommons({ SEED: 'true' });
  assert.equal((await postActivity(commons.url, botInstalled({ serviceUrl: connector.url, place: 'channel' }))).status, 200);
  return { commons, connector };
}

export async function stopSeededChannel(commons?: TestCommons, connector?: MockConnector): Promise<void> {
  await commons?.dispose();
  await connector?.stop();
}
