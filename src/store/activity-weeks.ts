import type { DayCounters } from '../domain/analytics';
import { tenantKey } from './containers';
import type { StoredDocument } from './documents';

/**
 * Week summaries of the analytics counters: the seven day sums of a closed UTC week
 * (Monday to Sunday) in one document, so a 90-day report is ~14 point reads plus the
 * days of the open week, where it was ~90 day summaries (a new instance has none of
 * them in memory).
 *
 * A week keeps each day as it was summed, people lists included: the report counts
 * distinct people over any period and per day from those lists (their markers made
 * each person once a day), so a week summary is exact by construction, for any period
 * that starts or ends inside it.
 *
 * Why weeks and not months: Azure caps an item at 2 MB, and a large tenant's day is
 * ~100 KB of people entries (2,000 active people); a month would be ~3 MB. A week over
 * WEEK_SUMMARY_MAX_CHARS is stored as a marker without days and its days are read one by one.
 */
export const WEEK_SUMMARY_MAX_CHARS = 1_500_000;
export const WEEK_DAYS = 7;
const DAY_MS = 86_400_000;

export type WeekDocument = StoredDocument & {
  type: 'activityWeek';
  tenantId: string;
  scope: string;
  week: string;
  /** The week's days, Monday first; null when they did not fit (read the days). */
  days: DayCounters[] | null;
};

export const weekId = (tenantId: string, scope: string, monday: string) => tenantKey(tenantId, 'analytics', scope, 'week', monday);

/** The Monday (UTC) of a day's week. */
export function weekOf(day: string): string {
  const ms = Date.parse(`${day}T00:00:00.000Z`);
  const sinceMonday = (new Date(ms).getUTCDay() + 6) % 7;
  return new Date(ms - sinceMonday * DAY_MS).toISOString().slice(0, 10);
}

export const weekDays = (monday: string): string[] => Array.from({ length: WEEK_DAYS }, (_, i) => new Date(Date.parse(`${monday}T00:00:00.000Z`) + i * DAY_MS).toISOString().slice(0, 10));

/** Whether a period of `days` days starting `first` ended more than `graceMs` before `now`. */
export const periodClosed = (first: string, days: number, graceMs: number, now: number) => Date.parse(`${first}T00:00:00.000Z`) + days * DAY_MS + graceMs <= now;

/** The week document to store: with its days, or without when they are too large for one item. */
export function weekDocument(tenantId: string, scope: string, monday: string, days: DayCounters[]): WeekDocument {
  const id = weekId(tenantId, scope, monday);
  const document: WeekDocument = { id, pk: id, type: 'activityWeek', tenantId, scope, week: monday, days };
  return JSON.stringify(days).length > WEEK_SUMMARY_MAX_CHARS ? { ...document, days: null } : document;
}
