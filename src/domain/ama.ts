import { assertNotArchived, Community, CommunityMembership, hasCommunityRole } from './communities';
import { assertMayPostInCommunity } from './discussions';
import { DomainError } from './errors';
import { hasRole, Identity } from './identity';
import type { Post } from './posts';

/**
 * Ask-me-anything events: a post (kind "ama") filed under a community, its title the
 * post's body. A host (the creator, or a member an owner or moderator names) answers
 * the questions members ask and upvote from its card or the tab, between the start and
 * the end time; at the end it closes on its own and a summary card goes out.
 *
 * Decisions:
 *   - members ask and upvote from the moment it is opened until it ends (questions
 *     gather before the start, as at a town hall); the host answers from the start;
 *   - an upvote is idempotent: a second click changes nothing ("already upvoted");
 *     the tab takes an upvote back explicitly (DELETE), never by a second click on a
 *     shared card that cannot show who clicked;
 *   - an anonymous question is stored with its author; only the host, the community's
 *     moderators, tenant moderators and the author themselves see who asked; every
 *     card in a channel shows "Anonymous".
 */
export const AMA_TITLE_MAX = 200;
export const AMA_QUESTION_MAX = 500;
export const AMA_ANSWER_MAX = 2000;
export const AMA_QUESTIONS_MAX = 500;
/** The longest an event may run (a day of Q&A is already long). */
export const AMA_DURATION_MAX_MS = 7 * 24 * 60 * 60 * 1000;
/** How far ahead an event may be opened. */
export const AMA_LEAD_MAX_MS = 90 * 24 * 60 * 60 * 1000;
/** Questions the card lists, most upvoted first (the summary card lists as many). */
export const AMA_CARD_TOP = 5;

export interface AmaDetails {
  title: string;
  hostId: string;
  hostName: string;
  startsAt: string;
  endsAt: string;
  /** Set once, when it closed (the scheduled close, under the post's etag). */
  closedAt?: string;
  /** The conversations the summary card went to (each once; see src/delivery/ama-close.ts). */
  summarySentTo?: string[];
}

export type AmaPost = Post & { kind: 'ama'; ama: AmaDetails };
export const isAma = (post: Post): post is AmaPost => post.kind === 'ama' && (post as AmaPost).ama !== undefined;

export interface AmaDraft {
  title: string;
  startsAt?: string;
  endsAt: string;
  /** Someone other than the creator hosts it: only an owner or moderator names them. */
  hostId?: string;
}

export interface AmaAnswer {
  text: string;
  answeredAt: string;
  byName: string;
}

export interface AmaQuestion {
  questionId: string;
  text: string;
  authorId: string;
  authorName: string;
  anonymous: boolean;
  createdAt: string;
  answer?: AmaAnswer;
}

/** Upvotes and answers of every question, summed from the tally shards. */
export interface AmaTally {
  votes: Record<string, number>;
  answered: Set<string>;
}

export type AmaPhase = 'upcoming' | 'live' | 'closed';

export function amaPhase(ama: AmaDetails, now: Date): AmaPhase {
  if (ama.closedAt || Date.parse(ama.endsAt) <= now.getTime()) return 'closed';
  return Date.parse(ama.startsAt) > now.getTime() ? 'upcoming' : 'live';
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

export function validateAma(draft: AmaDraft, now: Date): { title: string; startsAt: string; endsAt: string } {
  const title = squash(draft.title);
  if (!title) throw new DomainError('bad_request', 'no title', 'error.ama.noTitle');
  if (title.length > AMA_TITLE_MAX) throw new DomainError('bad_request', `title longer than ${AMA_TITLE_MAX}`, 'error.ama.titleTooLong', { max: AMA_TITLE_MAX });
  const starts = draft.startsAt ? Date.parse(draft.startsAt) : now.getTime();
  const ends = Date.parse(draft.endsAt);
  if (Number.isNaN(starts) || Number.isNaN(ends)) throw new DomainError('bad_request', 'not a time', 'error.ama.badTimes');
  if (ends <= now.getTime()) throw new DomainError('bad_request', 'ends in the past', 'error.ama.endsInPast');
  if (ends <= starts) throw new DomainError('bad_request', 'ends before it starts', 'error.ama.endsBeforeStart');
  if (ends - starts > AMA_DURATION_MAX_MS || starts - now.getTime() > AMA_LEAD_MAX_MS) throw new DomainError('bad_request', 'too long or too far ahead', 'error.ama.tooLong', { days: AMA_DURATION_MAX_MS / 86_400_000 });
  return { title, startsAt: new Date(Math.max(starts, now.getTime() - 60_000)).toISOString(), endsAt: new Date(ends).toISOString() };
}

/**
 * Who may open an event, and who hosts it: a member hosts their own; naming someone
 * else takes an owner or moderator (or a tenant admin), and the host must be a member.
 */
export function assertMayOpenAma(community: Community, identity: Identity, membership: CommunityMembership | undefined, host: CommunityMembership | undefined, hostIsCreator: boolean): void {
  assertMayPostInCommunity(community, membership);
  if (hostIsCreator) return;
  if (!hasCommunityRole(membership, 'moderator') && !hasRole(identity, 'admin')) throw new DomainError('forbidden', 'only owners and moderators name a host', 'error.ama.namesHost');
  if (host?.status !== 'member') throw new DomainError('bad_request', 'the host is not a member', 'error.ama.hostNotMember', { name: community.name });
}

/** Asking and upvoting: members, while it is open (before or during the event). */
export function assertMayTakePart(post: AmaPost, community: Community | undefined, membership: CommunityMembership | undefined, now: Date): void {
  if (amaPhase(post.ama, now) === 'closed') throw new DomainError('conflict', 'the event is over', 'error.ama.closed', { title: post.ama.title });
  if (!community) throw new DomainError('not_found', 'community not found', 'error.community.notFound');
  assertNotArchived(community);
  if (membership?.status !== 'member') throw new DomainError('forbidden', 'members only', 'error.ama.membersOnly', { name: community.name });
}

/** Answering: the host, once the event has started and until it ends. */
export function assertMayAnswer(post: AmaPost, identity: Identity, now: Date): void {
  if (!isHost(post, identity)) throw new DomainError('forbidden', 'the host answers', 'error.ama.notHost', { name: post.ama.hostName });
  const phase = amaPhase(post.ama, now);
  if (phase === 'closed') throw new DomainError('conflict', 'the event is over', 'error.ama.closed', { title: post.ama.title });
  if (phase === 'upcoming') throw new DomainError('conflict', 'not started', 'error.ama.notStarted');
}

export const isHost = (post: AmaPost, identity: Identity) => post.ama.hostId === identity.userId.toLowerCase();

/** Who sees the author of an anonymous question: the host and moderators (never hidden from them), and the author. */
export function seesAuthors(post: AmaPost, identity: Identity, membership?: CommunityMembership): boolean {
  return isHost(post, identity) || hasRole(identity, 'moderator') || hasCommunityRole(membership, 'moderator');
}

export function authorShown(question: AmaQuestion, viewer: { userId?: string; seesAuthors: boolean }, anonymousName: string): string {
  if (!question.anonymous || viewer.seesAuthors || (viewer.userId && viewer.userId.toLowerCase() === question.authorId)) return question.authorName;
  return anonymousName;
}

export function checkedQuestion(text: string): string {
  const question = squash(text);
  if (!question) throw new DomainError('bad_request', 'no question', 'error.ama.noQuestion');
  if (question.length > AMA_QUESTION_MAX) throw new DomainError('bad_request', `longer than ${AMA_QUESTION_MAX}`, 'error.ama.questionTooLong', { max: AMA_QUESTION_MAX });
  return question;
}

export function checkedAnswer(text: string): string {
  const answer = text.replace(/\r\n/g, '\n').trim();
  if (!answer) throw new DomainError('bad_request', 'no answer', 'error.ama.noAnswer');
  if (answer.length > AMA_ANSWER_MAX) throw new DomainError('bad_request', `longer than ${AMA_ANSWER_MAX}`, 'error.ama.answerTooLong', { max: AMA_ANSWER_MAX });
  return answer;
}

/**
 * Question ids sort by when they were asked (a base-36 time, then randomness), so
 * equal votes rank the older question first without reading it.
 */
export function newQuestionId(now: Date, random: string): string {
  return `q${now.getTime().toString(36).padStart(9, '0')}${random.replace(/[^a-z0-9]/gi, '').slice(0, 8).toLowerCase()}`;
}

/** Question ids, most upvoted first; ties: the older first. */
export function ranked(tally: AmaTally): string[] {
  return Object.keys(tally.votes).sort((a, b) => tally.votes[b] - tally.votes[a] || a.localeCompare(b));
}
