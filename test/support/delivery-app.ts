import type { StartOptions } from '../../src/index';
import { createRepositories, Repositories } from '../../src/store';
import { startTestCommons, TestCommons } from './app';
import { MockConnector } from './connector';
import { FAST_TIMINGS } from './delivery';

/** The app under test with a mock connector to deliver to; its fields are set once the suite's `before` has run. */
export interface DeliveryApp {
  commons: TestCommons;
  repositories: Repositories;
  connector: MockConnector;
}

/**
 * Registers the suite's hooks: before it, a mock connector and the app with fast delivery
 * timings (`env` and `options` on top); after it, both stopped. Call it inside `describe`.
 */
export function deliveryApp(env: Record<string, string> = {}, options: Omit<StartOptions, 'tabDir'> = {}): DeliveryApp {
  const app = {} as DeliveryApp;
  before(async () => {
    app.connector = await new MockConnector().start();
    app.commons = await startTestCommons(env, { deliveryTimings: FAST_TIMINGS, ...options });
    app.repositories = createRepositories(app.commons.store);
  });
  after(async () => {
    await app.commons?.dispose();
    await app.connector?.stop();
  });
  return app;
}
