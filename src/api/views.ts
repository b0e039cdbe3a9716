import type { InstalledConversation } from '../domain/conversations';
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

export function conversationView(conversation: InstalledConversation) {
  return {
    conversationId: conversation.conversationId,
    kind: conversation.kind,
    teamName: conversation.teamName,
    channelName: conversation.channelName,
    active: conversation.active,
    installedAt: conversation.installedAt,
  };
}
