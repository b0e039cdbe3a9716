import { closeAnalyticsDays } from '../delivery/analytics-close';
import { ActivityTypes, CardFactory, TurnContext } from 'botbuilder';
import { Application, TeamsAdapter, TurnState } from '@microsoft/teams-ai';
import type { Config } from '../config';
import { helpCard } from '../cards/help';
import { welcomeCard } from '../cards/welcome';
import type { AdaptiveCard } from '../cards/types';
import { recordInstallation, recordRemoval } from '../domain/installations';
import type { Repositories } from '../store';
import type { Logger } from '../log';
import { addressedCommand, addressedToCommons, installationFrom, tenantOf } from './activity';
import { CardRefresher } from '../delivery/card-refresh';
import { newInstanceId, Outbound } from '../delivery/outbound';
import { postCard } from '../cards/post';
import { announcementAwarePosts, engagementActionPorts, engagementPorts } from '../store/engagement-ports';
import type { EngagementPorts } from '../domain/engagement';
import type { EngagementActionPorts } from '../domain/engagement-actions';
import { isAnnouncementPost } from '../domain/announcement-engagement';
import { announcementCopies } from '../delivery/announcement-copies';
import { announcementCardWithEngagement } from './announcement-engagement';
import { FeatureContext, featureContext } from './features';
import { assertWithinWriteLimit, TokenBucketLimiter } from '../auth/user-limits';
import { ProactiveMessenger } from './proactive';
import { registerPostRoutes } from './posts';
import { handleCommentNotice, registerCommentRoutes, sendHeldCommentNotice } from './comments';
import { registerShareRoutes } from './share';
import { registerAnnouncementRoutes } from './announcements';
import { registerPeopleSearch } from './people-search';
import { registerKudosRoutes } from './kudos';
import { registerGuidelinesRoutes } from './guidelines';
import { registerPollRoutes } from './polls';
import { registerDiscussionRoutes } from './discussions';
import { registerDiscussionExtension } from './discussion-extension';
import { registerAmaRoutes, sharedAmaCard } from './ama';
import { isAma } from '../domain/ama';
import { amaBoard } from '../domain/ama-actions';
import { amaSummaryCard } from '../cards/ama';
import { closeAma } from '../delivery/ama-close';
import { registerStudioReviewRoutes, StudioReviewPort } from './studio-review';
import { sendStudioReviewNotice } from './studio-review-notices';
import { pollCard } from '../cards/poll';
import { isPoll } from '../domain/polls';
import { sendHeldKudosNotice } from './kudos-notices';
import { completeKudosRecord } from '../domain/kudos-send';
import { kudosPorts } from '../store/kudos-ports';
import type { HeldNoticeKind } from '../store/held-notices';
import { runPrivacyJob } from '../delivery/privacy-job';
import { privacyJobPorts } from '../store/privacy-job-ports';
import { runErasureSlice } from '../domain/erasure-run';
import { erasurePorts } from '../store/erasure-ports';
import { BotRoutes, replyToFailedTurn, reply } from './routes';
import { BOT_COMMANDS } from '../cards/verbs';
import { recordMemberEvent } from './membership';
import { DigestFanout } from '../delivery/digests';
import { digestEventSource } from '../delivery/digest-outbox';
import type { PersonReacher } from '../delivery/proactive-install';
import { ensureWeeklyReach, weeklyReachSender } from './weekly-reach';
import { registerDigestRoutes, sendHeldDigest, sendWeeklyDigest } from './digests';

export interface BotDependencies {
  config: Config;
  repositories: Repositories;
  logger: Logger;
  now?: () => Date;
  writeLimiter?: TokenBucketLimiter;
  /** The budgets every proactive send spends from (one per process, shared with the delivery engine). */
  outbound?: Outbound;
  /** Studio's decisions, for the approvers' cards (the composition root gives the API's). */
  studio?: StudioReviewPort;
  /** Followers' digests (one per process, shared with the API); made from the repositories when absent. */
  digests?: DigestFanout;
  /** The delivery engine's proactive installer, for the weekly digest's reach run (late-bound: it opens chats through this bot). */
  reacher?: () => PersonReacher | undefined;
}

export interface Bot {
  adapter: TeamsAdapter;
  app: Application<TurnState>;
  /** The route table (routes.table lists every protocol name and verb the bot answers). */
  routes: BotRoutes;
  messenger: ProactiveMessenger;
  refresher: CardRefresher;
  /** Reactions and comments as cards make them (one coalescing post writer per process): the API's moderation approves held comments through it. */
  engagement: EngagementPorts;
  /** Reacting, commenting and acknowledging as cards do them: the tab's engagement routes call the same. */
  actions: EngagementActionPorts;
  /** Acts on a held notice when due (for HeldNoticeSweeper): a post's comments, a person's kudos, a kudos recording to complete. */
  sendHeldNotice(tenantId: string, subjectId: string, kind: HeldNoticeKind): Promise<{ retryAt?: number }>;
}

function createAdapter(config: Config): TeamsAdapter {
  const { bot } = config;
  const overrides = bot.authOverrides;
  // Botbuilder reads these names; the overrides must be set all together or not at all.
  return new TeamsAdapter({
    MicrosoftAppId: bot.appId,
    MicrosoftAppPassword: bot.password,
    MicrosoftAppType: bot.appType,
    MicrosoftAppTenantId: bot.tenantId,
    ...(overrides && {
      ToBotFromChannelOpenIdMetadataUrl: overrides.openIdMetadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: overrides.emulatorOpenIdMetadataUrl,
      ToBotFromChannelTokenIssuer: overrides.tokenIssuer,
      ToChannelFromBotLoginUrl: overrides.loginUrl,
      ToChannelFromBotOAuthScope: overrides.oauthScope,
      OAuthUrl: overrides.oauthUrl,
      ValidateAuthority: false,
    }),
  });
}

export function tabUrl(config: Config, page = 'feed'): string {
  return `${config.publicUrl}/tab/index.html#/${page}`;
}

const sendCard = (context: TurnContext, card: AdaptiveCard) =>
  context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)], summary: card.fallbackText });

export function createBot({ config, repositories, logger, writeLimiter = new TokenBucketLimiter(), now = () => new Date(), outbound: given, studio, reacher = () => undefined, digests = new DigestFanout({ follows: repositories.follows, heldNotices: repositories.heldNotices, logger, events: digestEventSource(repositories) }) }: BotDependencies): Bot {
  const outbound = given ?? new Outbound({ budgets: repositories.outboundBudgets, senders: repositories.senders, maxRps: config.delivery.maxRps, instanceId: newInstanceId(), logger });
  const adapter = createAdapter(config);
  const app = new Application<TurnState>({
    adapter,
    botAppId: config.bot.appId,
    removeRecipientMention: true,
    startTypingTimer: false,
  });

  async function welcomeIfNew(context: TurnContext): Promise<void> {
    const tenantId = tenantOf(context.activity);
    if (!tenantId) {
      logger.warn({ activityType: context.activity.type }, 'installation without a tenant id ignored');
      return;
    }
    const conversation = installationFrom(context, tenantId, now().toISOString());
    const { shouldWelcome } = await recordInstallation(repositories.conversations, conversation);
    logger.info({ tenantId, kind: conversation.kind, shouldWelcome }, 'conversation reference saved');
    // Someone Commons can now reach in person gets the weekly digest unless they turned it off.
    if (conversation.kind === 'personal' && conversation.userId) await scheduleWeeklyDigest(tenantId, conversation.userId);
    // Everyone else of the directory is reached by the tenant's weekly run (delivery/weekly-reach.ts).
    await ensureWeeklyReach(features, tenantId, now().getTime() + digests.timings.gatherMs).catch((error) => logger.warn({ err: error, tenantId }, 'weekly reach not scheduled'));
    if (!shouldWelcome) return;
    const person = conversation.userId ? await repositories.people.get(tenantId, conversation.userId) : undefined;
    const card = welcomeCard({
      locale: context.activity.locale,
      kind: conversation.kind,
      placeName: conversation.channelName ?? conversation.teamName,
      personName: person?.displayName ?? context.activity.from?.name,
      tabUrl: tabUrl(config),
    });
    // A roll-out installs hundreds a second: welcomes spend from the tenant's budget like any proactive send.
    await outbound.send({ tenantId, conversationId: conversation.conversationId }, () => sendCard(context, card));
  }

  async function scheduleWeeklyDigest(tenantId: string, userId: string): Promise<void> {
    const settings = await repositories.follows.digestSettings(tenantId, userId);
    await digests.scheduleWeekly(tenantId, userId, settings).catch((error) => logger.warn({ err: error, tenantId }, 'weekly digest not scheduled'));
  }

  async function forget(context: TurnContext): Promise<void> {
    const tenantId = tenantOf(context.activity);
    const known = tenantId && (await recordRemoval(repositories.conversations, tenantId, context.activity.conversation.id, now().toISOString()));
    if (!known) logger.info({ tenantId }, 'uninstall for an unknown conversation ignored');
  }

  const botWasAdded = (context: TurnContext) =>
    (context.activity.membersAdded ?? []).some((member) => member.id === context.activity.recipient?.id);
  const botWasRemoved = (context: TurnContext) =>
    (context.activity.membersRemoved ?? []).some((member) => member.id === context.activity.recipient?.id);

  app.conversationUpdate('membersAdded', async (context) => {
    if (botWasAdded(context)) await welcomeIfNew(context);
    await recordMemberEvent(repositories.memberships, context.activity, context.activity.membersAdded, true);
  });
  app.conversationUpdate('membersRemoved', async (context) => {
    if (botWasRemoved(context)) await forget(context);
    await recordMemberEvent(repositories.memberships, context.activity, context.activity.membersRemoved, false);
  });
  app.activity(ActivityTypes.InstallationUpdate, async (context) => {
    const action = String(context.activity.action ?? '');
    if (action.startsWith('add')) await welcomeIfNew(context);
    else if (action.startsWith('remove')) await forget(context);
  });

  const messenger = new ProactiveMessenger(adapter, config.bot.appId, outbound);
  const refresher = new CardRefresher({
    getPost: (tenantId, postId) => repositories.posts.get(tenantId, postId),
    // An announcement's copies are its delivery records, not a list on the post.
    copiesOf: announcementCopies(repositories),
    getConversation: (tenantId, conversationId) => repositories.conversations.get(tenantId, conversationId),
    updateCard: (conversation, activityId, card) => messenger.updateCard(conversation, activityId, card),
    // Everyone's copy: a poll with its current tallies, any other post with its counts.
    render: async (post) => {
      if (isAnnouncementPost(post)) return announcementCardWithEngagement(repositories, post, { tabUrl: tabUrl(config) });
      if (isAma(post)) return sharedAmaCard(repositories, post, now());
      return isPoll(post) ? pollCard(post, await repositories.polls.tally(post.tenantId, post.postId), { now: now() }) : postCard(post, { reactions: await repositories.tenants.reactionSet(post.tenantId) });
    },
    logger,
  });
  const engagement = engagementPorts(repositories, announcementAwarePosts(repositories, now));
  const features: FeatureContext = featureContext({
    config,
    repositories,
    // Announcements' reactions and comments live under a post-like record of theirs (see announcement-engagement).
    engagement,
    actions: engagementActionPorts(repositories, { engagement, refresh: (post) => refresher.refresh(post), commentNotice: (post, notice) => handleCommentNotice(features, post, notice), logger }),
    refresher,
    messenger,
    logger,
    now,
    studio,
    announcementView: { tabUrl: tabUrl(config) },
    checkWriteLimit: (identity) => assertWithinWriteLimit(writeLimiter, identity),
  });

  // Routes match in the order they are registered. Teams delivers every group-chat and
  // channel message (resource-specific consent): commands count only when addressed to
  // us, so "post …" typed to colleagues publishes nothing; replies in a post's thread
  // are comments; the rest is heard and never answered.
  const routes = new BotRoutes({ app, identify: features.identify, checkWriteLimit: features.checkWriteLimit });
  routes.message(`command ${BOT_COMMANDS.help}`, addressedCommand(/^\s*help\s*$/i), async (context) =>
    reply.card(helpCard({ locale: context.activity.locale, tabUrl: tabUrl(config) })),
  );
  registerPostRoutes(routes, features);
  registerCommentRoutes(routes, features);
  registerShareRoutes(routes, features);
  registerAnnouncementRoutes(routes, features, { tabUrl: tabUrl(config) });
  registerPeopleSearch(routes, features);
  registerKudosRoutes(routes, features);
  registerPollRoutes(routes, features);
  registerDiscussionRoutes(routes, features);
  registerAmaRoutes(routes, features);
  registerDiscussionExtension(routes, features);
  registerStudioReviewRoutes(routes, features, { tabUrl: tabUrl(config, 'studio') });
  registerGuidelinesRoutes(routes, features);
  registerDigestRoutes(routes, features, digests, tabUrl(config, 'settings'));
  routes.message('not addressed to Commons', async (context) => context.activity.type === ActivityTypes.Message && !addressedToCommons(context.activity), async () => reply.done());
  // Anything else addressed to us that we do not understand gets the help card with a kind word.
  routes.message('not understood', async (context) => context.activity.type === ActivityTypes.Message, async (context) => {
    const text = context.activity.text ?? '';
    return reply.card(helpCard({ locale: context.activity.locale, unknownText: text || undefined, tabUrl: tabUrl(config) }));
  });

  // A turn that failed still owes Teams an answer: kind words in the card, the
  // dialog or the chat, never Teams' generic "something went wrong".
  app.error(async (context, error) => {
    logger.error({ err: error, activityType: context.activity.type, name: context.activity.name }, 'bot turn failed');
    // An installation that could not be recorded must not be acknowledged: the 5xx makes
    // the Bot Framework deliver it again, rather than Teams believing we have the person.
    if (context.activity.type === ActivityTypes.InstallationUpdate || context.activity.type === ActivityTypes.ConversationUpdate) throw error;
    await replyToFailedTurn(context, error).catch(() => undefined);
  });
  const kudos = kudosPorts(repositories);
  const heldNoticeSenders: Record<HeldNoticeKind, (tenantId: string, subjectId: string) => Promise<{ retryAt?: number }>> = {
    comments: (tenantId, postId) => sendHeldCommentNotice(features, tenantId, postId),
    kudos: (tenantId, userId) => sendHeldKudosNotice(features, tenantId, userId, tabUrl(config, 'kudos')),
    kudosRecord: (tenantId, postId) => completeKudosRecord(kudos, tenantId, postId, now()).then(() => ({})),
    amaClose: (tenantId, postId) =>
      closeAma({
        posts: repositories.posts,
        conversation: (t, c) => repositories.conversations.get(t, c),
        sendCard: (conversation, card) => messenger.sendCard(conversation, card),
        summaryCard: async (post) => amaSummaryCard(post, await amaBoard(repositories, post)),
        refresh: (post) => refresher.refresh(post),
        logger,
        now,
      }, tenantId, postId),
    studioReview: (tenantId, draftId) => sendStudioReviewNotice(features, tenantId, draftId, tabUrl(config, 'studio')),
    digest: (tenantId, userId) => sendHeldDigest(features, digests, tenantId, userId, tabUrl(config, 'settings')),
    weeklyDigest: (tenantId, userId) => sendWeeklyDigest(features, digests, tenantId, userId, tabUrl(config, 'feed')),
    digestRecord: (tenantId, subject) => digests.redo(tenantId, subject).then(() => ({})),
    weeklyReach: weeklyReachSender(features, digests, reacher),
    erasure: (tenantId, subject) =>
      runErasureSlice(erasurePorts(repositories), tenantId, subject, {
        now,
        changed: (post) => refresher.refresh(post),
        tasksPerSlice: config.erasure.tasksPerSlice,
        failed: (error) => logger.warn({ err: error, tenantId, subject }, 'erasure slice failed; tried again shortly'),
      }),
    analyticsClose: (tenantId) => closeAnalyticsDays(repositories.activity, tenantId, now().getTime()),
    privacy: (tenantId) => runPrivacyJob(privacyJobPorts(repositories, logger, (post) => refresher.refresh(post)), tenantId, now()).then(({ retryAt }) => ({ retryAt })),
  };
  const sendHeldNotice = (tenantId: string, subjectId: string, kind: HeldNoticeKind) => heldNoticeSenders[kind](tenantId, subjectId);
  return { adapter, app, routes, messenger, refresher, engagement: features.engagement, actions: features.actions, sendHeldNotice };
}
