import { DomainError } from './errors';
import { GuidelinesPorts, requireGuidelinesAccepted } from './guidelines';
import type { Identity } from './identity';
import { PostAccessPorts, visiblePost } from './post-access';
import { checkedChoices, isClosed, isPoll, PollPost } from './polls';
import type { Post } from './posts';

/**
 * A vote from whichever door (the card's Action.Execute or the tab's vote route): the
 * same gate, the same rules, the same store and the same card refresh, so a vote in
 * the tab moves the bars on every delivered Teams copy exactly as a click does.
 */
export interface PollVotePorts {
  /** The post gate (a poll the caller may not see is "not found"). */
  access: PostAccessPorts;
  guidelines: GuidelinesPorts;
  votes: {
    vote(tenantId: string, postId: string, optionIds: string[], voter: { userId: string; displayName: string; choices: string[] }, now: string): Promise<{ before: string[] | null; after: string[] }>;
  };
  /** Marks every delivered Teams copy of the post for refresh (the bot's CardRefresher). */
  refresh(post: Post): void;
}

/** A poll the caller may see, or "not found" (the same gate as every post). Read fresh: a poll closed elsewhere refuses at once. */
export async function visiblePoll(access: PostAccessPorts, identity: Identity, postId: string): Promise<PollPost> {
  const post = await visiblePost(access, identity, postId);
  if (!isPoll(post)) throw new DomainError('not_found', 'not a poll', 'error.post.notFound');
  return post;
}

/**
 * Stores the caller's choices (option ids): once per person, a change replaces the
 * earlier vote. Order: the gate (404 tells nothing), the guidelines (a vote is a
 * contribution, as a poll is), then the rules — closed, out of range, one only.
 */
export async function voteInPoll(ports: PollVotePorts, identity: Identity & { displayName?: string }, postId: string, choices: string[], now: Date): Promise<{ post: PollPost; before: string[] | null; after: string[] }> {
  const post = await visiblePoll(ports.access, identity, postId);
  await requireGuidelinesAccepted(ports.guidelines, identity, 'poll');
  if (isClosed(post.poll, now)) ports.refresh(post); // copies still showing it open learn it closed
  const chosen = checkedChoices(post.poll, choices, now);
  const voter = { userId: identity.userId, displayName: identity.displayName ?? identity.userId, choices: chosen };
  const { before, after } = await ports.votes.vote(identity.tenantId, postId, post.poll.options.map((o) => o.id), voter, now.toISOString());
  ports.refresh(post);
  return { post, before, after };
}
