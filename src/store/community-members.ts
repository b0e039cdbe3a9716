import type { Container } from '@azure/cosmos';
import type { CommunityMembership, CommunityRole } from '../domain/communities';
import { tenantKey } from './containers';
import { patchOrCreate, readDocument, stableHash, StoredDocument, updateDocument } from './documents';

/**
 * Who is in a community, for its members page, without a query: members are spread
 * over MEMBER_SHARDS documents by a stable hash of their id, each joiner appended by a
 * patch `add` (any number at once, no read-modify-write), a departure or a role change
 * rewritten under the etag guard (rare). Pending requests of a closed community sit in
 * one more document the same way. The membership document stays the source of truth
 * for access; these lists are what the pages show.
 */
export const MEMBER_SHARDS = 8;

export interface MemberEntry {
  userId: string;
  displayName: string;
  role: CommunityRole;
  since: string;
}
type ShardDocument = StoredDocument & { type: 'communityMembers'; communityId: string; members: MemberEntry[] };

const shardOf = (userId: string) => stableHash(userId.toLowerCase()) % MEMBER_SHARDS;
const shardId = (tenantId: string, communityId: string, shard: number | 'requests') => tenantKey(tenantId, 'members', communityId, String(shard));
const entryOf = (m: CommunityMembership): MemberEntry => ({ userId: m.userId.toLowerCase(), displayName: m.displayName, role: m.role, since: m.since });

export class CommunityMembers {
  constructor(private readonly container: Container) {}

  add(tenantId: string, membership: CommunityMembership): Promise<void> {
    return this.append(tenantId, membership.communityId, shardOf(membership.userId), entryOf(membership));
  }

  remove(tenantId: string, communityId: string, userId: string): Promise<void> {
    return this.rewrite(tenantId, communityId, shardOf(userId), (members) => members.filter((m) => m.userId !== userId.toLowerCase()));
  }

  setRole(tenantId: string, communityId: string, userId: string, role: CommunityRole): Promise<void> {
    return this.rewrite(tenantId, communityId, shardOf(userId), (members) => members.map((m) => (m.userId === userId.toLowerCase() ? { ...m, role } : m)));
  }

  request(tenantId: string, membership: CommunityMembership): Promise<void> {
    return this.append(tenantId, membership.communityId, 'requests', entryOf(membership));
  }

  unrequest(tenantId: string, communityId: string, userId: string): Promise<void> {
    return this.rewrite(tenantId, communityId, 'requests', (members) => members.filter((m) => m.userId !== userId.toLowerCase()));
  }

  /** Every member, owners first, then by name: MEMBER_SHARDS point reads. */
  async list(tenantId: string, communityId: string): Promise<MemberEntry[]> {
    const shards = await Promise.all(Array.from({ length: MEMBER_SHARDS }, (_, i) => this.read(tenantId, communityId, i)));
    const rank = { owner: 0, moderator: 1, member: 2 };
    return shards.flat().sort((a, b) => rank[a.role] - rank[b.role] || a.displayName.localeCompare(b.displayName) || a.userId.localeCompare(b.userId));
  }

  async requests(tenantId: string, communityId: string): Promise<MemberEntry[]> {
    return this.read(tenantId, communityId, 'requests');
  }

  private async read(tenantId: string, communityId: string, shard: number | 'requests'): Promise<MemberEntry[]> {
    const id = shardId(tenantId, communityId, shard);
    return (await readDocument<ShardDocument>(this.container, id, id))?.members ?? [];
  }

  private async append(tenantId: string, communityId: string, shard: number | 'requests', entry: MemberEntry): Promise<void> {
    const id = shardId(tenantId, communityId, shard);
    await patchOrCreate<ShardDocument>(this.container, id, id, [{ op: 'add', path: '/members/-', value: entry }], { id, pk: id, tenantId, type: 'communityMembers', communityId, members: [entry] });
  }

  private async rewrite(tenantId: string, communityId: string, shard: number | 'requests', change: (members: MemberEntry[]) => MemberEntry[]): Promise<void> {
    const id = shardId(tenantId, communityId, shard);
    await updateDocument<ShardDocument>(this.container, id, id, (current) => (current ? { ...current, members: change(current.members) } : undefined));
  }
}
