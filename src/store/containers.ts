/**
 * The one declaration of every Cosmos DB container. Start-up creation (key and
 * embedded modes) and `infra/azure.bicep` both follow it; a test checks they agree.
 *
 * Every container is partitioned on `/pk`, and every `pk` starts with the tenant id
 * (see `tenantKey`), so no query or point read can leave its tenant and no logical
 * partition is keyed by a growing set under the tenant alone (20 GB limit).
 */
export interface ContainerDeclaration {
  id: string;
  partitionKeyPath: '/pk';
  /** What lives here and how it is keyed, for readers of the code and the Bicep file. */
  purpose: string;
  /** Paths excluded from indexing: bodies and lists we never filter on. */
  excludedPaths: string[];
  compositeIndexes: Array<Array<{ path: string; order: 'ascending' | 'descending' }>>;
}

export const CONTAINERS = {
  tenants: {
    id: 'tenants',
    partitionKeyPath: '/pk',
    purpose: 'Tenant settings and role assignments, privacy settings and the pseudonym key. pk = tenantId (a small, bounded set per tenant).',
    excludedPaths: ['/settings/*'],
    compositeIndexes: [],
  },
  people: {
    id: 'people',
    partitionKeyPath: '/pk',
    purpose: 'Directory profiles (name, department, manager, locale). pk = tenantId|userId.',
    excludedPaths: ['/skills/*'],
    compositeIndexes: [],
  },
  conversations: {
    id: 'conversations',
    partitionKeyPath: '/pk',
    purpose: 'Where Commons is installed: conversation references for proactive posts. pk = tenantId|conversationId.',
    excludedPaths: ['/reference/*'],
    compositeIndexes: [],
  },
  posts: {
    id: 'posts',
    partitionKeyPath: '/pk',
    purpose: 'Posts with their denormalised counts, links from Teams messages to posts, and open "Share to Commons" dialogs. pk = tenantId|postId, tenantId|link|conversationId|activityId or tenantId|share|shareId.',
    excludedPaths: ['/body/?', '/deliveredTo/*'],
    compositeIndexes: [],
  },
  engagement: {
    id: 'engagement',
    partitionKeyPath: '/pk',
    purpose: 'Per-person reactions, comment pages and reports of one post. pk = tenantId|postId, so one post is one logical partition.',
    excludedPaths: ['/comments/*'],
    compositeIndexes: [],
  },
  timelines: {
    id: 'timelines',
    partitionKeyPath: '/pk',
    purpose: "Newest-first lists of post ids (the tenant feed, a community's, an author's) in day buckets: per day up to 4 shard documents appended by patch, and an index of the buckets (see store/timelines.ts); also short capped lists (a community's events). pk = tenantId|tl|timeline[|day_shard]. Also the privacy job's per-day lists of posts created or removed (tenantId|privacy|created|YYYY-MM-DD, tenantId|privacy|removed|…) and its cursor (tenantId|privacy|cursor).",
    excludedPaths: ['/entries/*'],
    compositeIndexes: [],
  },
  announcements: {
    id: 'announcements',
    partitionKeyPath: '/pk',
    purpose: 'Announcements (content, audience, status, pending engine work). pk = tenantId|announcementId. Kept small: the scheduler queries it.',
    excludedPaths: ['/body/?', '/audience/*'],
    compositeIndexes: [],
  },
  deliveries: {
    id: 'deliveries',
    partitionKeyPath: '/pk',
    purpose: 'Per announcement: stored recipient list chunks, the send lease with its checkpoint, and one delivery record per recipient (id …|d|seq, point reads only). pk = tenantId|announcementId. Also who sends for a tenant now (pk = tenantId|senders) and each conversation’s outbound budget (pk = tenantId|outbound|conversationId).',
    excludedPaths: ['/reference/*', '/conversationIds/*', '/checkpoint/*', '/progress/*'],
    compositeIndexes: [],
  },
  rosters: {
    id: 'rosters',
    partitionKeyPath: '/pk',
    purpose: 'Who "everyone" is without a query: chunked lists of personal chat ids per tenant, and person → personal chat pointers; who belongs to which conversation, one document each, for visibility checks, and each conversation\'s members in one list for the feed. pk = tenantId|roster|n, tenantId|person|userId, tenantId|member|conversationId|userId or tenantId|members|conversationId.',
    excludedPaths: ['/conversationIds/*', '/members/*'],
    compositeIndexes: [],
  },
  studio: {
    id: 'studio',
    partitionKeyPath: '/pk',
    purpose: 'Comms Studio: drafts (pk = tenantId|draft|draftId), each author\'s list of drafts (tenantId|author|userId), the approval queue (tenantId|queue), the guardrails (tenantId|guardrails), and per announcement its acknowledgement shards and counters (tenantId|ack|announcementId|n, tenantId|stats|announcementId). Point reads only.',
    excludedPaths: ['/content/*', '/entries/*', '/userIds/*', '/authors/*'],
    compositeIndexes: [],
  },
  kudos: {
    id: 'kudos',
    partitionKeyPath: '/pk',
    purpose: 'What kudos add beside their posts: weekly allowance counters per sender, wall day buckets, leaderboard shards and distinct-sender pairs, badge counts per person. pk = id (tenantId|allowance|…, tenantId|wall|…, tenantId|board|…, tenantId|pair|…, tenantId|stats|…): point reads only.',
    excludedPaths: ['/entries/*', '/received/*'],
    compositeIndexes: [],
  },
  audit: {
    id: 'audit',
    partitionKeyPath: '/pk',
    purpose: 'The append-only audit log: one document per admin, moderator or role action, recall, export and erasure; created, never changed. pk = tenantId|audit|YYYY-MM, id = tenantId|audit|<ISO time>|<uuid> (ids sort by time).',
    excludedPaths: ['/details/*'],
    compositeIndexes: [],
  },
  communities: {
    id: 'communities',
    partitionKeyPath: '/pk',
    purpose: 'Communities: each community (tenantId|community|id), its name claim (tenantId|name|key), one membership per person (tenantId|membership|id|userId), each person\'s communities (tenantId|mine|userId), member shards and requests (tenantId|members|id|n), the append-only directory (tenantId|directory, tenantId|directory|n). pk = id: point reads only.',
    excludedPaths: ['/members/*', '/entries/*', '/linkedChannels/*'],
    compositeIndexes: [],
  },
  moderation: {
    id: 'moderation',
    partitionKeyPath: '/pk',
    purpose: 'Governance: per reported or held item its reports, one per person (tenantId|item|<itemKey>|report|userId), and its tally (tenantId|item|<itemKey>), pk = tenantId|item|<itemKey>; held submissions (pk = id = tenantId|held|heldId); the open queue index (pk = id = tenantId|queue|n, 8 shards); erasure jobs (pk = id = tenantId|erasure|<pseudonym>). Point reads only.',
    excludedPaths: ['/entries/*', '/payload/*', '/text/?'],
    compositeIndexes: [],
  },
  follows: {
    id: 'follows',
    partitionKeyPath: '/pk',
    purpose: 'Following and digests: each person\'s follows (tenantId|following|userId), who follows a person, community or thread over 8 shards (tenantId|followers|kind|id|n), each person\'s digest settings (tenantId|digest|userId) and the entries waiting for their next digest (tenantId|pending|userId). pk = id: point reads only.',
    excludedPaths: ['/follows/*', '/userIds/*', '/entries/*'],
    compositeIndexes: [],
  },
  analytics: {
    id: 'analytics',
    partitionKeyPath: '/pk',
    purpose: 'Analytics counters written as events happen: per scope (the tenant, or one community) and UTC day, 8 counter shards (tenantId|analytics|scope|day|n) moved by patch incr, a summary of each closed day (…|day|sum), and create-if-absent markers that count a person once (a day\'s activity, a first contribution, an announcement step). pk = id: point reads only.',
    excludedPaths: ['/counts/*', '/people/*', '/posts/*', '/announcements/*'],
    compositeIndexes: [],
  },
} as const satisfies Record<string, ContainerDeclaration>;

export type ContainerName = keyof typeof CONTAINERS;

export const CONTAINER_LIST: ContainerDeclaration[] = Object.values(CONTAINERS);

/** A partition key or id that always starts with the tenant. */
export function tenantKey(tenantId: string, ...parts: string[]): string {
  if (!tenantId) throw new Error('tenantKey() needs a tenant id');
  return [tenantId, ...parts].join('|');
}
