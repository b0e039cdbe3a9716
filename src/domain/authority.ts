import type { Announcement } from './announcements';
import { DomainError } from './errors';
import { hasRole, Identity } from './identity';
import { isStandardChannel, MembershipCheck, PlaceFacts } from './visibility';

/**
 * Who may do what beyond seeing: where a person may post, and who controls an
 * announcement. Roles widen what a person may do, never what they may see: an author
 * reaches standard channels from anywhere, but a group chat, a private or a shared
 * channel only if Teams says they are in it.
 */
export interface PostingPlace extends PlaceFacts {
  active: boolean;
}

export async function mayPostInto(identity: Identity, place: PostingPlace, membership: MembershipCheck, here?: string): Promise<boolean> {
  if (!place.active || place.kind === 'personal') return false;
  // Posting in the conversation you are writing from: Teams delivered it, so you are in it.
  if (place.conversationId === here) return true;
  if (place.kind !== 'channel' || !hasRole(identity, 'author')) return false;
  return isStandardChannel(place) || membership.isMember(identity.tenantId, place.conversationId, identity.userId.toLowerCase());
}

/** Pause, resume, cancel, edit and recall: the announcement's author, or an admin (approvers come with the Studio). */
export function assertControlsAnnouncement(identity: Identity, announcement: Pick<Announcement, 'authorId'>): void {
  if (announcement.authorId === identity.userId || identity.roles.includes('admin')) return;
  throw new DomainError('forbidden', 'only its author or an admin can change this announcement', 'error.announcement.notYours');
}
