import type { ListedConversation } from '../store/conversations';
import type { Person } from '../domain/people';
import type { Post } from '../domain/posts';

/** JSON shapes the tab reads. Internal fields (references, delivery ids) never leave the server. */
export interface PersonView {
  userId: string;
  displayName: string;
  email?: string;
  department?: string;
  jobTitle?: string;
  managerId?: string;
  managerName?: string;
  roles?: string[];
}

export function personView(person: Person, manager: Person | undefined, includeRoles: boolean): PersonView {
  return {
    userId: person.userId,
    displayName: person.displayName,
    email: person.email,
    department: person.department,
    jobTitle: person.jobTitle,
    managerId: person.managerId,
    managerName: manager?.displayName,
    ...(includeRoles && { roles: person.roles }),
  };
}

export function postView(post: Post, author: Person | undefined) {
  return {
    id: post.postId,
    kind: post.kind,
    title: post.title,
    body: post.body,
    imageUrl: post.imageUrl,
    imageAltText: post.imageAltText,
    author: { userId: post.authorId, displayName: author?.displayName ?? 'Former colleague', department: author?.department },
    createdAt: post.createdAt,
    reactionCount: post.reactionCount,
    commentCount: post.commentCount,
    deliveredCount: post.deliveredTo.length,
  };
}

/**
 * Channels and group chats are named by their conversation id (announcements target
 * channels by it); a personal chat by its person only: its id, like every reference,
 * stays on the server.
 */
export function conversationView(conversation: ListedConversation) {
  const common = { kind: conversation.kind, active: conversation.active, installedAt: conversation.installedAt };
  if (conversation.kind === 'personal') return { ...common, userId: conversation.userId };
  return { ...common, conversationId: conversation.conversationId, teamName: conversation.teamName, channelName: conversation.channelName, channelType: conversation.channelType };
}
