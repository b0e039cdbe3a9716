import { DomainError } from './errors';
import type { AuditSource } from './audit';
import type { Identity, Role } from './identity';
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

export type ErasureState = 'queued' | 'running' | 'done';

export interface ErasureJob {
  tenantId: string;
  /** The pseudonym's id: the job is found again, and reported on, without naming whom it erased. */
  subject: string;
  /** queued: asked for, not planned yet; running: planned, tasks[cursor..] left; done: the report stands. */
  state: ErasureState;
  /** Whom it erases, kept only until it is done (the background run needs it to plan and apply). */
  userId?: string;
  mode: ErasureMode;
  /** What is left to do is tasks[cursor..]; emptied once done. */
  tasks: ErasureTask[];
  cursor: number;
  counts: Record<ErasureKind, number>;
  startedAt: string;
  completedAt?: string;
  /** How many times the job was started (more than one: it resumed after a failure). */
  runs: number;
  /** A slice was under way when the job was last saved: the next one is a resumption. */
  sliceOpen?: boolean;
  by: string;
  /** Who asked and from where, for the audit entry written when it is done. */
  byRoles: Role[];
  origin: AuditSource;
  audited?: boolean;
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
  /** Has the background runner pick the job up by `at` (src/store/held-notices.ts, kind "erasure"). */
  schedule(tenantId: string, subject: string, at: number): Promise<void>;
  /** Writes the audit entry of a finished erasure. */
  audit(job: ErasureJob, report: ErasureReport): Promise<void>;
}

/** Tasks done between two saves of the job's progress (a crash redoes at most these, harmlessly). */
export const ERASURE_PROGRESS_EVERY = 10;
/** Tasks one background slice does at most (well within the runner's claim), unless configured lower. */
export const ERASURE_TASKS_PER_SLICE = 200;
/** After a slice that failed: the next try waits this long. */
export const ERASURE_RETRY_MS = 5_000;

export const emptyCounts = (): Record<ErasureKind, number> => Object.fromEntries(ERASURE_KINDS.map((kind) => [kind, 0])) as Record<ErasureKind, number>;

export const reportOf = (job: ErasureJob): ErasureReport => ({
  subject: job.subject,
  mode: job.mode,
  counts: job.counts,
  startedAt: job.startedAt,
  ...(job.completedAt && { completedAt: job.completedAt }),
  runs: job.runs,
});

/**
 * Asks for a person's erasure, or finds the one already asked for: a new job is saved
 * as queued and handed to the background runner, so the request answers at once.
 * Unknown people are refused here (404), before anything is stored.
 */
export async function requestErasure(ports: ErasurePorts, actor: Identity, userId: string, origin: AuditSource, now: Date): Promise<{ job: ErasureJob; created: boolean }> {
  const { tenantId } = actor;
  const pseudonym = await ports.pseudonym(tenantId, userId);
  const existing = await ports.job(tenantId, pseudonym.userId);
  if (existing) {
    // One that stopped with nobody to pick it up again (its runner's notice lost) gets one.
    if (existing.state !== 'done') await ports.schedule(tenantId, existing.subject, now.getTime());
    return { job: existing, created: false };
  }
  if (!(await ports.personExists(tenantId, userId))) throw new DomainError('not_found', `no person ${userId} in this tenant`, 'error.person.notFound');
  const job: ErasureJob = {
    tenantId, subject: pseudonym.userId, state: 'queued', userId, mode: await ports.mode(tenantId), tasks: [], cursor: 0, counts: emptyCounts(),
    startedAt: now.toISOString(), runs: 0, by: actor.userId, byRoles: [...actor.roles], origin,
  };
  await ports.saveJob(job);
  await ports.schedule(tenantId, job.subject, now.getTime());
  return { job, created: true };
}
