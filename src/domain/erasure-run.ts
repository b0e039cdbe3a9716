import type { ErasureContext, ErasureJob, ErasurePorts } from './erasure';
import { emptyCounts, ERASURE_PROGRESS_EVERY, ERASURE_RETRY_MS, ERASURE_TASKS_PER_SLICE, reportOf } from './erasure';
import type { Post } from './posts';

export interface ErasureSliceOptions {
  now: () => Date;
  /** Hears of each post whose Teams cards should be refreshed. */
  changed?: (post: Post) => void;
  tasksPerSlice?: number;
  /** Hears of a slice that failed (it is tried again). */
  failed?: (error: unknown) => void;
}

/**
 * One slice of an erasure in the background (the held-notice runner calls it until it
 * answers no retry): plans a queued job, does up to `tasksPerSlice` tasks, and finishes
 * it: report, audit entry, the person's id dropped from the job. Progress is saved every
 * few tasks, so a process that dies part way leaves a job the next slice continues
 * (every task is safe to repeat); a slice that fails saves where it got and asks to be
 * tried again shortly. A job saved with a slice open was interrupted: the next slice
 * counts as another run in the report.
 */
export async function runErasureSlice(ports: ErasurePorts, tenantId: string, subject: string, options: ErasureSliceOptions): Promise<{ retryAt?: number }> {
  const { now } = options;
  let job = await ports.job(tenantId, subject);
  if (!job) return {};
  if (job.state === 'done') {
    if (!job.audited) await finish(ports, job);
    return {};
  }
  const userId = job.userId;
  if (!userId) throw new Error(`runErasureSlice(): job ${subject} has no person to erase`);
  job = { ...job, runs: job.sliceOpen || job.runs === 0 ? job.runs + 1 : job.runs, sliceOpen: true };
  try {
    if (job.state === 'queued') {
      const tasks = await ports.plan(tenantId, userId);
      const counts = emptyCounts();
      for (const task of tasks) counts[task.kind] += task.n;
      job = { ...job, state: 'running', tasks, counts, cursor: 0 };
    }
    await ports.saveJob(job);
    const context: ErasureContext = { tenantId, userId, pseudonym: await ports.pseudonym(tenantId, userId), mode: job.mode };
    const until = job.cursor + (options.tasksPerSlice ?? ERASURE_TASKS_PER_SLICE);
    while (job.cursor < job.tasks.length && job.cursor < until) {
      const post = await ports.apply(job.tasks[job.cursor], context);
      if (post) options.changed?.(post);
      job = { ...job, cursor: job.cursor + 1 };
      if (job.cursor % ERASURE_PROGRESS_EVERY === 0) await ports.saveJob(job);
    }
  } catch (error) {
    // Where it got is kept (the slice stays open: the next one is a resumption).
    options.failed?.(error);
    await ports.saveJob(job).catch(() => undefined);
    return { retryAt: now().getTime() + ERASURE_RETRY_MS };
  }
  if (job.cursor < job.tasks.length) {
    await ports.saveJob({ ...job, sliceOpen: false });
    return { retryAt: now().getTime() };
  }
  const { userId: _erased, ...rest } = job;
  const done: ErasureJob = { ...rest, state: 'done', tasks: [], cursor: 0, sliceOpen: false, completedAt: now().toISOString(), audited: false };
  await ports.saveJob(done);
  await finish(ports, done);
  return {};
}

/** The audit entry, then the mark that it was written: a crash in between writes it again (under the job's key: still one entry) rather than never. */
async function finish(ports: ErasurePorts, job: ErasureJob): Promise<void> {
  await ports.audit(job, reportOf(job));
  await ports.saveJob({ ...job, audited: true });
}
