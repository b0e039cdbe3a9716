import { assertMayRead, Community, CommunityMembership } from './communities';
import { DomainError } from './errors';
import type { Identity } from './identity';
import { postNotFound } from './post-access';
import type { Post } from './posts';

/**
 * Following: a person follows a community, a thread (one post and its replies) or
 * another person, and hears about new activity there in a personal-chat digest, never
 * a message per event. Pure rules; storage comes in through ports (src/store/follows.ts).
 *
 * The rule: you may only follow what you may see. A secret community you are not in,
 * a closed one whose feed you cannot read, a post hidden from you and a person outside
 * your tenant's directory are all "not found", exactly like things that do not exist.
 */
export const FOLLOW_KINDS = ['person', 'community', 'thread'] as const;
export type FollowKind = (typeof FOLLOW_KINDS)[number];

/** Follows one person may hold: the "my follows" document is one point read, so it stays bounded. */
export const FOLLOWS_MAX = 500;
export const FOLLOW_NAME_MAX = 120;

export interface FollowTarget {
  kind: FollowKind;
  id: string;
}

export interface Follow extends FollowTarget {
  /** What the tab shows (the community's, thread's or person's name when followed). */
  name: string;
  since: string;
}

export const followKey = (target: FollowTarget) => `${target.kind}:${target.id.toLowerCase()}`;

/** What following needs to know about the target, as the follower sees it. */
export interface FollowPorts {
  community(tenantId: string, communityId: string, userId: string): Promise<{ community?: Community; membership?: CommunityMembership }>;
  /** A published post the caller may read, or "not found" (src/domain/post-access.ts). */
  visiblePost(identity: Identity, postId: string): Promise<Post>;
  personName(tenantId: string, userId: string): Promise<string | undefined>;
}

const clip = (text: string) => (text.length > FOLLOW_NAME_MAX ? `${text.slice(0, FOLLOW_NAME_MAX - 1)}…` : text);

/** A thread's name: its title, or the start of its text. */
export const threadName = (post: Pick<Post, 'title' | 'body'>) => clip((post.title || post.body).replace(/\s+/g, ' ').trim());

/**
 * Checks that the caller may follow the target and gives its name. Not found for
 * anything the caller may not see; you cannot follow yourself.
 */
export async function followableTarget(ports: FollowPorts, identity: Identity, target: FollowTarget): Promise<{ name: string }> {
  if (target.kind === 'community') {
    const { community, membership } = await ports.community(identity.tenantId, target.id, identity.userId);
    return { name: clip(assertMayRead(community, identity, membership).name) };
  }
  if (target.kind === 'thread') {
    const post = await ports.visiblePost(identity, target.id).catch((error) => {
      if (error instanceof DomainError && error.code === 'not_found') throw postNotFound();
      throw error;
    });
    return { name: threadName(post) };
  }
  if (target.id.toLowerCase() === identity.userId.toLowerCase()) throw new DomainError('bad_request', 'you cannot follow yourself', 'error.follow.self');
  const name = await ports.personName(identity.tenantId, target.id.toLowerCase());
  if (!name) throw new DomainError('not_found', 'person not found', 'error.follow.personNotFound');
  return { name: clip(name) };
}

export const tooManyFollows = () => new DomainError('conflict', `at most ${FOLLOWS_MAX} follows`, 'error.follow.tooMany', { max: FOLLOWS_MAX });

/** The next list after following: the same list when already followed (idempotent), an error at the cap. */
export function withFollow(current: Follow[], follow: Follow): Follow[] | undefined {
  const key = followKey(follow);
  if (current.some((f) => followKey(f) === key)) return undefined;
  if (current.length >= FOLLOWS_MAX) throw tooManyFollows();
  return [...current, follow];
}

export function withoutFollow(current: Follow[], target: FollowTarget): Follow[] | undefined {
  const key = followKey(target);
  return current.some((f) => followKey(f) === key) ? current.filter((f) => followKey(f) !== key) : undefined;
}
