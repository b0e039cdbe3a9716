import path from 'path';
import type { Server } from 'restify';
import { createServer } from './api/server';
import { RateLimitOptions, READ_RATE_LIMIT, TokenBucketLimiter, WRITE_RATE_LIMIT } from './api/ratelimit';
import { DevIdentityAuthenticator } from './auth/authenticator';
import { EntraTokenAuthenticator } from './auth/entra';
import { Bot, createBot, tabUrl } from './bot/app';
import { connectorRoster } from './bot/membership';
import { BotDeliverySender } from './delivery/bot-sender';
import { HeldNoticeSweeper } from './delivery/held-notices';
import { DeliveryEngine } from './delivery/engine';
import type { DeliveryTimings } from './delivery/limits';
import { Config, ConfigError, describeConfig, loadConfig } from './config';
import { createLogger, Logger } from './log';
import { openStore, Store } from './store/cosmos';
import { createRepositories, Repositories } from './store';
import { seedDemoTenant } from './store/seed';
import { restoreSnapshot, saveSnapshot } from './store/snapshot';
import { DirectorySync } from './directory/sync';
import { DirectorySyncSchedule } from './directory/schedule';
import { graphClients } from './directory/graph-token';
import { DEMO_TENANT_ID } from './store/demo-tenant';

/** The composition root: the only place that wires the parts together. */
export interface RunningCommons {
  url: string;
  config: Config;
  store: Store;
  server: Server;
  logger: Logger;
  bot: Bot;
  repositories: Repositories;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Where the built tab lives; tests may point elsewhere. */
  tabDir?: string;
  /** Delivery timings (tick, lease, retries); tests shorten them. */
  deliveryTimings?: Partial<DeliveryTimings>;
  /** Per-user rate limits (tests widen them, or drive them with a fake clock). */
  rateLimits?: { write?: RateLimitOptions; read?: RateLimitOptions };
}

// Compiled, this file is dist/src/index.js beside dist/tab; run from source, src/index.ts.
const DEFAULT_TAB_DIR = path.resolve(__dirname, __filename.endsWith('.ts') ? '../dist/tab' : '../tab');

export async function startCommons(config: Config, options: StartOptions = {}): Promise<RunningCommons> {
  const logger = createLogger(config.logLevel);
  logger.info(describeConfig(config));

  const store = await openStore(config.store, (error) => logger.error({ err: error }, 'Cosmos DB is not reachable yet; retrying'));
  const repositories = createRepositories(store);
  const embedded = config.store.mode === 'embedded';
  if (embedded) {
    const restored = await restoreSnapshot(store, config.store.dataDir, (movedTo, error) =>
      logger.warn({ err: error, movedTo }, 'local data could not be read; starting fresh and keeping the old file'),
    );
    if (restored) logger.info({ documents: restored }, 'restored local data');
  }
  if (config.seedDemoData && (await seedDemoTenant(repositories))) logger.info('seeded the demo tenant');

  const authenticator = config.tab.devIdentity ? new DevIdentityAuthenticator() : new EntraTokenAuthenticator(config.tab);
  const writeLimiter = new TokenBucketLimiter(options.rateLimits?.write ?? WRITE_RATE_LIMIT);
  const readLimiter = new TokenBucketLimiter(options.rateLimits?.read ?? READ_RATE_LIMIT);
  const bot = createBot({ config, repositories, logger, writeLimiter });
  const directorySync = config.directory.graphBaseUrl
    ? new DirectorySync({ people: repositories.people, states: repositories.directorySync, graphFor: graphClients(config), logger })
    : undefined;
  repositories.memberships.useRoster(connectorRoster(repositories.conversations, bot.messenger));
  const server = createServer({ config, repositories, authenticator, logger, store, bot, writeLimiter, readLimiter, directorySync, tabDir: options.tabDir ?? DEFAULT_TAB_DIR });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const delivery = new DeliveryEngine({
    announcements: repositories.announcements,
    deliveries: repositories.deliveries,
    senders: repositories.senders,
    lookups: { conversations: repositories.conversations, people: repositories.people, rosters: repositories.rosters },
    sender: new BotDeliverySender(bot.adapter, config.bot.appId),
    logger,
    maxRps: config.delivery.maxRps,
    timings: options.deliveryTimings,
    tabUrl: tabUrl(config, 'feed'),
  }).start();
  const heldNotices = new HeldNoticeSweeper({ notices: repositories.heldNotices, flush: bot.sendHeldNotice, instanceId: delivery.instanceId, logger }).start();

  // Local mode's Graph (a loopback fake) stands for the demo tenant's directory.
  const directorySchedule =
    directorySync &&
    new DirectorySyncSchedule(directorySync, repositories.directorySync, {
      intervalMs: config.directory.syncIntervalMs,
      homeTenantId: config.mode === 'local' ? DEMO_TENANT_ID : config.bot.tenantId || undefined,
      logger,
    }).start();

  const address = server.address();
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${address.port}`;

  const snapshotTimer =
    embedded && config.store.snapshotIntervalMs > 0
      ? setInterval(() => {
          saveSnapshot(store, config.store.dataDir).catch((error) => logger.warn({ err: error }, 'snapshot failed'));
        }, config.store.snapshotIntervalMs).unref()
      : undefined;

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (snapshotTimer) clearInterval(snapshotTimer);
      // Sends hand back their leases with a checkpoint, so another instance resumes at once.
      await Promise.all([delivery.stop(), heldNotices.stop()]);
      directorySchedule?.stop();
      // A sync stops between pages; one still waiting on Graph resumes from its checkpoint after restart.
      await Promise.race([directorySync?.stop(), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
      // Stop accepting, let in-flight requests finish, then flush the data.
      await new Promise<void>((resolve) => {
        server.server.close(() => resolve());
        server.server.closeIdleConnections();
      });
      // Card refreshes still queued carry the latest counts: let them go out first.
      await Promise.race([bot.refresher.drain(), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
      bot.refresher.stop();
      if (embedded) {
        const saved = await saveSnapshot(store, config.store.dataDir);
        logger.info({ documents: saved }, 'saved local data');
      }
      await store.close();
    })());

  return { url, config, store, server, logger, bot, repositories, stop };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const commons = await startCommons(config);
  commons.logger.info({ url: commons.url, tab: `${commons.url}/tab/index.html#/feed` }, 'Commons is listening');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      commons.logger.info({ signal }, 'shutting down');
      const force = setTimeout(() => process.exit(1), 15_000).unref();
      commons.stop().then(
        () => {
          clearTimeout(force);
          process.exit(0);
        },
        (error) => {
          commons.logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`Commons could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
