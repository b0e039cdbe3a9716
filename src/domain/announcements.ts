import { DomainError } from './errors';
import type { PostExtras } from './studio';

/**
 * Announcements: content sent by an author to an audience at a due time, and the
 * rules for what may happen to one in each state. Pure: no HTTP, no Teams, no store.
 */
export const ANNOUNCEMENT_TITLE_MAX = 200;
export const ANNOUNCEMENT_BODY_MAX = 4000;
/** A cap on explicit targets in one request; "everyone" is the way to reach more. */
export const AUDIENCE_LIST_MAX = 1000;

/**
 * Who an announcement reaches. Channels are conversation ids of channels where
 * Commons is installed; communities reach their linked channels (once communities
 * exist); people are Entra object ids reached in their personal chat with Commons;
 * everyone is every personal chat of the tenant.
 */
export interface AnnouncementAudience {
  channels?: string[];
  communities?: string[];
  people?: string[];
  everyone?: boolean;
}

/** Where one recipient came from, kept on its delivery for reports. */
export type RecipientSource = 'channel' | 'community' | 'person' | 'everyone';

/**
 * scheduled → sending ⇄ paused → completed; cancelled from any of the first three;
 * recalled after copies exist. Edits and recalls after sending run as follow-up work.
 */
export type AnnouncementStatus = 'scheduled' | 'sending' | 'paused' | 'completed' | 'cancelled' | 'recalled';

/** What the delivery engine has to do next for an announcement. */
export type WorkKind = 'deliver' | 'update' | 'recall';

export interface Announcement {
  tenantId: string;
  announcementId: string;
  authorId: string;
  title: string;
  body: string;
  /** Image, buttons, importance, acknowledgement, kind: what Studio adds to the card. */
  extras?: PostExtras;
  /** The Studio draft it came from, if any. */
  draftId?: string;
  audience: AnnouncementAudience;
  /** UTC, ISO-8601. */
  scheduledAt: string;
  /** The IANA zone the author scheduled in, for showing the time back to them. */
  timeZone?: string;
  status: AnnouncementStatus;
  /** Content version: 1 at creation, +1 per edit. Delivered copies remember theirs. */
  version: number;
  /** Pending engine work, or undefined when there is nothing to do. */
  work?: { kind: WorkKind; jobId: number; dueAt: string };
  /** The id of the last job, kept when work is cleared so ids never repeat. */
  lastJobId?: number;
  /** Set once the audience has been resolved into the stored recipient list. */
  recipientCount?: number;
  createdAt: string;
  updatedAt: string;
  startedAt?: string;
  completedAt?: string;
}

export const DELIVERY_STATES = ['pending', 'sending', 'sent', 'retrying', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** Why a delivery failed for good; shown in reports and the CSV. */
export type FailureReason =
  | 'not_installed'
  | 'forbidden'
  | 'not_found'
  | 'gave_up'
  | 'rejected';

// ---- Scheduling -----------------------------------------------------------------

function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The offset (ms) of a zone from UTC at one instant, from Intl's wall-clock parts. */
function zoneOffsetMs(timeZone: string, instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/i;

export interface ResolvedSchedule {
  /** UTC ISO-8601. */
  dueAt: string;
  /** Set when the requested time had passed: the announcement is sent now. */
  sentNowBecausePast: boolean;
}

/**
 * Turns the author's input into a UTC due time. A time with an offset ("Z",
 * "+02:00") is absolute; a local time ("2026-03-29T09:00") is read in `timeZone`
 * (UTC without one). No lead time is required: absent or past means "now".
 */
export function resolveSchedule(scheduledAt: string | undefined, timeZone: string | undefined, now: Date): ResolvedSchedule {
  if (timeZone !== undefined && !isValidTimeZone(timeZone)) {
    throw new DomainError('bad_request', `timeZone: "${timeZone}" is not an IANA time zone such as Europe/Paris`);
  }
  if (scheduledAt === undefined) return { dueAt: now.toISOString(), sentNowBecausePast: false };
  let instant: number;
  const local = LOCAL_DATE_TIME.exec(scheduledAt);
  if (local) {
    const [, y, mo, d, h, mi, s, ms] = local;
    const wall = Date.UTC(+y, +mo - 1, +d, +h, +mi, s ? +s : 0, ms ? +ms.padEnd(3, '0') : 0);
    const zone = timeZone ?? 'UTC';
    // Two passes settle the offset across a daylight-saving change.
    const first = wall - zoneOffsetMs(zone, wall);
    instant = wall - zoneOffsetMs(zone, first);
    if (new Date(wall).getUTCMonth() !== +mo - 1 || new Date(wall).getUTCDate() !== +d) instant = NaN;
  } else if (WITH_OFFSET.test(scheduledAt)) {
    instant = Date.parse(scheduledAt);
  } else {
    instant = NaN;
  }
  if (!Number.isFinite(instant)) {
    throw new DomainError('bad_request', `scheduledAt: "${scheduledAt.slice(0, 40)}" is not an ISO-8601 date and time`);
  }
  if (instant <= now.getTime()) return { dueAt: now.toISOString(), sentNowBecausePast: true };
  return { dueAt: new Date(instant).toISOString(), sentNowBecausePast: false };
}

// ---- Audience ---------------------------------------------------------------------

export function isEmptyAudience(audience: AnnouncementAudience): boolean {
  return !audience.everyone && !audience.channels?.length && !audience.communities?.length && !audience.people?.length;
}

// ---- State rules ------------------------------------------------------------------

const conflict = (detail: string) => new DomainError('conflict', detail, 'error.announcement.conflict', { detail });

export function assertCanPause(a: Announcement): void {
  if (a.status !== 'sending' && a.status !== 'scheduled') throw conflict(`cannot pause an announcement that is ${a.status}`);
}

export function assertCanResume(a: Announcement): void {
  if (a.status !== 'paused') throw conflict(`cannot resume an announcement that is ${a.status}`);
}

export function assertCanCancel(a: Announcement): void {
  if (a.status === 'completed' || a.status === 'cancelled' || a.status === 'recalled') {
    throw conflict(`cannot cancel an announcement that is ${a.status}`);
  }
}

export function assertCanRecall(a: Announcement): void {
  if (a.status === 'recalled') throw conflict('the announcement is already recalled');
  if (a.status === 'scheduled' || (a.status === 'cancelled' && !a.startedAt)) {
    throw conflict('nothing has been delivered yet: cancel it instead');
  }
}

export function assertCanEdit(a: Announcement): void {
  if (a.status === 'recalled') throw conflict('a recalled announcement cannot be edited');
  if (a.work?.kind === 'recall') throw conflict('the announcement is being recalled');
}

/** Next job id: every change of work gets a new one so checkpoints of old work are ignored. */
export function nextWork(a: Announcement, kind: WorkKind, dueAt: string): NonNullable<Announcement['work']> {
  return { kind, jobId: (a.work?.jobId ?? a.lastJobId ?? 0) + 1, dueAt };
}
