/**
 * Leaderboard periods, in UTC: ISO weeks (Monday first; the week belongs to the year
 * of its Thursday), calendar months and quarters. Keys sort in time order within a kind.
 */
export const PERIOD_KINDS = ['week', 'month', 'quarter'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export function isoWeek(date: Date): string {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday); // the Thursday of this week
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export function periodKey(kind: PeriodKind, date: Date): string {
  if (kind === 'week') return isoWeek(date);
  const year = date.getUTCFullYear();
  if (kind === 'month') return `${year}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
  return `${year}-Q${Math.floor(date.getUTCMonth() / 3) + 1}`;
}

/** The keys of every period a moment falls in. */
export function periodsOf(date: Date): Array<{ kind: PeriodKind; key: string }> {
  return PERIOD_KINDS.map((kind) => ({ kind, key: periodKey(kind, date) }));
}

const PERIOD_PATTERNS: Record<PeriodKind, RegExp> = { week: /^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, month: /^\d{4}-(0[1-9]|1[0-2])$/, quarter: /^\d{4}-Q[1-4]$/ };

export function isPeriodKey(kind: PeriodKind, key: string): boolean {
  return PERIOD_PATTERNS[kind].test(key);
}

/** The UTC day a moment falls on (wall buckets). */
export const dayOf = (date: Date) => date.toISOString().slice(0, 10);
