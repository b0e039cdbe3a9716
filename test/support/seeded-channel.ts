import { strict as assert } from 'assert';
import { DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { botInstalled, demoPerson, mentioning, postActivity } from './activities';
import { startTestCommons, TestCommons } from './app';
import { MockConnector } from './connector';

type TeamsPerson = ReturnType<typeof demoPerson>;

/** The seeded demo tenant with Commons in its General channel; `commons` and `connector` are set once the suite's `before` has run. */
export interface SeededChannel {
  commons: TestCommons;
  connector: MockConnector;
  /** Where an activity comes from: the General channel, sent by `from` (Alex Wilber, an admin, unless said). */
  channel(from?: TeamsPerson): { serviceUrl: string; place: 'channel'; from: TeamsPerson };
  /** The JSON API as one demo person (of the demo tenant unless said). */
  api(as: { aadObjectId: string }, method: string, path: string, body?: unknown, tenant?: string): Promise<{ status: number; body: any }>;
  /** A post's stored document, by a point read. */
  stored(postId: string): Promise<any>;
  /** Posts in General and returns its id and the activity of its card. */
  publish(text: string): Promise<{ postId: string; activityId: string }>;
}

/**
 * Registers the suite's hooks: before it, a mock connector and the seeded app (per-person
 * rate limits widened: a suite reports and decides many times as a few people) with Commons
 * installed in General; after it, both stopped. Call it inside `describe`.
 */
export function seededChannel(): SeededChannel {
  const ALEX = demoPerson('Alex Wilber');
  const app = {
    channel: (from = ALEX) => ({ serviceUrl: app.connector.url, place: 'channel' as const, from }),
    async api(as, method, path, body, tenant = DEMO_TENANT_ID) {
      const response = await fetch(`${app.commons.url}${path}`, { method, headers: { 'content-type': 'application/json', 'X-Dev-Tenant': tenant, 'X-Dev-User': as.aadObjectId }, ...(body !== undefined && { body: JSON.stringify(body) }) });
      return { status: response.status, body: (await response.json()) as any };
    },
    stored: async (postId) => (await app.commons.store.containers.posts.item(`${DEMO_TENANT_ID}|${postId}`, `${DEMO_TENANT_ID}|${postId}`).read()).resource,
    async publish(text) {
      app.connector.reset();
      assert.equal((await postActivity(app.commons.url, mentioning(`post ${text}`, app.channel()))).status, 200);
      const sent = await app.connector.waitFor((call) => call.method === 'POST' && JSON.stringify(call.body).includes(text));
      const postId = JSON.stringify(sent.body).match(/"postId":"([0-9a-f-]{36})"/)![1];
      return { postId, activityId: (await app.stored(postId)).deliveredTo[0].activityId as string };
    },
  } as SeededChannel;
  before(async () => {
    app.connector = await new MockConnector().start();
    const wide = { burst: 10_000, refillPerSecond: 100, maxTrackedUsers: 1000 };
    app.commons = await startTestCommons({ SEED: 'true' }, { rateLimits: { write: wide, read: wide } });
    await postActivity(app.commons.url, botInstalled(app.channel()));
  });
  after(async () => {
    await app.commons.dispose();
    await app.connector.stop();
  });
  return app;
}
