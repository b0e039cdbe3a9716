import { DomainError } from './errors';
import type { Post } from './posts';

/**
 * Polls: a post (kind "poll") with 2 to 10 options, single or multiple choice, named
 * or anonymous, optionally closing at a set time. A person's vote is their own
 * document (the source of truth, changed under the etag guard), so a vote can change
 * but never counts twice; the tallies move by exactly the change that was stored.
 */
export const POLL_OPTIONS_MIN = 2;
export const POLL_OPTIONS_MAX = 10;
export const POLL_QUESTION_MAX = 300;
export const POLL_OPTION_MAX = 80;

export interface PollOption {
  id: string;
  label: string;
}

export interface PollDetails {
  options: PollOption[];
  multiple: boolean;
  /** Anonymous: nobody sees who voted for what; named: voters are listed in the tab. */
  anonymous: boolean;
  /** Results show on a person's card only once they voted (and to everyone once closed). */
  hideResults?: boolean;
  closesAt?: string;
  /** Set when the author closed it early. */
  closedAt?: string;
}

export type PollPost = Post & { kind: 'poll'; poll: PollDetails };
export const isPoll = (post: Post): post is PollPost => post.kind === 'poll' && (post as PollPost).poll !== undefined;

export interface PollDraft {
  question: string;
  options: string[];
  multiple?: boolean;
  anonymous?: boolean;
  hideResults?: boolean;
  closesAt?: string;
}

export interface PollTally {
  /** Votes per option id. */
  counts: Record<string, number>;
  /** People who voted (a person choosing three options counts once). */
  voters: number;
}

export function validatePoll(draft: PollDraft, now: Date): { question: string; poll: PollDetails } {
  const question = draft.question.replace(/\s+/g, ' ').trim();
  if (!question) throw new DomainError('bad_request', 'no question', 'error.poll.noQuestion');
  if (question.length > POLL_QUESTION_MAX) throw new DomainError('bad_request', `question longer than ${POLL_QUESTION_MAX}`, 'error.poll.tooLong', { max: POLL_QUESTION_MAX });
  const labels = draft.options.map((o) => o.replace(/\s+/g, ' ').trim()).filter(Boolean);
  if (labels.length < POLL_OPTIONS_MIN || labels.length > POLL_OPTIONS_MAX) {
    throw new DomainError('bad_request', `${labels.length} options`, 'error.poll.optionCount', { min: POLL_OPTIONS_MIN, max: POLL_OPTIONS_MAX });
  }
  if (labels.some((l) => l.length > POLL_OPTION_MAX)) throw new DomainError('bad_request', `an option longer than ${POLL_OPTION_MAX}`, 'error.poll.optionTooLong', { max: POLL_OPTION_MAX });
  if (new Set(labels.map((l) => l.toLowerCase())).size !== labels.length) throw new DomainError('bad_request', 'the same option twice', 'error.poll.duplicateOption');
  if (draft.closesAt !== undefined && !(Date.parse(draft.closesAt) > now.getTime())) throw new DomainError('bad_request', 'closes in the past', 'error.poll.closesInPast');
  return {
    question,
    poll: {
      options: labels.map((label, i) => ({ id: String(i + 1), label })),
      multiple: Boolean(draft.multiple),
      anonymous: Boolean(draft.anonymous),
      ...(draft.hideResults && { hideResults: true }),
      ...(draft.closesAt && { closesAt: new Date(draft.closesAt).toISOString() }),
    },
  };
}

/**
 * `poll [multiple] [anonymous] [hidden] <question> | <option> | <option> …`: the words
 * before the question set the kind of poll (`hidden`: results only once you voted).
 */
export function parsePollCommand(text: string): PollDraft {
  const [head = '', ...options] = text.split('|');
  let question = head.trim();
  const flags = { multiple: false, anonymous: false, hideResults: false };
  for (;;) {
    const match = /^(multiple|anonymous|hidden)\b\s*/i.exec(question);
    if (!match) break;
    const word = match[1].toLowerCase();
    flags[word === 'hidden' ? 'hideResults' : (word as 'multiple' | 'anonymous')] = true;
    question = question.slice(match[0].length);
  }
  return { question, options, ...flags };
}

export function isClosed(poll: PollDetails, now: Date): boolean {
  return Boolean(poll.closedAt) || (poll.closesAt !== undefined && Date.parse(poll.closesAt) <= now.getTime());
}

/** The options a person chose, checked: known ids, one unless multiple choice, at least one. */
export function checkedChoices(poll: PollDetails, choices: string[], now: Date): string[] {
  if (isClosed(poll, now)) throw new DomainError('conflict', 'the poll is closed', 'error.poll.closed');
  const chosen = [...new Set(choices.map((c) => c.trim()).filter(Boolean))];
  if (!chosen.length) throw new DomainError('bad_request', 'no option chosen', 'error.poll.noChoice');
  if (chosen.some((c) => !poll.options.some((o) => o.id === c))) throw new DomainError('bad_request', 'no such option', 'error.poll.unknownOption');
  if (!poll.multiple && chosen.length > 1) throw new DomainError('bad_request', 'one option only', 'error.poll.singleChoice');
  return chosen.sort((a, b) => Number(a) - Number(b));
}

/** How the tallies move when a person's vote goes from `before` to `after`. */
export function voteDelta(before: string[] | null, after: string[]): { counts: Record<string, number>; voters: number } {
  const counts: Record<string, number> = {};
  for (const id of before ?? []) counts[id] = (counts[id] ?? 0) - 1;
  for (const id of after) counts[id] = (counts[id] ?? 0) + 1;
  for (const id of Object.keys(counts)) if (counts[id] === 0) delete counts[id];
  return { counts, voters: before ? 0 : 1 };
}

/** Each option's share of the votes, in whole percent. */
export function shares(poll: PollDetails, tally: PollTally): Array<PollOption & { votes: number; percent: number }> {
  const total = poll.options.reduce((sum, o) => sum + (tally.counts[o.id] ?? 0), 0);
  return poll.options.map((o) => {
    const votes = tally.counts[o.id] ?? 0;
    return { ...o, votes, percent: total ? Math.round((votes / total) * 100) : 0 };
  });
}

export function assertMayClosePoll(post: PollPost, userId: string, isModerator: boolean): void {
  if (post.authorId !== userId.toLowerCase() && post.authorId !== userId && !isModerator) throw new DomainError('forbidden', 'only the author closes a poll', 'error.poll.notAuthor');
}
