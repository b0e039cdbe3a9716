import { randomUUID } from 'crypto';
import type { Delivery, Post } from './posts';
import type { Identity } from './identity';
import { assertMaySendKudos, isKudos, joinedKudos, KudosDetails, KudosDraft, KudosPerson, KudosPost, KudosSettings, PRIVATE_KUDOS_VISIBILITY, validateKudosDraft } from './kudos';
import { isoWeek } from './kudos-periods';
import type { Person } from './people';
import { composePost } from './posts';
import type { Visibility } from './visibility';
import { DomainError } from './errors';
import { kudosJoinNoticeTargets, KudosNoticeTarget, kudosNoticeTargets } from './kudos-notices';

/** What sending and joining kudos need from storage; src/store provides each piece. */
export interface KudosPorts {
  kudos: {
    settings(tenantId: string): Promise<KudosSettings>;
    reserveAllowance(tenantId: string, senderId: string, week: string, limit: number): Promise<number>;
    refundAllowance(tenantId: string, senderId: string, week: string): Promise<void>;
    allowanceUsed(tenantId: string, senderId: string, week: string): Promise<number>;
    record(post: KudosPost, repairing?: boolean): Promise<void>;
    recordJoin(post: KudosPost, joiner: KudosPerson, at: string): Promise<void>;
  };
  people: {
    get(tenantId: string, userId: string): Promise<Person | undefined>;
    reports: { of(tenantId: string, managerId: string): Promise<string[]> };
  };
  posts: {
    create(post: KudosPost): Promise<void>;
    update(tenantId: string, postId: string, change: (post: KudosPost) => KudosPost | undefined): Promise<KudosPost | undefined>;
    get(tenantId: string, postId: string): Promise<KudosPost | undefined>;
  };
  /** Queues a personal-chat notice for one person (batched with their others). */
  notices: { tell(tenantId: string, target: KudosNoticeTarget, now: Date): Promise<void> };
  /**
   * A note, kept while a kudos is being recorded, that any instance acts on once
   * `dueAt` has passed (completeKudosRecord): a process that dies between the writes
   * leaves it behind, and its kudos is counted all the same.
   */
  recording: { begin(tenantId: string, postId: string, dueAt: number): Promise<void>; end(tenantId: string, postId: string): Promise<void> };
}

/** How long a kudos being recorded is left to its own process before another completes it. */
export const KUDOS_RECORD_GRACE_MS = 60_000;

export type Sender = Identity & { displayName: string };

/** A checked kudos, ready to preview or send. */
export interface PreparedKudos {
  recipients: KudosPerson[];
  badge: KudosDetails['badge'];
  message: string;
  private: boolean;
  /** Left this week before sending it; null: no limit. */
  allowanceLeft: number | null;
}

/**
 * Checks everything a send would check, storing nothing: who may send, the draft, and
 * that the allowance is not used up (the send itself takes from it under a guard).
 */
export async function prepareKudos(ports: KudosPorts, sender: Identity, draft: KudosDraft, now: Date): Promise<PreparedKudos> {
  const settings = await ports.kudos.settings(sender.tenantId);
  const hasDirectReports = (await ports.people.reports.of(sender.tenantId, sender.userId)).length > 0;
  assertMaySendKudos(sender, { hasDirectReports }, settings);
  const checked = await validateKudosDraft(draft, sender, settings, (userId) => ports.people.get(sender.tenantId, userId));
  let allowanceLeft: number | null = null;
  if (settings.weeklyAllowance !== null) {
    allowanceLeft = settings.weeklyAllowance - (await ports.kudos.allowanceUsed(sender.tenantId, sender.userId, isoWeek(now)));
    if (allowanceLeft <= 0) throw new DomainError('rate_limited', 'weekly kudos allowance used', 'error.kudos.allowanceUsed', { limit: settings.weeklyAllowance });
  }
  return { ...checked, private: Boolean(draft.private), allowanceLeft };
}

export interface KudosDestination {
  /** Who may see it, from where it goes (never from the sender's input); private kudos ignore it. */
  visibility: Visibility;
  /** Posts the card; the copies Teams accepted. Throwing leaves nothing stored and the allowance untouched. */
  deliver(post: KudosPost): Promise<Delivery[]>;
}

/**
 * Sends kudos: checks, takes one from the weekly allowance (exactly once under
 * concurrency), delivers the card, then stores the kudos with its walls and
 * leaderboards. If delivery fails the allowance is given back.
 */
export async function sendKudos(ports: KudosPorts, sender: Sender, draft: KudosDraft, destination: KudosDestination, now: Date, extra: Pick<KudosDetails, 'quote'> = {}): Promise<{ post: KudosPost; allowanceLeft: number | null }> {
  const prepared = await prepareKudos(ports, sender, draft, now);
  const settings = await ports.kudos.settings(sender.tenantId);
  const week = isoWeek(now);
  const limit = settings.weeklyAllowance;
  const allowanceLeft = limit === null ? null : await ports.kudos.reserveAllowance(sender.tenantId, sender.userId, week, limit);
  const visibility = prepared.private ? PRIVATE_KUDOS_VISIBILITY : destination.visibility;
  const base = composePost({ kind: 'kudos', body: prepared.message, audience: {}, visibility }, sender, randomUUID(), now);
  const post: KudosPost = { ...base, kind: 'kudos', kudos: { badge: prepared.badge, recipients: prepared.recipients, joiners: [], private: prepared.private, ...(extra.quote && { quote: extra.quote }) } };
  try {
    post.deliveredTo = await destination.deliver(post);
  } catch (error) {
    if (limit !== null) await ports.kudos.refundAllowance(sender.tenantId, sender.userId, week).catch(() => undefined);
    throw error;
  }
  // Write order: the note, the post, then what it adds (walls, leaderboards, counts,
  // notices). Each of those may be done again without counting twice.
  await ports.recording.begin(post.tenantId, post.postId, now.getTime() + KUDOS_RECORD_GRACE_MS);
  await ports.posts.create(post);
  await ports.kudos.record(post);
  await tellAboutKudos(ports, post, settings, now);
  await ports.recording.end(post.tenantId, post.postId);
  return { post, allowanceLeft };
}

/** Completes the recording of a kudos whose process died part-way (a no-op when it had finished, or never stored its post). */
export async function completeKudosRecord(ports: KudosPorts, tenantId: string, postId: string, now: Date): Promise<void> {
  const post = await ports.posts.get(tenantId, postId);
  if (!post) return;
  await ports.kudos.record(post, true);
  await tellAboutKudos(ports, post, await ports.kudos.settings(tenantId), now);
}

/** Recipients hear about it in their personal chat, and their managers when the tenant says so. */
async function tellAboutKudos(ports: KudosPorts, post: KudosPost, settings: KudosSettings, now: Date): Promise<void> {
  await tell(ports, post.tenantId, kudosNoticeTargets(post, settings), now);
}

async function tell(ports: KudosPorts, tenantId: string, targets: KudosNoticeTarget[], now: Date): Promise<void> {
  // The kudos (or join) is stored: a notice that cannot be queued must not undo that.
  await Promise.all(targets.map((target) => ports.notices.tell(tenantId, target, now).catch(() => undefined)));
}

/** "Add your kudos": joins once, and the recipients hear of it with their other kudos; a second click changes nothing. */
export async function joinKudos(ports: KudosPorts, joiner: Sender, post: Post, now: Date): Promise<{ post: KudosPost; joined: boolean }> {
  if (!isKudos(post)) throw new DomainError('bad_request', 'not a kudos');
  const person = await ports.people.get(joiner.tenantId, joiner.userId);
  const me: KudosPerson = { userId: joiner.userId.toLowerCase(), displayName: person?.displayName ?? joiner.displayName, department: person?.department, managerId: person?.managerId };
  joinedKudos(post, me); // refuses the sender and the recipients before anything is written
  const withTime = { ...me, joinedAt: now.toISOString() };
  let joined = false;
  const updated = await ports.posts.update(joiner.tenantId, post.postId, (current) => {
    const next = isKudos(current) ? joinedKudos(current, withTime) : undefined;
    joined = next !== undefined;
    return next && { ...current, kudos: next, updatedAt: now.toISOString() };
  });
  if (!updated) throw new DomainError('not_found', 'post not found', 'error.post.notFound');
  if (joined) {
    await ports.kudos.recordJoin(updated, me, now.toISOString());
    await tell(ports, joiner.tenantId, kudosJoinNoticeTargets(updated, me, now.toISOString()), now);
  }
  return { post: updated, joined };
}
