import { DomainError } from './errors';
import { hasRole, Identity } from './identity';

/**
 * Communities: groups anyone can find (open), ask to join (closed) or be invited to
 * (secret), each speaking through Teams channels linked to it. Pure rules; storage
 * comes in through the repository (src/store/communities.ts).
 *
 * Visibility, decided here and nowhere else:
 *   - open: everyone in the tenant reads everything;
 *   - closed: everyone sees the "about" (name, description, member count) so they can
 *     ask to join; only members read its feed, members and requests;
 *   - secret: only members know it exists; to anyone else it is "not found", and it
 *     never appears in discovery or search.
 */
export const PRIVACIES = ['open', 'closed', 'secret'] as const;
export type Privacy = (typeof PRIVACIES)[number];
export const COMMUNITY_ROLES = ['owner', 'moderator', 'member'] as const;
export type CommunityRole = (typeof COMMUNITY_ROLES)[number];

export const COMMUNITY_NAME_MAX = 80;
export const COMMUNITY_DESCRIPTION_MAX = 1000;
/** Fluent's named colours the cover may use (the tab and cards map them to hex). */
export const COVER_COLOURS = ['blue', 'teal', 'green', 'purple', 'pink', 'red', 'orange', 'yellow', 'grey'] as const;
export type CoverColour = (typeof COVER_COLOURS)[number];
export const LINKED_CHANNELS_MAX = 10;

export interface Community {
  tenantId: string;
  communityId: string;
  name: string;
  description: string;
  emoji: string;
  colour: CoverColour;
  privacy: Privacy;
  archived: boolean;
  memberCount: number;
  /** Owners among the members: the last one cannot leave or step down. */
  ownerCount: number;
  /** Teams channels (conversation ids) where Commons posts this community's discussions. */
  linkedChannels: string[];
  createdBy: string;
  createdAt: string;
  lastActivityAt: string;
}

/** A person's standing in one community: a member with a role, or a pending request. */
export interface CommunityMembership {
  communityId: string;
  userId: string;
  displayName: string;
  status: 'member' | 'requested';
  role: CommunityRole;
  since: string;
}

export interface NewCommunity {
  name: string;
  description?: string;
  emoji?: string;
  colour?: CoverColour;
  privacy: Privacy;
}

export const DEFAULT_COVER = { emoji: '💬', colour: 'blue' as CoverColour };

/** Names compare without case, accents or repeated spaces: "Running  club" is "running club". */
export function nameKey(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

export function validateNewCommunity(input: NewCommunity): Required<NewCommunity> {
  const name = input.name.replace(/\s+/g, ' ').trim();
  if (!name) throw new DomainError('bad_request', 'a community needs a name', 'error.community.noName');
  if (name.length > COMMUNITY_NAME_MAX) throw new DomainError('bad_request', `name longer than ${COMMUNITY_NAME_MAX}`, 'error.community.nameTooLong', { max: COMMUNITY_NAME_MAX });
  const description = (input.description ?? '').replace(/\r\n/g, '\n').trim();
  if (description.length > COMMUNITY_DESCRIPTION_MAX) throw new DomainError('bad_request', `description longer than ${COMMUNITY_DESCRIPTION_MAX}`);
  if (!PRIVACIES.includes(input.privacy)) throw new DomainError('bad_request', `privacy is one of ${PRIVACIES.join(', ')}`);
  const emoji = (input.emoji ?? DEFAULT_COVER.emoji).trim();
  if (!emoji || [...emoji].length > 8 || /[<>\[\]()\w]/.test(emoji)) throw new DomainError('bad_request', 'emoji: one emoji');
  const colour = input.colour ?? DEFAULT_COVER.colour;
  if (!COVER_COLOURS.includes(colour)) throw new DomainError('bad_request', `colour is one of ${COVER_COLOURS.join(', ')}`);
  return { name, description, emoji, colour, privacy: input.privacy };
}

export const communityNotFound = () => new DomainError('not_found', 'community not found', 'error.community.notFound');

const isMember = (membership?: CommunityMembership) => membership?.status === 'member';
const roleRank: Record<CommunityRole, number> = { member: 0, moderator: 1, owner: 2 };

/** Whether the caller may know the community exists (its "about"). */
export function mayKnow(community: Community, identity: Identity, membership?: CommunityMembership): boolean {
  if (community.tenantId !== identity.tenantId) return false;
  return community.privacy !== 'secret' || isMember(membership);
}

/** Whether the caller may read its content: feed, members, discussions. */
export function mayRead(community: Community, identity: Identity, membership?: CommunityMembership): boolean {
  if (community.tenantId !== identity.tenantId) return false;
  return community.privacy === 'open' || isMember(membership);
}

export function assertMayKnow(community: Community | undefined, identity: Identity, membership?: CommunityMembership): Community {
  if (!community || !mayKnow(community, identity, membership)) throw communityNotFound();
  return community;
}

/** Content of a community the caller may not read is answered as if it did not exist. */
export function assertMayRead(community: Community | undefined, identity: Identity, membership?: CommunityMembership): Community {
  if (!community || !mayRead(community, identity, membership)) throw communityNotFound();
  return community;
}

export function hasCommunityRole(membership: CommunityMembership | undefined, role: CommunityRole): boolean {
  return isMember(membership) && roleRank[membership!.role] >= roleRank[role];
}

/** Owners and moderators run a community (approve, invite, remove); a tenant admin may too. */
export function assertMayModerate(community: Community, identity: Identity, membership?: CommunityMembership): void {
  assertMayKnow(community, identity, membership);
  if (!hasCommunityRole(membership, 'moderator') && !hasRole(identity, 'admin')) {
    throw new DomainError('forbidden', 'owners and moderators only', 'error.community.notModerator');
  }
}

/** Owners alone change roles, link channels and archive (or a tenant admin). */
export function assertIsOwner(community: Community, identity: Identity, membership?: CommunityMembership): void {
  assertMayKnow(community, identity, membership);
  if (!hasCommunityRole(membership, 'owner') && !hasRole(identity, 'admin')) {
    throw new DomainError('forbidden', 'owners only', 'error.community.notOwner');
  }
}

export function assertNotArchived(community: Community): void {
  if (community.archived) throw new DomainError('conflict', 'archived', 'error.community.archived');
}

/**
 * What joining does: an open community takes you in, a closed one records your request
 * for an owner to approve, a secret one is invitation only (and does not exist for you).
 */
export function joinOutcome(community: Community, identity: Identity, membership?: CommunityMembership): 'member' | 'requested' | 'already' {
  if (!mayKnow(community, identity, membership)) throw communityNotFound();
  assertNotArchived(community);
  if (membership) return 'already';
  return community.privacy === 'open' ? 'member' : 'requested';
}

/** The last owner cannot leave or step down: someone must be able to run it. */
export function assertKeepsAnOwner(membership: CommunityMembership, ownerCount: number, nextRole?: CommunityRole): void {
  if (membership.status === 'member' && membership.role === 'owner' && nextRole !== 'owner' && ownerCount <= 1) {
    throw new DomainError('conflict', 'the last owner', 'error.community.lastOwner');
  }
}

/** How the caller stands, for views: none, requested, or their role. */
export function standingOf(membership?: CommunityMembership): 'none' | 'requested' | CommunityRole {
  if (!membership) return 'none';
  return membership.status === 'requested' ? 'requested' : membership.role;
}
