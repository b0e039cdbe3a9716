import type { Audience } from './audience';

/** Old names, for branches written before src/domain/audience.ts: use Audience and AUDIENCE_LIST_MAX from there. */
export type AnnouncementAudience = Audience;
export { AUDIENCE_LIST_MAX } from './audience';
import { DomainError } from './errors';
import type { PostExtras } from './studio';

/**
 * Announcements: content sent by an author to an audience at a due time, and the
 * rules for what may happen to one in each state. Pure: no HTTP, no Teams, no store.
 */
export const ANNOUNCEMENT_TITLE_MAX = 200;
export const ANNOUNCEMENT_BODY_MAX = 4000;

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
  audience: Audience;
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
  /** When a reminder last went to those who had not acknowledged (src/domain/reminders.ts). */
  remindedAt?: string;
  /** On a reminder: the announcement it reminds of (its card acknowledges that one). */
  remindsOf?: string;
}

export const DELIVERY_STATES = ['pending', 'sending', 'sent', 'retrying', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** Why a delivery failed for good; shown in reports and the CSV. */
export type FailureReason =
  | 'not_installed'
  // Proactive installation was tried and Teams refused it (see delivery/proactive-install.ts).
  | 'blocked'
  | 'no_license'
  | 'deleted'
  | 'install_failed'
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

// ---- Transitions --------------------------------------------------------------------
// Every change of an announcement's state is one function here: the API applies them
// under _etag (a function may run again on a fresh copy), the delivery engine moves
// sending → completed and runs the follow-up work they ask for.

export type NewAnnouncement = Pick<Announcement, 'tenantId' | 'announcementId' | 'authorId' | 'title' | 'body' | 'extras' | 'draftId' | 'audience' | 'timeZone' | 'remindsOf'>;

/** A new announcement, waiting for its due time (already resolved from the author's schedule). */
export function newAnnouncement(input: NewAnnouncement, dueAt: string, now: string): Announcement {
  return { ...input, scheduledAt: dueAt, status: 'scheduled', version: 1, work: { kind: 'deliver', jobId: 1, dueAt }, createdAt: now, updatedAt: now };
}

/** The author's controls, by the name of their API route. */
export const ANNOUNCEMENT_CONTROLS = {
  pause(a: Announcement): Announcement {
    assertCanPause(a);
    // The job id is kept: resuming continues from the checkpoint instead of starting over.
    return { ...a, status: 'paused', work: undefined, lastJobId: a.work?.jobId ?? a.lastJobId };
  },
  resume(a: Announcement, at: string): Announcement {
    assertCanResume(a);
    const jobId = a.lastJobId ?? 1;
    if (!a.startedAt) {
      const dueAt = a.scheduledAt > at ? a.scheduledAt : at;
      return { ...a, status: 'scheduled', work: { kind: 'deliver', jobId, dueAt } };
    }
    return { ...a, status: 'sending', work: { kind: 'deliver', jobId, dueAt: at } };
  },
  cancel(a: Announcement): Announcement {
    assertCanCancel(a);
    return { ...a, status: 'cancelled', work: undefined, lastJobId: a.work?.jobId ?? a.lastJobId, completedAt: a.completedAt };
  },
  recall(a: Announcement, at: string): Announcement {
    assertCanRecall(a);
    // A send still going stops (the run sees its job replaced) before the recall pass begins.
    const status = a.status === 'sending' || a.status === 'paused' ? 'cancelled' : a.status;
    return { ...a, status, work: nextWork(a, 'recall', at) };
  },
} as const;

export type AnnouncementControl = keyof typeof ANNOUNCEMENT_CONTROLS;

export interface AnnouncementEdit {
  title?: string;
  body?: string;
  audience?: Audience;
  timeZone?: string;
  /** The resolved due time, when the edit moves the schedule. */
  dueAt?: string;
}

/** Audience and schedule are fixed once sending has started; checked before the audience is looked up. */
export function assertEditFits(a: Announcement, edit: { audience?: unknown; scheduledAt?: unknown; timeZone?: unknown }): void {
  if (a.status !== 'scheduled' && (edit.audience || edit.scheduledAt || edit.timeZone)) {
    throw conflict('audience and schedule cannot change once sending has started');
  }
}

/**
 * An edit. Not sent yet: only what will be sent and when changes. Sent: the version
 * moves on and copies already delivered get the new text (during a send, the run
 * does that when it finishes).
 */
export function editAnnouncement(a: Announcement, edit: AnnouncementEdit, at: string): Announcement {
  assertCanEdit(a);
  const next: Announcement = { ...a, title: edit.title ?? a.title, body: edit.body ?? a.body, updatedAt: at };
  if (a.status === 'scheduled') {
    if (edit.audience) next.audience = edit.audience;
    if (edit.dueAt) next.scheduledAt = edit.dueAt;
    if (edit.timeZone) next.timeZone = edit.timeZone;
    if (edit.dueAt && a.work) next.work = { ...a.work, dueAt: edit.dueAt };
    return next;
  }
  assertEditFits(a, { audience: edit.audience, scheduledAt: edit.dueAt, timeZone: edit.timeZone });
  next.version = a.version + 1;
  if (!a.work && a.startedAt && a.status !== 'paused') next.work = nextWork(a, 'update', at);
  return next;
}
