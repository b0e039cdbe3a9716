import { mapBounded } from '../bounded';
import type { FailureReason } from '../domain/announcements';
import type { WeeklyReachReport } from '../domain/digests';
import type { PersonReacher } from './proactive-install';

export type { WeeklyReachReport };

/**
 * The weekly digest for everyone of the tenant's directory, not only people who
 * followed something or installed Commons themselves. Once a week per tenant (held
 * notice kind "weeklyReach", subject WEEKLY_REACH_SUBJECT) the run walks the directory:
 * a person who turned the weekly digest off is counted "off"; a person with a personal
 * chat gets their weekly digest scheduled (its send goes through the outbound budgets,
 * and a quiet week sends nothing: content is decided per person when it goes); a
 * person without one is reached as an announcement to everyone reaches them —
 * proactive installation when the tenant allows it (at INSTALL_CONCURRENCY, Graph
 * throttles installs per tenant) — or counted unreachable with the reason. The counts
 * are stored for the admins: nobody is left out silently.
 */
export const WEEKLY_REACH_SUBJECT = 'tenant';
const CHECK_CONCURRENCY = 16;
const INSTALL_CONCURRENCY = 4;

export interface WeeklyReachPorts {
  activePeople(tenantId: string): Promise<string[]>;
  weeklyOn(tenantId: string, userId: string): Promise<boolean>;
  isScheduled(tenantId: string, userId: string): Promise<boolean>;
  /** Whether the person has a personal chat with Commons: yes, never, or one they removed. */
  personalChat(tenantId: string, userId: string): Promise<'active' | 'none' | 'uninstalled'>;
  /** Proactive installation (the delivery engine's); absent when not wired. */
  reacher?: PersonReacher;
  schedule(tenantId: string, userId: string): Promise<void>;
  saveReport(tenantId: string, report: WeeklyReachReport): Promise<void>;
}

export async function runWeeklyReach(ports: WeeklyReachPorts, tenantId: string, now: Date): Promise<WeeklyReachReport> {
  const report: WeeklyReachReport = { at: now.toISOString(), people: 0, off: 0, scheduled: 0, newlyScheduled: 0, installed: 0, unreachable: {} };
  const unreachable = (reason: FailureReason | 'uninstalled') => (report.unreachable[reason] = (report.unreachable[reason] ?? 0) + 1);
  const people = await ports.activePeople(tenantId);
  report.people = people.length;
  const toReach: string[] = [];
  const scheduleOne = async (userId: string) => {
    report.scheduled += 1;
    if (await ports.isScheduled(tenantId, userId)) return;
    await ports.schedule(tenantId, userId);
    report.newlyScheduled += 1;
  };
  await mapBounded(people, CHECK_CONCURRENCY, async (userId) => {
    if (!(await ports.weeklyOn(tenantId, userId))) return void (report.off += 1);
    const chat = await ports.personalChat(tenantId, userId);
    if (chat === 'active') return scheduleOne(userId);
    // A person who removed Commons said no to it: never reinstalled behind their back.
    if (chat === 'uninstalled') return void unreachable('uninstalled');
    toReach.push(userId);
  });
  await mapBounded(toReach, INSTALL_CONCURRENCY, async (userId) => {
    const reached = ports.reacher ? await ports.reacher.reach(tenantId, userId) : { reason: 'not_installed' as const };
    if ('reason' in reached) return void unreachable(reached.reason);
    report.installed += 1;
    await scheduleOne(userId);
  });
  await ports.saveReport(tenantId, report);
  return report;
}
