import type { AnnouncementEngagementView } from '../cards/announcement';
import type { AdaptiveCard } from '../cards/types';
import type { Announcement } from '../domain/announcements';
import type { RunDependencies } from './run-context';

export interface CurrentAnnouncementOptions {
  deps: Pick<RunDependencies, 'announcements' | 'cardFor' | 'engagementOf' | 'logger' | 'timings'>;
  /** The job the run drives: another job (or none) in the stored announcement stops it. */
  jobId(): number;
  /** False once the run is stopping or crashed: nothing more to look at. */
  active(): boolean;
  /** The send was paused, cancelled or moved on: stop claiming. */
  stop(): void;
}

/**
 * What a run is sending now: the announcement as last read and its card (built once
 * per version). Re-read every `watchMs` (one point read at a time), so a pause, cancel
 * or edit made through any instance reaches this one within that time.
 */
export class CurrentAnnouncement {
  private currentCard?: AdaptiveCard;
  private engagement?: AnnouncementEngagementView;
  private cardVersion = 0;
  private timer?: NodeJS.Timeout;
  private looking = false;

  constructor(
    private announcement: Announcement,
    private readonly options: CurrentAnnouncementOptions,
  ) {}

  get value(): Announcement {
    return this.announcement;
  }

  card(): AdaptiveCard {
    if (this.cardVersion !== this.announcement.version || !this.currentCard) {
      this.currentCard = this.options.deps.cardFor(this.announcement, this.engagement);
      this.cardVersion = this.announcement.version;
    }
    return this.currentCard;
  }

  /**
   * Reads the reactions and comments once as a job opens: an edit's copies carry the
   * counts of that moment (later engagement refreshes them through the card refresher).
   */
  async loadEngagement(): Promise<void> {
    try {
      this.engagement = await this.options.deps.engagementOf?.(this.announcement);
      this.currentCard = undefined;
    } catch (error) {
      this.options.deps.logger.warn({ err: error }, 'sending without the engagement counts');
    }
  }

  version(): number {
    return this.announcement.version;
  }

  /** The announcement as the job opened it. */
  set(announcement: Announcement): void {
    this.announcement = announcement;
  }

  /** Picks up pause, cancel, recall and edits made through the API (here or on another instance). */
  async reload(): Promise<void> {
    if (!this.options.active()) return;
    const { tenantId, announcementId } = this.announcement;
    const current = await this.options.deps.announcements.get(tenantId, announcementId);
    if (!current?.work || current.work.jobId !== this.options.jobId() || current.status === 'paused') {
      this.options.stop();
      return;
    }
    this.announcement = current;
  }

  watch(): void {
    this.timer ??= setInterval(() => this.look(), this.options.deps.timings.watchMs);
  }

  unwatch(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private look(): void {
    if (this.looking) return;
    this.looking = true;
    this.reload()
      .catch((error) => this.options.deps.logger.warn({ err: error }, 'could not re-read a running send'))
      .finally(() => (this.looking = false));
  }
}
