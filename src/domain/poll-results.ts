import { isClosed, PollPost, PollTally, shares } from './polls';

/**
 * A poll's results as one reader may see them in the tab: the bars once they voted
 * (or at once, unless the poll hides results until then; everyone once it is closed),
 * their own choices, and for a named poll who chose what. An anonymous poll never
 * names anyone, whoever asks.
 */
export interface PollResults {
  closed: boolean;
  multiple: boolean;
  anonymous: boolean;
  /** False while the poll hides its results from this reader (they have not voted yet). */
  resultsShown: boolean;
  voters: number;
  myChoices: string[];
  options: Array<{ id: string; label: string; votes?: number; percent?: number; voterNames?: string[] }>;
}

export function pollResultsFor(post: PollPost, tally: PollTally, myChoices: string[] | null, voters: Array<{ displayName: string; choices: string[] }> | undefined, now: Date): PollResults {
  const closed = isClosed(post.poll, now);
  const resultsShown = !post.poll.hideResults || closed || Boolean(myChoices?.length);
  const named = !post.poll.anonymous && resultsShown && voters !== undefined;
  return {
    closed,
    multiple: post.poll.multiple,
    anonymous: post.poll.anonymous,
    resultsShown,
    voters: resultsShown ? tally.voters : 0,
    myChoices: myChoices ?? [],
    options: shares(post.poll, tally).map((option) => ({
      id: option.id,
      label: option.label,
      ...(resultsShown && { votes: option.votes, percent: option.percent }),
      ...(named && { voterNames: voters.filter((v) => v.choices.includes(option.id)).map((v) => v.displayName).sort((a, b) => a.localeCompare(b)) }),
    })),
  };
}
