/**
 * Weeks for Studio's calendar, Monday to Sunday in the viewer's own time zone (the
 * browser's): where a week starts, its seven days, and which day an instant falls on.
 * Days are built with the local calendar (setDate), so a daylight-saving change makes a
 * day 23 or 25 hours long, never moves a post to the wrong day.
 */
export const DAYS_IN_WEEK = 7;

/** Local midnight of the Monday of the week holding `at`. */
export function startOfWeek(at: Date): Date {
  const day = new Date(at.getFullYear(), at.getMonth(), at.getDate());
  const sinceMonday = (day.getDay() + 6) % 7;
  day.setDate(day.getDate() - sinceMonday);
  return day;
}

export function addDays(at: Date, days: number): Date {
  const next = new Date(at.getFullYear(), at.getMonth(), at.getDate());
  next.setDate(next.getDate() + days);
  return next;
}

/** The week's seven local midnights, Monday first. */
export function daysOfWeek(weekStart: Date): Date[] {
  return Array.from({ length: DAYS_IN_WEEK }, (_, i) => addDays(weekStart, i));
}

/** A local calendar day as YYYY-MM-DD (a key, not for display). */
export function dayKey(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** Items grouped by the local day of their instant, each day's in time order. */
export function byDay<T>(items: readonly T[], instantOf: (item: T) => string): Map<string, T[]> {
  const days = new Map<string, T[]>();
  const sorted = [...items].sort((a, b) => Date.parse(instantOf(a)) - Date.parse(instantOf(b)));
  for (const item of sorted) {
    const key = dayKey(new Date(instantOf(item)));
    days.set(key, [...(days.get(key) ?? []), item]);
  }
  return days;
}
