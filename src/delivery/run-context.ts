import type { ActivityRecorder } from '../domain/analytics';
import type { AnnouncementEngagementView } from '../cards/announcement';
import type { AdaptiveCard } from '../cards/types';
import type { Announcement, WorkKind } from '../domain/announcements';
import type { Logger } from '../log';
import type { AnnouncementRepository } from '../store/announcements';
import type { DeliveryRecord, DeliveryRepository } from '../store/deliveries';
import type { AudienceLookups } from './audience';
import type { DeliveryTimings } from './limits';
import type { LeaseKeeper } from './lease-keeper';
import type { OutboundKind } from './conversation-windows';
import type { Outbound } from './outbound';
import type { DeliverySender, DeliveryTarget } from './sender';
import type { PersonReacher } from './proactive-install';
import type { Tally } from './tally';
import type { WorkQueue } from './work-queue';

export interface RunDependencies {
  announcements: AnnouncementRepository;
  deliveries: DeliveryRepository;
  lookups: AudienceLookups;
  sender: DeliverySender;
  /** The tenant's and each conversation's budgets, shared with every other proactive send. */
  outbound: Outbound;
  timings: DeliveryTimings;
  now: () => number;
  instanceId: string;
  logger: Logger;
  cardFor(announcement: Announcement, engagement?: AnnouncementEngagementView): AdaptiveCard;
  /** The announcement's reactions and comments as they stand, so an edit keeps the counts on every copy. */
  engagementOf?(announcement: Announcement): Promise<AnnouncementEngagementView | undefined>;
  random?: () => number;
  /** Installs Commons for people without a personal chat, where the tenant allows it. */
  reacher?: PersonReacher;
  /** Told once an announcement starts going out (it then has a place in the feed). */
  sendingStarted?(announcement: Announcement): Promise<void>;
  /** Analytics: each copy delivered counts toward the announcement's reach. */
  activity?: ActivityRecorder;
}

/** What a run's per-recipient steps share with it: its parts, and what it is sending now. */
export interface RunContext {
  readonly deps: RunDependencies;
  readonly tenantId: string;
  readonly announcementId: string;
  readonly kind: WorkKind;
  readonly recipients: string[];
  readonly lease: LeaseKeeper;
  readonly tally: Tally;
  readonly queue: WorkQueue;
  /** The card and announcement version to send now (edits made during the send move them on). */
  card(): AdaptiveCard;
  version(): number;
  /** Throws Halted once the run has crashed: nothing more may be written. */
  guard(): void;
  /** Throws Halted once the run is stopping: nothing more may be claimed or started. */
  guardStopping(): void;
  /**
   * Makes one Bot Connector call to recipient `seq` once the tenant's rate and the
   * conversation's budget allow (Outbound.send); Halted if the run stopped meanwhile,
   * else what the call returned or a classified DeliveryError.
   */
  call<T>(seq: number, call: (leaving: () => void) => Promise<T>, kind?: OutboundKind, activityId?: string): Promise<T>;
}

export function targetOf(record: DeliveryRecord): DeliveryTarget {
  return { conversationId: record.conversationId, kind: record.kind, serviceUrl: record.serviceUrl, reference: record.reference ?? {} };
}
