// First: telemetry must be on before anything loads http (see telemetry/boot.ts).
import { bootedTelemetry } from './telemetry/boot';
import type { ServerResponse } from 'http';
import path from 'path';
import type { Server } from 'restify';
import { createServer } from './api/server';
import { studioReviewService } from './api/studio-review';
import { RateLimitOptions, READ_RATE_LIMIT, TokenBucketLimiter, WRITE_RATE_LIMIT } from './auth/user-limits';
import { DevIdentityAuthenticator } from './auth/authenticator';
import { EntraTokenAuthenticator } from './auth/entra';
import { TenantAllowList, TenantRestrictedAuthenticator } from './auth/tenant-allow-list';
import { Bot, createBot, tabUrl } from './bot/app';
import { connectorRoster } from './bot/membership';
import { BotDeliverySender } from './delivery/bot-sender';
import { HeldNoticeSweeper } from './delivery/held-notices';
import { STORE_ONLY_NOTICE_KINDS } from './store/held-notices';
import { newInstanceId, Outbound } from './delivery/outbound';
import { DeliveryEngine } from './delivery/engine';
import type { DeliveryTimings } from './delivery/limits';
import { Config, ConfigError, describeConfig, loadConfig } from './config';
import { createLogger, Logger } from './log';
import { telemetryLogStream } from './telemetry/start';
import { openStore, Store } from './store/cosmos';
import { createRepositories, Repositories } from './store';
import { listAnnouncementInFeed } from './store/announcement-engagement';
import { seedDemoTenant, storeHoldsData } from './store/seed';
import { restoreSnapshot, SnapshotWriter } from './store/snapshot';
import { DirectorySync } from './directory/sync';
import { DirectorySyncSchedule } from './directory/schedule';
import { graphClients } from './directory/graph-token';
import { ProactiveInstaller } from './delivery/proactive-install';
import { recordInstallation } from './domain/installations';
import { DEMO_TENANT_ID } from './store/demo-tenant';
import type { KudosNoticeTimings } from './domain/kudos-notices';
import { DEFAULT_DIGEST_TIMINGS, DigestTimings } from './domain/digests';
import { DigestFanout } from './delivery/digests';
import { digestEventSource } from './delivery/digest-outbox';

/** The composition root: the only place that wires the parts together. */
export interface RunningCommons {
  url: string;
  config: Config;
  store: Store;
  server: Server;
  logger: Logger;
  bot: Bot;
  repositories: Repositories;
  /** Followers' digests: what activity they record, and when (tests wait for its fan-outs). */
  digests: DigestFanout;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Where the built tab lives; tests may point elsewhere. */
  tabDir?: string;
  /** Delivery timings (tick, lease, retries); tests shorten them. */
  deliveryTimings?: Partial<DeliveryTimings>;
  /** Per-user rate limits (tests widen them, or drive them with a fake clock). */
  rateLimits?: { write?: RateLimitOptions; read?: RateLimitOptions };
  /** How long kudos notices gather, and the least time between two to one person (tests widen them). */
  kudosNoticeTimings?: KudosNoticeTimings;
  /** Digest intervals and gathering window (tests widen them). */
  digestTimings?: Partial<DigestTimings>;
  /** How long a post's digest record waits for its background fan-out before the sweep redoes it (delivery/digest-outbox.ts). */
  digestRecordGraceMs?: number;
}

const HTTP_DRAIN_MS = 2_000;
const REFRESH_DRAIN_MS = 3_000;

/**
 * Stops accepting and lets requests in progress finish, for at most HTTP_DRAIN_MS.
 * server.close() alone waits for every keep-alive connection to end, and a client
 * that keeps using one (a tab polling the feed) keeps it busy for ever: that held
 * d147545's shutdown until it was killed, before the save. So from now on every
 * answer closes its connection, idle ones close at once, and the rest are cut.
 */
async function closeHttp(server: Server): Promise<void> {
  const http = server.server;
  http.on('request', (_req, res: ServerResponse) => res.shouldKeepAlive && res.setHeader('Connection', 'close'));
  const closed = new Promise<void>((resolve) => http.close(() => resolve()));
  http.closeIdleConnections();
  const cut = setTimeout(() => http.closeAllConnections(), HTTP_DRAIN_MS).unref();
  await closed;
  clearTimeout(cut);
}

// Compiled, this file is dist/src/index.js beside dist/tab; run from source, src/index.ts.
const DEFAULT_TAB_DIR = path.resolve(__dirname, __filename.endsWith('.ts') ? '../dist/tab' : '../tab');

export async function startCommons(config: Config, options: StartOptions = {}): Promise<RunningCommons> {
  const telemetry = config.telemetry.connectionString ? bootedTelemetry() : undefined;
  const logger = createLogger(config.logLevel, telemetry ? telemetryLogStream() : undefined);
  logger.info(describeConfig(config));

  const store = await openStore(config.store, (error) => logger.error({ err: error }, 'Cosmos DB is not reachable yet; retrying'));
  const repositories = createRepositories(store);
  repositories.activity.useErrorLog((err, event) => logger.warn({ err, kind: event.kind, tenantId: event.tenantId }, 'analytics: an event was not counted'));
  if (options.kudosNoticeTimings) repositories.kudosNotices.timings = options.kudosNoticeTimings;
  const embedded = config.store.mode === 'embedded';
  if (embedded) {
    const restored = await restoreSnapshot(store, config.store.dataDir, (movedTo, error) =>
      logger.warn({ err: error, movedTo }, 'local data could not be read; starting fresh and keeping the old file'),
    );
    if (restored) logger.info({ documents: restored }, 'restored local data');
  }
  if (config.seedDemoData) await seedIfFresh(store, repositories, logger);

  const tenants = new TenantAllowList(config.allowedTenants);
  const authenticator = new TenantRestrictedAuthenticator(config.tab.devIdentity ? new DevIdentityAuthenticator() : new EntraTokenAuthenticator(config.tab), tenants);
  const writeLimiter = new TokenBucketLimiter(options.rateLimits?.write ?? WRITE_RATE_LIMIT);
  const readLimiter = new TokenBucketLimiter(options.rateLimits?.read ?? READ_RATE_LIMIT);
  // One set of outbound budgets for every proactive send of this process (announcements, card updates, notices, welcomes).
  const instanceId = newInstanceId();
  const outbound = new Outbound({ budgets: repositories.outboundBudgets, senders: repositories.senders, maxRps: config.delivery.maxRps, instanceId, logger });
  const digests = new DigestFanout({ follows: repositories.follows, heldNotices: repositories.heldNotices, logger, timings: { ...DEFAULT_DIGEST_TIMINGS, ...options.digestTimings }, events: digestEventSource(repositories), ...(options.digestRecordGraceMs !== undefined && { recordGraceMs: options.digestRecordGraceMs }) });
  // New posts and replies reach their followers' digests durably: a pending record is
  // stored before the write answers, the fan-out runs in the background (a popular
  // target's never holds up the post) and a crash's leftover is redone by the sweep
  // (delivery/digest-outbox.ts). Shutdown waits for fan-outs under way.
  repositories.posts.afterCreate = (post) => digests.postCreatedDurably(post);
  repositories.engagement.afterComment = (tenantId, comment) => digests.commentAddedDurably(tenantId, comment);
  const bot = createBot({ config, repositories, logger, writeLimiter, outbound, digests, reacher: () => reacher, studio: studioReviewService({ config, repositories, logger }) });
  const graphFor = graphClients(config);
  const directorySync = config.directory.graphBaseUrl
    ? new DirectorySync({ people: repositories.people, states: repositories.directorySync, graphFor, logger, leaseMs: config.directory.syncLeaseMs })
    : undefined;
  const reacher = new ProactiveInstaller({
    enabled: async (tenantId) => (await repositories.tenants.deliverySettings(tenantId)).proactiveInstall,
    graph: config.directory.graphBaseUrl && config.teamsAppId ? { graphFor, baseUrl: config.directory.graphBaseUrl, teamsAppId: config.teamsAppId } : undefined,
    botAppId: config.bot.appId,
    serviceUrlOf: (tenantId) => repositories.conversations.serviceUrlOf(tenantId),
    teamsOf: (tenantId) => repositories.conversations.teamsOf(tenantId),
    openPersonalChat: (team, userId, at) => bot.messenger.openPersonalChat(team, userId, at),
    record: (conversation) => recordInstallation(repositories.conversations, conversation),
    logger,
  });
  repositories.memberships.useRoster(connectorRoster(repositories.conversations, bot.messenger));
  const server = createServer({ config, repositories, authenticator, tenants, logger, store, bot, digests, writeLimiter, readLimiter, directorySync, tabDir: options.tabDir ?? DEFAULT_TAB_DIR });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const delivery = new DeliveryEngine({
    announcements: repositories.announcements,
    deliveries: repositories.deliveries,
    senders: repositories.senders,
    outbound,
    instanceId,
    lookups: { conversations: repositories.conversations, people: repositories.people, rosters: repositories.rosters },
    sender: new BotDeliverySender(bot.adapter, config.bot.appId),
    logger,
    maxRps: config.delivery.maxRps,
    timings: options.deliveryTimings,
    tabUrl: tabUrl(config, 'feed'),
    activity: repositories.activity,
    engagementOf: async (announcement) => {
      const post = await repositories.posts.get(announcement.tenantId, announcement.announcementId);
      return post && { post, reactions: await repositories.tenants.reactionSet(announcement.tenantId) };
    },
    reacher,
    sendingStarted: (announcement) => listAnnouncementInFeed(repositories, announcement, new Date()),
  });
  // Without credentials every send fails, and a failed recipient is marked as such for good:
  // then only the held work that sends nothing runs (erasure, retention, recording), and
  // notices that send wait, held, for an instance with credentials.
  const heldNotices = new HeldNoticeSweeper({
    notices: repositories.heldNotices,
    flush: bot.sendHeldNotice,
    instanceId: delivery.instanceId,
    logger,
    ...(config.delivery.disabledBecause && { kinds: STORE_ONLY_NOTICE_KINDS }),
  });
  if (config.delivery.disabledBecause) logger.warn(`delivery engine not started: ${config.delivery.disabledBecause}; erasure, retention and recording jobs still run`);
  else delivery.start();
  heldNotices.start();

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

  const snapshots = embedded
    ? new SnapshotWriter(store, config.store.dataDir, config.store.snapshotIntervalMs, (error) => logger.warn({ err: error }, 'snapshot failed'))
    : undefined;
  if (snapshots) store.onWrite?.(snapshots.written);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // Save what is there before anything that could stall: a kill during the rest of
      // shutdown then loses nothing that was written before the signal.
      if (snapshots) await snapshots.flush();
      // Sends hand back their leases with a checkpoint, so another instance resumes at once.
      await Promise.all([delivery.stop(), heldNotices.stop(), digests.drain()]);
      await repositories.activity.flushDeliveries();
      directorySchedule?.stop();
      // A sync stops between pages; one still waiting on Graph resumes from its checkpoint after restart.
      await Promise.race([directorySync?.stop(), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
      await closeHttp(server);
      // Card refreshes still queued carry the latest counts: let them go out first.
      await Promise.race([bot.refresher.drain(), new Promise((resolve) => setTimeout(resolve, REFRESH_DRAIN_MS).unref())]);
      bot.refresher.stop();
      await outbound.stop();
      if (snapshots) {
        const saved = await snapshots.flush({ stop: true });
        logger.info({ documents: saved }, 'saved local data');
      }
      await store.close();
      // Last: what the shutdown itself logged goes out too, within a bounded wait.
      if (telemetry) await Promise.race([telemetry.stop(), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]).catch(() => undefined);
    })());

  return { url, config, store, server, logger, bot, repositories, digests, stop };
}

/**
 * The demo tenant goes only into a store of our own: the embedded one (once per data
 * directory), or an external store that holds nothing yet, never into a store with data.
 */
async function seedIfFresh(store: Store, repositories: Repositories, logger: Logger): Promise<void> {
  if (store.mode !== 'embedded' && (await storeHoldsData(store))) {
    logger.warn('the store already holds data: the demo tenant is not seeded into it');
    return;
  }
  if (await seedDemoTenant(repositories)) logger.info('seeded the demo tenant');
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
  // `on`, not `once`: a signal to the process group reaches this process and the
  // launcher, which passes it on, and npm passes it on too. With `once`, the second
  // SIGTERM met no handler and killed the process mid-shutdown, before the save.
  let shuttingDown = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (shuttingDown) return;
      shuttingDown = true;
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
