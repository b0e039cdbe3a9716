import type { InstalledConversation } from '../domain/conversations';
import type { FailureReason } from '../domain/announcements';
import type { Logger } from '../log';
import { catalogAppId, installForUser } from '../directory/app-installation';
import type { GraphClient } from '../directory/graph-client';
import { TtlCache } from '../store/ttl-cache';

/** Finds a personal chat for a person Commons has none with, or says why there cannot be one. */
export interface PersonReacher {
  reach(tenantId: string, userId: string): Promise<{ conversation: InstalledConversation } | { reason: FailureReason }>;
}

export interface ProactiveInstallOptions {
  /** The tenant's admin setting (off by default). */
  enabled(tenantId: string): Promise<boolean>;
  /** Absent without a Graph or TEAMS_APP_ID: no installation, only chats through teams. */
  graph?: {
    graphFor(tenantId: string): GraphClient | undefined;
    baseUrl: string;
    /** The manifest id (TEAMS_APP_ID); the catalog id is looked up from it. */
    teamsAppId: string;
  };
  /** The bot's app id, as Teams names the bot in a conversation ("28:<id>"). */
  botAppId: string;
  /** Where the tenant's Bot Connector lives: any conversation the tenant already has says. */
  serviceUrlOf(tenantId: string): Promise<string | undefined>;
  /** The teams Commons is installed in (one conversation of each), for a chat through a team's roster. */
  teamsOf?(tenantId: string): Promise<InstalledConversation[]>;
  /** A 1:1 chat with a member of that team, created through the Bot Connector; undefined when not a member. */
  openPersonalChat?(team: InstalledConversation, userId: string, now: string): Promise<InstalledConversation | undefined>;
  /** Records the new personal chat as an installation would (so the next send finds it). */
  record(conversation: InstalledConversation): Promise<unknown>;
  logger: Logger;
  now?: () => number;
}

const CATALOG_TTL_MS = 10 * 60_000;
/** A send asks once per person without a chat; the tenant's teams and connector address change rarely. */
const TENANT_LOOKUP_TTL_MS = 30_000;
/** Teams asked, one after another, whether they count the person among their members. */
const TEAMS_TRIED_MAX = 5;
type Reached = { conversation: InstalledConversation } | { reason: FailureReason };
/** What Teams said that a chat through a team would not change: the app blocked for them, no Teams, no person. */
const FINAL: ReadonlySet<FailureReason> = new Set<FailureReason>(['blocked', 'no_license', 'deleted']);

/**
 * Reaching people who never opened Commons, in two ways. Proactive installation (the
 * tenant's setting), as Company Communicator does: install the app for them through
 * Graph, ask Graph for the personal chat that creates, and send there (Teams also tells
 * the bot of the installation, which records the same chat again). Otherwise, or when
 * that fails for a reason a team would not change, a 1:1 chat through the roster of a
 * team Commons is in. What Teams refuses is a reason the person is not reachable,
 * never a silent omission.
 */
export class ProactiveInstaller implements PersonReacher {
  private readonly catalog = new Map<string, { id: Promise<string | undefined>; until: number }>();
  private readonly now: () => number;
  private readonly serviceUrls: TtlCache<string | undefined>;
  private readonly teams: TtlCache<InstalledConversation[]>;

  constructor(private readonly options: ProactiveInstallOptions) {
    this.now = options.now ?? Date.now;
    this.serviceUrls = new TtlCache(TENANT_LOOKUP_TTL_MS, 10_000, this.now);
    this.teams = new TtlCache(TENANT_LOOKUP_TTL_MS, 10_000, this.now);
  }

  async reach(tenantId: string, userId: string): Promise<Reached> {
    const installed = await this.installThroughGraph(tenantId, userId);
    if (installed && ('conversation' in installed || FINAL.has(installed.reason))) return installed;
    return (await this.openThroughTeam(tenantId, userId)) ?? installed ?? { reason: 'not_installed' };
  }

  /** Undefined when the tenant has not turned it on or this deployment cannot install. */
  private async installThroughGraph(tenantId: string, userId: string): Promise<Reached | undefined> {
    const { options } = this;
    const graph = options.graph?.graphFor(tenantId);
    if (!graph || !options.graph || !(await options.enabled(tenantId))) return undefined;
    const { teamsAppId, baseUrl } = options.graph;
    try {
      const catalogId = await this.catalogId(tenantId, graph, teamsAppId);
      if (!catalogId) {
        options.logger.warn({ tenantId, teamsAppId }, 'proactive install: Commons is not in the tenant app catalog');
        return { reason: 'not_installed' };
      }
      const serviceUrl = await this.serviceUrls.get(tenantId, () => options.serviceUrlOf(tenantId));
      if (!serviceUrl) return { reason: 'not_installed' };
      const result = await installForUser(graph, catalogId, teamsAppId, userId, baseUrl);
      if ('refused' in result) {
        options.logger.info({ tenantId, userId, refused: result.refused, detail: result.detail }, 'proactive install refused');
        return { reason: result.refused === 'not_in_catalog' ? 'not_installed' : result.refused };
      }
      const at = new Date(this.now()).toISOString();
      const bot = { id: `28:${options.botAppId}` };
      const conversation: InstalledConversation = {
        tenantId,
        conversationId: result.chatId,
        kind: 'personal',
        serviceUrl,
        botId: bot.id,
        userId,
        active: true,
        installedAt: at,
        updatedAt: at,
        reference: { channelId: 'msteams', serviceUrl, bot, user: { id: userId, aadObjectId: userId }, conversation: { id: result.chatId, conversationType: 'personal', tenantId } },
      };
      await options.record(conversation);
      return { conversation };
    } catch (error) {
      options.logger.warn({ err: error, tenantId, userId }, 'proactive install failed');
      return { reason: 'install_failed' };
    }
  }

  /** A 1:1 chat through the roster of a team Commons is in (no setting: Teams lets a bot message its teams' members). */
  private async openThroughTeam(tenantId: string, userId: string): Promise<Reached | undefined> {
    const { options } = this;
    const { teamsOf, openPersonalChat } = options;
    if (!teamsOf || !openPersonalChat) return undefined;
    for (const team of (await this.teams.get(tenantId, () => teamsOf(tenantId))).slice(0, TEAMS_TRIED_MAX)) {
      try {
        const conversation = await openPersonalChat(team, userId, new Date(this.now()).toISOString());
        if (!conversation) continue;
        await options.record(conversation);
        return { conversation };
      } catch (error) {
        options.logger.warn({ err: error, tenantId, userId, teamId: team.teamId }, 'a chat through a team could not be opened');
      }
    }
    return undefined;
  }

  private catalogId(tenantId: string, graph: GraphClient, teamsAppId: string): Promise<string | undefined> {
    const cached = this.catalog.get(tenantId);
    if (cached && cached.until > this.now()) return cached.id;
    const id = catalogAppId(graph, teamsAppId);
    this.catalog.set(tenantId, { id, until: this.now() + CATALOG_TTL_MS });
    id.then((found) => {
      // Not in the catalog yet (an admin may upload it any minute): ask again next time.
      if (!found) this.catalog.delete(tenantId);
    }, () => this.catalog.delete(tenantId));
    return id;
  }
}
