import { randomUUID } from 'crypto';
import {
  assertIsOwner,
  assertKeepsAnOwner,
  assertMayKnow,
  assertMayModerate,
  assertMayRead,
  assertNotArchived,
  Community,
  CommunityMembership,
  CommunityRole,
  joinOutcome,
  mayKnow,
  NewCommunity,
  validateNewCommunity,
} from './communities';
import { DomainError } from './errors';
import type { Identity } from './identity';

/**
 * What people do with communities: create, join, leave, request and approve, invite,
 * change roles, archive. Each checks the rules in communities.ts with the caller's
 * identity, then asks the store; storage comes in as ports.
 */
export interface CommunityPorts {
  communities: {
    get(tenantId: string, communityId: string): Promise<Community | undefined>;
    membership(tenantId: string, communityId: string, userId: string): Promise<CommunityMembership | undefined>;
    create(community: Community, owner: CommunityMembership): Promise<void>;
    addMembership(tenantId: string, membership: CommunityMembership): Promise<boolean>;
    approve(tenantId: string, communityId: string, userId: string, at: string): Promise<CommunityMembership | undefined>;
    removeMembership(tenantId: string, communityId: string, userId: string): Promise<CommunityMembership | undefined>;
    setRole(tenantId: string, communityId: string, userId: string, role: CommunityRole): Promise<CommunityMembership | undefined>;
    archive(tenantId: string, communityId: string, at: string): Promise<Community | undefined>;
  };
  /** The person's name in the tenant's directory, when they are in it. */
  personName(tenantId: string, userId: string): Promise<string | undefined>;
}

export type Caller = Identity & { displayName: string };

/** The community and the caller's standing in it: two point reads. */
export async function communityFor(ports: CommunityPorts, identity: Identity, communityId: string) {
  const [community, membership] = await Promise.all([
    ports.communities.get(identity.tenantId, communityId),
    ports.communities.membership(identity.tenantId, communityId, identity.userId),
  ]);
  return { community, membership };
}

/** A community the caller may read the content of (feed, members), or "not found". */
export async function readableCommunity(ports: CommunityPorts, identity: Identity, communityId: string) {
  const { community, membership } = await communityFor(ports, identity, communityId);
  return { community: assertMayRead(community, identity, membership), membership };
}

/** A community the caller may know of (its about), or "not found". */
export async function knownCommunity(ports: CommunityPorts, identity: Identity, communityId: string) {
  const { community, membership } = await communityFor(ports, identity, communityId);
  return { community: assertMayKnow(community, identity, membership), membership };
}

export async function createCommunity(ports: CommunityPorts, caller: Caller, input: NewCommunity, now: Date): Promise<{ community: Community; membership: CommunityMembership }> {
  const checked = validateNewCommunity(input);
  const at = now.toISOString();
  const community: Community = {
    tenantId: caller.tenantId, communityId: randomUUID(), ...checked, archived: false, memberCount: 0, ownerCount: 0,
    linkedChannels: [], createdBy: caller.userId.toLowerCase(), createdAt: at, lastActivityAt: at,
  };
  const owner: CommunityMembership = { communityId: community.communityId, userId: caller.userId.toLowerCase(), displayName: caller.displayName, status: 'member', role: 'owner', since: at };
  await ports.communities.create(community, owner);
  return { community: { ...community, memberCount: 1, ownerCount: 1 }, membership: owner };
}

/** Joins an open community, asks to join a closed one; a secret one is not found. Joining twice changes nothing. */
export async function joinCommunity(ports: CommunityPorts, caller: Caller, communityId: string, now: Date) {
  const { community, membership } = await communityFor(ports, caller, communityId);
  if (!community) throw new DomainError('not_found', 'community not found', 'error.community.notFound');
  const outcome = joinOutcome(community, caller, membership);
  if (outcome === 'already') return { community, membership: membership!, changed: false };
  const next: CommunityMembership = { communityId, userId: caller.userId.toLowerCase(), displayName: caller.displayName, status: outcome, role: 'member', since: now.toISOString() };
  const changed = await ports.communities.addMembership(caller.tenantId, next);
  return { community, membership: changed ? next : (await ports.communities.membership(caller.tenantId, communityId, caller.userId))!, changed };
}

/** Leaves (or withdraws a request). The last owner must hand over first. */
export async function leaveCommunity(ports: CommunityPorts, identity: Identity, communityId: string): Promise<void> {
  const { community, membership } = await knownCommunity(ports, identity, communityId);
  if (!membership) throw new DomainError('conflict', 'not a member', 'error.community.notMember');
  assertKeepsAnOwner(membership, community.ownerCount);
  await ports.communities.removeMembership(identity.tenantId, communityId, identity.userId);
}

/** An owner or moderator approves a request; approving twice counts once. */
export async function approveRequest(ports: CommunityPorts, identity: Identity, communityId: string, userId: string, now: Date): Promise<CommunityMembership> {
  const { community, membership } = await communityFor(ports, identity, communityId);
  assertMayModerate(assertMayKnow(community, identity, membership), identity, membership);
  assertNotArchived(community!);
  const approved = await ports.communities.approve(identity.tenantId, communityId, userId.toLowerCase(), now.toISOString());
  if (approved) return approved;
  const current = await ports.communities.membership(identity.tenantId, communityId, userId);
  if (current?.status === 'member') return current;
  throw new DomainError('not_found', 'no such request', 'error.community.noRequest');
}

export async function declineRequest(ports: CommunityPorts, identity: Identity, communityId: string, userId: string): Promise<void> {
  const { community, membership } = await communityFor(ports, identity, communityId);
  assertMayModerate(assertMayKnow(community, identity, membership), identity, membership);
  const current = await ports.communities.membership(identity.tenantId, communityId, userId);
  if (current?.status !== 'requested') throw new DomainError('not_found', 'no such request', 'error.community.noRequest');
  await ports.communities.removeMembership(identity.tenantId, communityId, userId);
}

/** Owners and moderators add people of their tenant directly: how a secret community grows. */
export async function addMember(ports: CommunityPorts, identity: Identity, communityId: string, userId: string, now: Date): Promise<CommunityMembership> {
  const { community, membership } = await communityFor(ports, identity, communityId);
  assertMayModerate(assertMayKnow(community, identity, membership), identity, membership);
  assertNotArchived(community!);
  const id = userId.toLowerCase();
  const displayName = await ports.personName(identity.tenantId, id);
  if (!displayName) throw new DomainError('bad_request', 'not in the directory', 'error.community.unknownPerson');
  const existing = await ports.communities.membership(identity.tenantId, communityId, id);
  if (existing?.status === 'requested') return (await ports.communities.approve(identity.tenantId, communityId, id, now.toISOString())) ?? existing;
  if (existing) return existing;
  const added: CommunityMembership = { communityId, userId: id, displayName, status: 'member', role: 'member', since: now.toISOString() };
  await ports.communities.addMembership(identity.tenantId, added);
  return (await ports.communities.membership(identity.tenantId, communityId, id)) ?? added;
}

/** Owners and moderators remove members; only owners remove owners or moderators. */
export async function removeMember(ports: CommunityPorts, identity: Identity, communityId: string, userId: string): Promise<void> {
  const { community, membership } = await communityFor(ports, identity, communityId);
  assertMayModerate(assertMayKnow(community, identity, membership), identity, membership);
  const target = await ports.communities.membership(identity.tenantId, communityId, userId);
  if (!target || target.status !== 'member') throw new DomainError('not_found', 'not a member', 'error.community.notMember');
  if (target.role !== 'member') assertIsOwner(community!, identity, membership);
  assertKeepsAnOwner(target, community!.ownerCount);
  await ports.communities.removeMembership(identity.tenantId, communityId, userId);
}

export async function changeRole(ports: CommunityPorts, identity: Identity, communityId: string, userId: string, role: CommunityRole): Promise<CommunityMembership> {
  const { community, membership } = await communityFor(ports, identity, communityId);
  assertIsOwner(assertMayKnow(community, identity, membership), identity, membership);
  const target = await ports.communities.membership(identity.tenantId, communityId, userId);
  if (!target || target.status !== 'member') throw new DomainError('not_found', 'not a member', 'error.community.notMember');
  assertKeepsAnOwner(target, community!.ownerCount, role);
  return (await ports.communities.setRole(identity.tenantId, communityId, userId, role)) ?? target;
}

export async function archiveCommunity(ports: CommunityPorts, identity: Identity, communityId: string, now: Date): Promise<Community> {
  const { community, membership } = await communityFor(ports, identity, communityId);
  assertIsOwner(assertMayKnow(community, identity, membership), identity, membership);
  assertNotArchived(community!);
  return (await ports.communities.archive(identity.tenantId, communityId, now.toISOString())) ?? community!;
}

/** For lists: whether a listed community shows to this caller at all (secret ones only to members). */
export const listedFor = (identity: Identity, community: Community, membership?: CommunityMembership) => mayKnow(community, identity, membership);
