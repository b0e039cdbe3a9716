import { DomainError } from './errors';
import type { Identity } from './identity';
import type { Post } from './posts';
import type { ErasureMode, Pseudonym } from './privacy';

/**
 * Erasing a person (issue 17, item 6), an admin's act. It runs as a job whose document
 * records the plan (every piece of the person's data, found once, up front) and how far
 * it got: a rerun after a crash continues where the last one stopped, and a rerun after
 * it finished answers the same report. Every step is safe to repeat: deletes ignore what
 * is gone, anonymising writes the same pseudonym, and every denormalised count is
 * recounted from the per-person documents that remain, never decremented.
 */
export const ERASURE_KINDS = [
  'posts',
  'announcements',
  'comments',
  'amaQuestions',
  'reactions',
  'pollVotes',
  'amaUpvotes',
  'acknowledgements',
  'kudosReceived',
  'kudosJoined',
  'kudosRecords',
  'reports',
  'drafts',
  'memberships',
  'conversationMemberships',
  'chatReferences',
  'cardViewers',
  'deliveryRecords',
  'profile',
] as const;
export type ErasureKind = (typeof ERASURE_KINDS)[number];

/** One piece of work: where (a post, an announcement, a community, a document) and how many items it covers. */
export interface ErasureTask {
  kind: ErasureKind;
  /** The post, announcement, community, reported item or document it is about. */
  ref: string;
  /** A second key where one is needed (a question's id, a document's partition). */
  sub?: string;
  n: number;
}

export interface ErasureReport {
  /** The pseudonym the person's remaining traces carry (never their id). */
  subject: string;
  mode: ErasureMode;
  counts: Record<ErasureKind, number>;
  startedAt: string;
  completedAt?: string;
  /** How many times the job was started (more than one: it resumed after a failure). */
  runs: number;
}

export interface ErasureJob {
  tenantId: string;
  /** The pseudonym's id: the job is found again without storing whom it erased. */
  subject: string;
  state: 'running' | 'done';
  mode: ErasureMode;
  /** What is left to do is tasks[cursor..]; emptied once done. */
  tasks: ErasureTask[];
  cursor: number;
  counts: Record<ErasureKind, number>;
  startedAt: string;
  completedAt?: string;
  runs: number;
  by: string;
}

export interface ErasureContext {
  tenantId: string;
  userId: string;
  pseudonym: Pseudonym;
  mode: ErasureMode;
}

export interface ErasurePorts {
  pseudonym(tenantId: string, userId: string): Promise<Pseudonym>;
  mode(tenantId: string): Promise<ErasureMode>;
  personExists(tenantId: string, userId: string): Promise<boolean>;
  job(tenantId: string, subject: string): Promise<ErasureJob | undefined>;
  saveJob(job: ErasureJob): Promise<void>;
  /** Finds every piece of the person's data (the rare path: queries are fine here). */
  plan(tenantId: string, userId: string): Promise<ErasureTask[]>;
  /** Does one task; a post whose cards should show the change, if any. */
  apply(task: ErasureTask, context: ErasureContext): Promise<Post | undefined>;
}

/** Tasks done between two saves of the job's progress (a crash redoes at most these, harmlessly). */
export const ERASURE_PROGRESS_EVERY = 10;

export const emptyCounts = (): Record<ErasureKind, number> => Object.fromEntries(ERASURE_KINDS.map((kind) => [kind, 0])) as Record<ErasureKind, number>;

const reportOf = (job: ErasureJob): ErasureReport => ({
  subject: job.subject,
  mode: job.mode,
  counts: job.counts,
  startedAt: job.startedAt,
  ...(job.completedAt && { completedAt: job.completedAt }),
  runs: job.runs,
});

/**
 * Erases a person, or continues an erasure that stopped, or answers the report of one
 * that finished. `changed` hears of each post whose Teams cards should be refreshed.
 */
export async function erasePerson(
  ports: ErasurePorts,
  actor: Identity,
  userId: string,
  now: () => Date,
  changed: (post: Post) => void = () => undefined,
): Promise<{ report: ErasureReport; resumed: boolean; alreadyDone: boolean }> {
  const { tenantId } = actor;
  const pseudonym = await ports.pseudonym(tenantId, userId);
  let job = await ports.job(tenantId, pseudonym.userId);
  if (job?.state === 'done') return { report: reportOf(job), resumed: false, alreadyDone: true };
  const resumed = Boolean(job);
  if (!job) {
    if (!(await ports.personExists(tenantId, userId))) throw new DomainError('not_found', `no person ${userId} in this tenant`, 'error.person.notFound');
    const mode = await ports.mode(tenantId);
    const tasks = await ports.plan(tenantId, userId);
    const counts = emptyCounts();
    for (const task of tasks) counts[task.kind] += task.n;
    job = { tenantId, subject: pseudonym.userId, state: 'running', mode, tasks, cursor: 0, counts, startedAt: now().toISOString(), runs: 0, by: actor.userId };
  }
  job = { ...job, runs: job.runs + 1 };
  await ports.saveJob(job);
  const context: ErasureContext = { tenantId, userId, pseudonym, mode: job.mode };
  while (job.cursor < job.tasks.length) {
    const post = await ports.apply(job.tasks[job.cursor], context);
    if (post) changed(post);
    job = { ...job, cursor: job.cursor + 1 };
    if (job.cursor % ERASURE_PROGRESS_EVERY === 0) await ports.saveJob(job);
  }
  job = { ...job, state: 'done', tasks: [], cursor: 0, completedAt: now().toISOString() };
  await ports.saveJob(job);
  return { report: reportOf(job), resumed, alreadyDone: false };
}
