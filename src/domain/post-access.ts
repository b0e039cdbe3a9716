import { DomainError } from './errors';
import type { Identity } from './identity';
import { inAudience } from './announcement-engagement';
import { isKudosRecipient } from './kudos';
import { Post, postVisibility } from './posts';
import { maySee, MembershipCheck, PlaceFacts, Visibility, visibilityKey } from './visibility';

/**
 * The one gate in front of every post: card actions, dialogs, thread replies and API
 * routes all ask it. A post in another tenant, a removed post and a post the caller
 * may not see all give the same "not found", so no answer tells them apart.
 */
export interface PostAccessPorts {
  posts: { get(tenantId: string, postId: string): Promise<Post | undefined> };
  /** Membership as Teams told us; for single-post checks this may ask the roster. */
  membership: MembershipCheck;
  /** A place of the caller's tenant, for posts stored before visibility was (legacyVisibility). */
  place(tenantId: string, conversationId: string): Promise<PlaceFacts | undefined>;
}

export const postNotFound = () => new DomainError('not_found', 'post not found', 'error.post.notFound');

export async function mayReadPost(
  ports: Omit<PostAccessPorts, 'posts'>,
  identity: Identity,
  post: Post,
  sees = (visibility: Visibility) => maySee(ports.membership, identity, visibility),
): Promise<boolean> {
  if (post.tenantId !== identity.tenantId) return false;
  // The author always sees their own post, wherever it went; so do the people a kudos recognises.
  if (post.authorId === identity.userId || isKudosRecipient(post, identity.userId)) return true;
  // An announcement is for its audience, whoever it was delivered through.
  if (post.announcementId) return inAudience(ports, identity, post.audience);
  return sees(await postVisibility(post, (conversationId) => ports.place(identity.tenantId, conversationId)));
}

/** A published post the caller may see, or "not found". `read` may be a cached read (state and visibility rarely change). */
export async function visiblePost(ports: PostAccessPorts, identity: Identity, postId: string, read = ports.posts.get.bind(ports.posts)): Promise<Post> {
  const post = await read(identity.tenantId, postId);
  if (!post || post.state !== 'published' || !(await mayReadPost(ports, identity, post))) throw postNotFound();
  return post;
}

/**
 * For lists (the feed): skips a post without reading it when its list entry already
 * says it is hidden from this reader, and checks the rest once read. `listAuthorId`
 * names the author of every entry (a profile's timeline): an author reading their own
 * list sees everything they wrote, so no entry is skipped unread.
 */
export function readableBy(ports: Omit<PostAccessPorts, 'posts'>, identity: Identity, listAuthorId?: string) {
  const ownList = listAuthorId !== undefined && listAuthorId === identity.userId;
  // One answer per audience for the whole list: a chat with fifty posts is asked about once.
  const answers = new Map<string, Promise<boolean>>();
  const sees = (visibility: Visibility) => {
    const key = visibilityKey(visibility);
    if (!answers.has(key)) answers.set(key, maySee(ports.membership, identity, visibility));
    return answers.get(key)!;
  };
  return async (hint: { visibility?: Visibility }, load: () => Promise<Post | undefined>): Promise<Post | undefined> => {
    if (!ownList && hint.visibility && !(await sees(hint.visibility))) return undefined;
    const post = await load();
    return post && (await mayReadPost(ports, identity, post, sees)) ? post : undefined;
  };
}
