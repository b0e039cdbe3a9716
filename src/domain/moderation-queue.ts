import { DomainError } from './errors';
import type { Post } from './posts';
import type { ReportTarget } from './reports';

/**
 * The moderation queue's decisions (issue 17, item 4, first slice): on a reported post
 * or comment, approve (it stays, or comes back if reports hid it), hide (pending
 * more review) or remove (every card says it was removed); on a held submission,
 * approve (published as its author wrote it) or remove (never published). A decided
 * item leaves the open queue. `warn` tells the author of a reported item, in personal
 * chat, that it was reported and why, and decides nothing: the item stays queued.
 */
export const MODERATION_ACTIONS = ['approve', 'hide', 'remove', 'warn'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];
/** Items one bulk decision may name. */
export const MODERATION_BULK_MAX = 50;

export type QueueItem = { cause: 'reported'; target: ReportTarget } | { cause: 'held'; heldId: string };

/** The queue's item key back into what it names (the inverse of itemKey and `held:<id>`). */
export function parseItemKey(key: string): QueueItem | undefined {
  const parts = key.split(':');
  if (parts[0] === 'post' && parts.length === 2 && parts[1]) return { cause: 'reported', target: { postId: parts[1] } };
  if (parts[0] === 'comment' && parts.length === 3 && parts[1] && parts[2]) return { cause: 'reported', target: { postId: parts[1], commentId: parts[2] } };
  if (parts[0] === 'held' && parts.length === 2 && parts[1]) return { cause: 'held', heldId: parts[1] };
  return undefined;
}

/** The post after a moderator's decision, or undefined when it is already so. */
export function decidedPost(post: Post, action: ModerationAction, now: Date): Post | undefined {
  if (action === 'warn') return undefined;
  const next: Post['state'] = action === 'approve' ? (post.state === 'hidden' ? 'published' : post.state) : action === 'hide' ? (post.state === 'published' ? 'hidden' : post.state) : 'removed';
  if (next === post.state) return undefined;
  return { ...post, state: next, ...(action === 'remove' && { removedByModerator: true }), updatedAt: now.toISOString() };
}

/** Held items are approved (published) or removed; hiding has no meaning for what was never shown. */
export function assertHeldAction(action: ModerationAction): void {
  if (action === 'hide' || action === 'warn') throw new DomainError('bad_request', 'held items are approved or removed', 'error.moderation.heldAction');
}
