import type { Container } from '@azure/cosmos';
import { Community, CommunityMembership, CommunityRole, mayRead, nameKey } from '../domain/communities';
import { DomainError } from '../domain/errors';
import { tenantKey } from './containers';
import { isCosmosError } from './cosmos';
import { patchOrCreate, readDocument, StoredDocument, updateDocument } from './documents';
import { CommunityDirectory } from './community-directory';
import { CommunityMembers } from './community-members';
import { CommunityChannels } from './community-channels';

/**
 * Communities, in the `communities` container, one document a logical partition
 * (pk = id), read by point reads only:
 *   - tenantId|community|communityId: the community, its member and owner counts
 *     (moved by patch `incr`, so fifty joins at once count fifty);
 *   - tenantId|name|<name key>: the claim on a name, created once (409: taken);
 *   - tenantId|membership|communityId|userId: one person's standing, the access check;
 *   - tenantId|mine|userId: the communities of one person ("my communities");
 *   - member shards and the directory (community-members.ts, community-directory.ts).
 */
type CommunityDocument = StoredDocument & { type: 'community' } & Community;
type NameDocument = StoredDocument & { type: 'communityName'; communityId: string };
type MembershipDocument = StoredDocument & { type: 'communityMembership' } & CommunityMembership;
export interface MyCommunity {
  communityId: string;
  status: CommunityMembership['status'];
  role: CommunityRole;
}
type MineDocument = StoredDocument & { type: 'myCommunities'; userId: string; entries: MyCommunity[] };

const communityId = (tenantId: string, id: string) => tenantKey(tenantId, 'community', id);
const membershipId = (tenantId: string, id: string, userId: string) => tenantKey(tenantId, 'membership', id, userId.toLowerCase());
const mineId = (tenantId: string, userId: string) => tenantKey(tenantId, 'mine', userId.toLowerCase());
/** The domain object inside a stored document: without its keys and Cosmos' own fields. */
function strip(document: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(document).filter(([key]) => !key.startsWith('_') && key !== 'id' && key !== 'pk' && key !== 'type'));
}

export class CommunityRepository {
  readonly directory: CommunityDirectory;
  readonly members: CommunityMembers;
  readonly channels: CommunityChannels;

  constructor(private readonly container: Container) {
    this.directory = new CommunityDirectory(container);
    this.members = new CommunityMembers(container);
    this.channels = new CommunityChannels(container);
  }

  /** Whether a person may read what is filed under the community (the visibility port). */
  async readableBy(tenantId: string, id: string, userId: string): Promise<boolean> {
    const [community, membership] = await Promise.all([this.get(tenantId, id), this.membership(tenantId, id, userId)]);
    return Boolean(community) && mayRead(community!, { tenantId, userId, roles: [] }, membership);
  }

  async get(tenantId: string, id: string): Promise<Community | undefined> {
    const key = communityId(tenantId, id);
    const document = await readDocument<CommunityDocument>(this.container, key, key);
    return document ? (strip(document) as unknown as Community) : undefined;
  }

  async membership(tenantId: string, id: string, userId: string): Promise<CommunityMembership | undefined> {
    const key = membershipId(tenantId, id, userId);
    const document = await readDocument<MembershipDocument>(this.container, key, key);
    return document ? (strip(document) as unknown as CommunityMembership) : undefined;
  }

  /** The community's name is claimed first: of two creations with one name, one gets it. */
  async create(community: Community, owner: CommunityMembership): Promise<void> {
    const { tenantId } = community;
    const claim = tenantKey(tenantId, 'name', nameKey(community.name));
    try {
      await this.container.items.create<NameDocument>({ id: claim, pk: claim, tenantId, type: 'communityName', communityId: community.communityId });
    } catch (error) {
      if (isCosmosError(error, 409)) throw new DomainError('conflict', 'name taken', 'error.community.nameTaken', { name: community.name });
      throw error;
    }
    const key = communityId(tenantId, community.communityId);
    await this.container.items.create<CommunityDocument>({ id: key, pk: key, type: 'community', ...community });
    await this.addMember(tenantId, owner);
    await this.directory.append(community);
  }

  /**
   * Records a membership or a request once: the create is the guard (409: already
   * there), and only a new member moves the count. Returns whether it was new.
   */
  async addMembership(tenantId: string, membership: CommunityMembership): Promise<boolean> {
    const key = membershipId(tenantId, membership.communityId, membership.userId);
    try {
      await this.container.items.create<MembershipDocument>({ id: key, pk: key, tenantId, type: 'communityMembership', ...membership });
    } catch (error) {
      if (isCosmosError(error, 409)) return false;
      throw error;
    }
    if (membership.status === 'member') await this.counted(tenantId, membership, 1);
    else await this.members.request(tenantId, membership);
    await this.remember(tenantId, membership);
    return true;
  }

  private async addMember(tenantId: string, membership: CommunityMembership): Promise<void> {
    if (!(await this.addMembership(tenantId, membership))) throw new Error(`addMember(): ${membership.userId} is already in ${membership.communityId}`);
  }

  /** A request turns into a membership once, whoever approves it how many times. */
  async approve(tenantId: string, id: string, userId: string, at: string): Promise<CommunityMembership | undefined> {
    const key = membershipId(tenantId, id, userId);
    let approved: CommunityMembership | undefined;
    await updateDocument<MembershipDocument>(this.container, key, key, (current) => {
      approved = undefined; // a retry after a conflict decides afresh
      if (current?.status !== 'requested') return undefined;
      approved = { ...(strip(current) as unknown as CommunityMembership), status: 'member', role: 'member', since: at };
      return { ...current, status: 'member', role: 'member', since: at };
    });
    if (!approved) return undefined;
    await this.members.unrequest(tenantId, id, userId);
    await this.counted(tenantId, approved, 1);
    await this.remember(tenantId, approved);
    return approved;
  }

  /** Leaving, being removed, or a declined request. Returns what was there. */
  async removeMembership(tenantId: string, id: string, userId: string): Promise<CommunityMembership | undefined> {
    const key = membershipId(tenantId, id, userId);
    const current = await readDocument<MembershipDocument>(this.container, key, key);
    if (!current) return undefined;
    try {
      await this.container.item(key, key).delete({ accessCondition: { type: 'IfMatch', condition: current._etag! } });
    } catch (error) {
      if (isCosmosError(error, 404)) return undefined; // someone removed it first
      if (isCosmosError(error, 412)) return this.removeMembership(tenantId, id, userId);
      throw error;
    }
    const removed = strip(current) as unknown as CommunityMembership;
    if (removed.status === 'member') await this.counted(tenantId, removed, -1);
    else await this.members.unrequest(tenantId, id, userId);
    await this.forget(tenantId, id, userId);
    return removed;
  }

  async setRole(tenantId: string, id: string, userId: string, role: CommunityRole): Promise<CommunityMembership | undefined> {
    const key = membershipId(tenantId, id, userId);
    let before: CommunityRole | undefined;
    const stored = await updateDocument<MembershipDocument>(this.container, key, key, (current) => {
      before = undefined;
      if (current?.status !== 'member') return undefined;
      before = current.role;
      return current.role === role ? undefined : { ...current, role };
    });
    if (!stored || stored.status !== 'member') return undefined;
    if (before && before !== role) {
      const ownerDelta = (role === 'owner' ? 1 : 0) - (before === 'owner' ? 1 : 0);
      if (ownerDelta) await this.patch(tenantId, id, [{ op: 'incr', path: '/ownerCount', value: ownerDelta }]);
      await this.members.setRole(tenantId, id, userId, role);
      await this.remember(tenantId, strip(stored) as unknown as CommunityMembership);
    }
    return strip(stored) as unknown as CommunityMembership;
  }

  async archive(tenantId: string, id: string, at: string): Promise<Community | undefined> {
    await this.patch(tenantId, id, [{ op: 'set', path: '/archived', value: true }, { op: 'set', path: '/lastActivityAt', value: at }]);
    return this.get(tenantId, id);
  }

  async setLinkedChannels(tenantId: string, id: string, change: (channels: string[]) => string[] | undefined): Promise<Community | undefined> {
    const key = communityId(tenantId, id);
    const stored = await updateDocument<CommunityDocument>(this.container, key, key, (current) => {
      const next = current && change(current.linkedChannels);
      return next ? { ...current, linkedChannels: next } : undefined;
    });
    return stored ? (strip(stored) as unknown as Community) : undefined;
  }

  async touch(tenantId: string, id: string, at: string): Promise<void> {
    await this.patch(tenantId, id, [{ op: 'set', path: '/lastActivityAt', value: at }]);
  }

  /** "My communities": one point read. */
  async mine(tenantId: string, userId: string): Promise<MyCommunity[]> {
    const key = mineId(tenantId, userId);
    return (await readDocument<MineDocument>(this.container, key, key))?.entries ?? [];
  }

  private async counted(tenantId: string, membership: CommunityMembership, delta: 1 | -1): Promise<void> {
    const operations = [{ op: 'incr' as const, path: '/memberCount', value: delta }];
    if (membership.role === 'owner') operations.push({ op: 'incr', path: '/ownerCount', value: delta });
    await this.patch(tenantId, membership.communityId, operations);
    if (delta > 0) await this.members.add(tenantId, membership);
    else await this.members.remove(tenantId, membership.communityId, membership.userId);
  }

  private async patch(tenantId: string, id: string, operations: Parameters<typeof patchOrCreate>[3]): Promise<void> {
    const key = communityId(tenantId, id);
    await this.container.item(key, key).patch(operations);
  }

  private async remember(tenantId: string, membership: CommunityMembership): Promise<void> {
    const key = mineId(tenantId, membership.userId);
    const entry: MyCommunity = { communityId: membership.communityId, status: membership.status, role: membership.role };
    await updateDocument<MineDocument>(this.container, key, key, (current) => ({
      id: key, pk: key, tenantId, type: 'myCommunities', userId: membership.userId.toLowerCase(), _etag: current?._etag,
      entries: [entry, ...(current?.entries ?? []).filter((e) => e.communityId !== membership.communityId)],
    }));
  }

  private async forget(tenantId: string, id: string, userId: string): Promise<void> {
    const key = mineId(tenantId, userId);
    await updateDocument<MineDocument>(this.container, key, key, (current) =>
      current?.entries.some((e) => e.communityId === id) ? { ...current, entries: current.entries.filter((e) => e.communityId !== id) } : undefined,
    );
  }
}
