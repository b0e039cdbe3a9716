import type { Store } from './cosmos';
import { ConversationRepository } from './conversations';
import { EngagementRepository } from './engagement';
import { PeopleRepository } from './people';
import { PostRepository } from './posts';
import { TenantRepository } from './tenants';
import { AnnouncementRepository } from './announcements';
import { DeliveryRepository } from './deliveries';
import { RosterRepository } from './rosters';
import { TeamsAccountRepository } from './teams-accounts';
import { PrivacyBackfill } from './privacy-backfill';
import { SenderRepository } from './senders';
import { OutboundBudgetRepository } from './outbound-budgets';
import { DirectorySyncRepository } from './directory-sync';
import { MembershipRepository } from './memberships';
import { PENDING_KUDOS, PENDING_SHARE, PendingKudos, PendingShare, PendingStateRepository } from './pending-state';
import { HeldNoticeRepository } from './held-notices';
import { StudioRepository } from './studio';
import { AcknowledgementRepository } from './acknowledgements';
import { AnnouncementEngagementRepository } from './announcement-engagement';
import { KudosRepository } from './kudos';
import { AuditRepository } from './audit';
import { CommunityRepository } from './communities';
import { PollRepository } from './polls';
import { AmaRepository } from './ama';
import { KudosNoticeRepository } from './kudos-notices';
import { ModerationQueueIndex } from './moderation-queue';
import { ModerationSettingsRepository } from './moderation-settings';
import { ReportRepository } from './reports';
import { HeldItemRepository } from './held-items';
import { PersonalDataRepository } from './personal-data';
import { GuidelinesRepository } from './guidelines';
import { FollowRepository } from './follows';
import { PrivacySettingsRepository } from './privacy-settings';
import { PrivacyIndexRepository } from './privacy-index';
import { schedulePrivacyJob } from './privacy-schedule';
import { ErasureJobRepository } from './erasure-jobs';
import { ErasurePlanner } from './erasure-plan';
import { ErasureApplier } from './erasure-apply';
import { ActivityCounters } from './activity-counters';

/** One repository an aggregate, all over the same Store. */
export interface Repositories {
  tenants: TenantRepository;
  people: PeopleRepository;
  conversations: ConversationRepository;
  posts: PostRepository;
  engagement: EngagementRepository;
  announcements: AnnouncementRepository;
  deliveries: DeliveryRepository;
  senders: SenderRepository;
  /** Each conversation's recent proactive sends (the per-conversation outbound budget). */
  outboundBudgets: OutboundBudgetRepository;
  heldNotices: HeldNoticeRepository;
  rosters: RosterRepository;
  /** A person's Teams account ids, which cards list viewers by (for erasure). */
  teamsAccounts: TeamsAccountRepository;
  /** Files an older store's posts into the privacy index, once per tenant. */
  privacyBackfill: PrivacyBackfill;
  directorySync: DirectorySyncRepository;
  memberships: MembershipRepository;
  pendingShares: PendingStateRepository<PendingShare>;
  studio: StudioRepository;
  acknowledgements: AcknowledgementRepository;
  announcementEngagement: AnnouncementEngagementRepository;
  kudos: KudosRepository;
  pendingKudos: PendingStateRepository<PendingKudos>;
  /** Append-only: who changed what (src/store/audit.ts). */
  audit: AuditRepository;
  communities: CommunityRepository;
  polls: PollRepository;
  /** Ask-me-anything questions, upvotes and their tallies. */
  amas: AmaRepository;
  /** Kudos notices waiting for each person, and what became of them. */
  kudosNotices: KudosNoticeRepository;
  /** Governance (issue 17): reports, held submissions, the open queue's index, thresholds and the word list. */
  reports: ReportRepository;
  heldItems: HeldItemRepository;
  moderationQueue: ModerationQueueIndex;
  moderationSettings: ModerationSettingsRepository;
  /** A person's own data, gathered for their download (rare: queries). */
  personalData: PersonalDataRepository;
  /** The community guidelines' versions and each person's acceptance. */
  guidelines: GuidelinesRepository;
  /** Who follows what, digest settings and the entries waiting for each person's digest. */
  follows: FollowRepository;
  /** Erasure mode, purge grace period, retention, and the pseudonym key (issue 17, item 6). */
  privacy: PrivacySettingsRepository;
  /** Which posts were created or removed on which day, for the privacy job. */
  privacyIndex: PrivacyIndexRepository;
  /** Erasing a person: the job's progress, finding their data (rare: queries), and each step. */
  erasure: { jobs: ErasureJobRepository; planner: ErasurePlanner; applier: ErasureApplier };
  /** Analytics: the daily counters every counted event moves, and the reports' reads. */
  activity: ActivityCounters;
}

export function createRepositories(store: Store): Repositories {
  const rosters = new RosterRepository(store.containers.rosters, store.containers.conversations);
  const communities = new CommunityRepository(store.containers.communities);
  const memberships = new MembershipRepository(store.containers.rosters);
  const moderationQueue = new ModerationQueueIndex(store.containers.moderation);
  const heldNotices = new HeldNoticeRepository(store.containers.announcements);
  // A tenant's first indexed post schedules its privacy job (purge, retention); the job then reschedules itself.
  const privacyIndex = new PrivacyIndexRepository(store.containers.timelines, (tenantId) => schedulePrivacyJob(heldNotices, tenantId, Date.now()));
  memberships.useCommunities((tenantId, communityId, userId) => communities.readableBy(tenantId, communityId, userId));
  const people = new PeopleRepository(store.containers.people);
  const activity = new ActivityCounters(store.containers.analytics, { departmentOf: async (tenantId, userId) => (await people.get(tenantId, userId))?.department });
  const repositories: Omit<Repositories, 'erasure'> = {
    tenants: new TenantRepository(store.containers.tenants),
    people,
    conversations: new ConversationRepository(store.containers.conversations, rosters),
    posts: new PostRepository(store.containers.posts, store.containers.timelines, privacyIndex, activity),
    engagement: new EngagementRepository(store.containers.engagement),
    announcements: new AnnouncementRepository(store.containers.announcements),
    deliveries: new DeliveryRepository(store.containers.deliveries),
    senders: new SenderRepository(store.containers.deliveries),
    outboundBudgets: new OutboundBudgetRepository(store.containers.deliveries),
    heldNotices,
    rosters,
    teamsAccounts: new TeamsAccountRepository(store.containers.people),
    privacyBackfill: new PrivacyBackfill(store.containers.posts, store.containers.timelines, privacyIndex),
    directorySync: new DirectorySyncRepository(store.containers.tenants),
    memberships,
    pendingShares: new PendingStateRepository<PendingShare>(store.containers.posts, PENDING_SHARE),
    studio: new StudioRepository(store.containers.studio),
    acknowledgements: new AcknowledgementRepository(store.containers.studio, activity),
    announcementEngagement: new AnnouncementEngagementRepository(store.containers.engagement),
    kudos: new KudosRepository(store.containers.kudos, store.containers.tenants),
    pendingKudos: new PendingStateRepository<PendingKudos>(store.containers.kudos, PENDING_KUDOS),
    audit: new AuditRepository(store.containers.audit),
    communities,
    polls: new PollRepository(store.containers.engagement),
    amas: new AmaRepository(store.containers.engagement),
    kudosNotices: new KudosNoticeRepository(store.containers.kudos),
    reports: new ReportRepository(store.containers.moderation, moderationQueue),
    heldItems: new HeldItemRepository(store.containers.moderation, moderationQueue),
    moderationQueue,
    moderationSettings: new ModerationSettingsRepository(store.containers.tenants),
    personalData: new PersonalDataRepository(store.containers),
    guidelines: new GuidelinesRepository(store.containers.tenants, store.containers.people),
    follows: new FollowRepository(store.containers.follows),
    privacy: new PrivacySettingsRepository(store.containers.tenants),
    privacyIndex,
    activity,
  };
  const erasure = {
    jobs: new ErasureJobRepository(store.containers.moderation),
    planner: new ErasurePlanner(repositories.personalData, repositories.studio, store.containers, repositories.teamsAccounts),
    applier: new ErasureApplier(repositories, store.containers),
  };
  return { ...repositories, erasure };
}
