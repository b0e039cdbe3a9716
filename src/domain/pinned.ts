import type { Announcement } from './announcements';

/**
 * Important announcements stay at the top of the feed for their `pinDays` from the
 * moment they start going out. The pinned list of a tenant is short (it only ever holds
 * what is pinned now, at most PINNED_MAX, newest first) and changes only when an
 * important announcement starts, so it is one small document.
 */
export interface PinnedEntry {
  postId: string;
  createdAt: string;
  /** ISO-8601: the pin is gone from this moment. */
  until: string;
}

/** Pinned at once, at most: an eleventh pin pushes out the oldest. */
export const PINNED_MAX = 10;
/** When an important announcement names no number of days. */
export const DEFAULT_PIN_DAYS = 3;
const DAY_MS = 86_400_000;

/** Until when the announcement is pinned, or undefined when it is not important (or not started). */
export function pinnedUntil(announcement: Announcement): string | undefined {
  if (announcement.extras?.importance !== 'important' || !announcement.startedAt) return undefined;
  const days = announcement.extras.pinDays ?? DEFAULT_PIN_DAYS;
  return new Date(Date.parse(announcement.startedAt) + days * DAY_MS).toISOString();
}

/** The entries still pinned at `now`, newest first. */
export function activePins(entries: readonly PinnedEntry[], now: Date): PinnedEntry[] {
  return entries.filter((entry) => Date.parse(entry.until) > now.getTime()).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** The list with `entry` pinned (once), expired pins dropped, at most PINNED_MAX. */
export function withPin(entries: readonly PinnedEntry[], entry: PinnedEntry, now: Date): PinnedEntry[] {
  return activePins([entry, ...entries.filter((e) => e.postId !== entry.postId)], now).slice(0, PINNED_MAX);
}
