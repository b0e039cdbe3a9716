import { ANALYTICS_MAX_DAYS, AnalyticsScope, DayCounters, periodDays } from '../domain/analytics';
import { SUMMARY_GRACE_MS } from '../store/activity-counters';
import type { HeldNoticeRepository } from '../store/held-notices';

/** The tenant's one held notice of kind "analyticsClose". */
export const ANALYTICS_CLOSE_SUBJECT = 'tenant';
const DAY_MS = 86_400_000;
/** After the grace that late events of the day get, and a minute more. */
const AFTER_MIDNIGHT_MS = SUMMARY_GRACE_MS + 60_000;

/** When the next run falls due: the next UTC midnight past its grace. */
export function nextAnalyticsCloseAt(now: number): number {
  const today = Math.floor(now / DAY_MS) * DAY_MS + AFTER_MIDNIGHT_MS;
  return today > now ? today : today + DAY_MS;
}

/**
 * Makes sure a tenant whose analytics are read has its nightly summarising run held (a
 * held notice: swept by whichever instance runs, one at a time; each run holds the next).
 */
export async function scheduleAnalyticsClose(notices: Pick<HeldNoticeRepository, 'get' | 'hold'>, tenantId: string, now: number): Promise<void> {
  if (await notices.get(tenantId, ANALYTICS_CLOSE_SUBJECT, 'analyticsClose')) return;
  await notices.hold(tenantId, ANALYTICS_CLOSE_SUBJECT, nextAnalyticsCloseAt(now), 'analyticsClose');
}

/**
 * The nightly run: reads the tenant's counters of the longest period a report covers,
 * which sums each day that has closed since into its summary and each closed week into
 * a week summary (the store writes them once: whoever is first wins, late events
 * invalidate them as before). So no reader, not even the first after a week closed,
 * pays for the summing: a report is point reads of stored summaries.
 */
export async function closeAnalyticsDays(
  activity: { days(tenantId: string, scope: AnalyticsScope, days: readonly string[]): Promise<DayCounters[]> },
  tenantId: string,
  now: number,
): Promise<{ retryAt: number }> {
  const yesterday = new Date(now - DAY_MS).toISOString().slice(0, 10);
  const first = new Date(now - ANALYTICS_MAX_DAYS * DAY_MS).toISOString().slice(0, 10);
  await activity.days(tenantId, { kind: 'tenant' }, periodDays(first, yesterday));
  return { retryAt: nextAnalyticsCloseAt(now) };
}
