import type { InstalledConversation } from '../domain/conversations';
import type { FailureReason } from '../domain/announcements';
import type { Logger } from '../log';
import { catalogAppId, installForUser } from '../directory/app-installation';
import type { GraphClient } from '../directory/graph-client';

/** Finds a personal chat for a person Commons has none with, or says why there cannot be one. */
export interface PersonReacher {
  reach(tenantId: string, userId: string): Promise<{ conversation: InstalledConversation } | { reason: FailureReason }>;
}

export interface ProactiveInstallOptions {
  /** The tenant's admin setting (off by default). */
  enabled(tenantId: string): Promise<boolean>;
  graphFor(tenantId: string): GraphClient | undefined;
  graphBaseUrl: string;
  /** The manifest id (TEAMS_APP_ID); the catalog id is looked up from it. */
  teamsAppId: string;
  /** The bot's app id, as Teams names the bot in a conversation ("28:<id>"). */
  botAppId: string;
  /** Where the tenant's Bot Connector lives: any conversation the tenant already has says. */
  serviceUrlOf(tenantId: string): Promise<string | undefined>;
  /** Records the new personal chat as an installation would (so the next send finds it). */
  record(conversation: InstalledConversation): Promise<unknown>;
  logger: Logger;
  now?: () => number;
}

const CATALOG_TTL_MS = 10 * 60_000;

/**
 * Proactive installation, the way Company Communicator reaches people who never
 * opened the app: install it for them through Graph, ask Graph for the personal chat
 * that creates, and send there. Teams also tells the bot of the installation (an
 * installationUpdate), which records the same chat again; both writes are the same.
 * An installation Teams refuses is a reason the person is not reachable, never a
 * silent omission.
 */
export class ProactiveInstaller implements PersonReacher {
  private readonly catalog = new Map<string, { id: Promise<string | undefined>; until: number }>();
  private readonly now: () => number;

  constructor(private readonly options: ProactiveInstallOptions) {
    this.now = options.now ?? Date.now;
  }

  async reach(tenantId: string, userId: string): Promise<{ conversation: InstalledConversation } | { reason: FailureReason }> {
    const { options } = this;
    const graph = options.graphFor(tenantId);
    if (!graph || !(await options.enabled(tenantId))) return { reason: 'not_installed' };
    try {
      const catalogId = await this.catalogId(tenantId, graph);
      if (!catalogId) {
        options.logger.warn({ tenantId, teamsAppId: options.teamsAppId }, 'proactive install: Commons is not in the tenant app catalog');
        return { reason: 'not_installed' };
      }
      const serviceUrl = await options.serviceUrlOf(tenantId);
      if (!serviceUrl) return { reason: 'not_installed' };
      const result = await installForUser(graph, catalogId, options.teamsAppId, userId, options.graphBaseUrl);
      if ('refused' in result) {
        options.logger.info({ tenantId, userId, refused: result.refused, detail: result.detail }, 'proactive install refused');
        return { reason: result.refused === 'not_in_catalog' ? 'not_installed' : result.refused };
      }
      const at = new Date(this.now()).toISOString();
      const conversation: InstalledConversation = {
        tenantId,
        conversationId: result.chatId,
        kind: 'personal',
        serviceUrl,
        botId: `28:${options.botAppId}`,
        userId,
        active: true,
        installedAt: at,
        updatedAt: at,
        reference: {
          channelId: 'msteams',
          serviceUrl,
          bot: { id: `28:${options.botAppId}` },
          user: { id: userId, aadObjectId: userId },
          conversation: { id: result.chatId, conversationType: 'personal', tenantId },
        },
      };
      await options.record(conversation);
      return { conversation };
    } catch (error) {
      options.logger.warn({ err: error, tenantId, userId }, 'proactive install failed');
      return { reason: 'install_failed' };
    }
  }

  private catalogId(tenantId: string, graph: GraphClient): Promise<string | undefined> {
    const cached = this.catalog.get(tenantId);
    if (cached && cached.until > this.now()) return cached.id;
    const id = catalogAppId(graph, this.options.teamsAppId);
    this.catalog.set(tenantId, { id, until: this.now() + CATALOG_TTL_MS });
    id.then((found) => {
      // Not in the catalog yet (an admin may upload it any minute): ask again next time.
      if (!found) this.catalog.delete(tenantId);
    }, () => this.catalog.delete(tenantId));
    return id;
  }
}
