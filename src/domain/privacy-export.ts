import type { Person } from './people';
import type { Identity } from './identity';

/**
 * A person's own download of everything Commons stores about them (a privacy request
 * answered with a button). Each section is theirs: what they wrote, clicked, voted,
 * acknowledged and reported, and what others sent them (kudos). Other people's words
 * never come along: a post's latest comments and its viewers are left out, and only
 * their own comments are listed.
 */
/** What the store holds about the person, document by document (see store/personal-data.ts). */
export interface StoredPersonalData {
  postsAuthored: Array<Record<string, unknown>>;
  kudosReceived: Array<Record<string, unknown>>;
  kudosJoined: Array<Record<string, unknown>>;
  comments: Array<{ postId: string; comment: Record<string, unknown> }>;
  reactions: Array<Record<string, unknown>>;
  reports: Array<Record<string, unknown>>;
  votes: Array<Record<string, unknown>>;
  acknowledgements: Array<Record<string, unknown>>;
  communityMemberships: Array<Record<string, unknown>>;
  /** Analytics' once-per-person markers: active on a day, first contribution, an announcement step. */
  analyticsMarkers: Array<Record<string, unknown>>;
}

export interface PersonalDataPorts {
  person(tenantId: string, userId: string): Promise<Person | undefined>;
  roleChanges(tenantId: string, userId: string): Promise<unknown[]>;
  stored(tenantId: string, userId: string): Promise<StoredPersonalData>;
  kudosStats(tenantId: string, userId: string): Promise<unknown>;
  drafts(tenantId: string, userId: string): Promise<unknown[]>;
  communities(tenantId: string, userId: string): Promise<unknown[]>;
  guidelinesAccepted(tenantId: string, userId: string): Promise<{ version: number; acceptedAt: string } | undefined>;
  /** What they follow and their digest settings. */
  following(tenantId: string, userId: string): Promise<{ follows: unknown[]; digest: unknown }>;
}

export const PERSONAL_DATA_FORMAT = 'commons.personal-data/1';

/** Storage bookkeeping, not data about the person. */
const INTERNAL = new Set(['_etag', '_rid', '_self', '_ts', '_attachments', '_lsn', 'pk', 'id', 'tenantId', 'type']);
/** Parts of a stored post that are about others or about Teams plumbing. */
const NOT_THEIRS = new Set(['latestComments', 'personalViewers', 'deliveredTo']);
/** A reply of theirs names the person it answers: that name is someone else's. */
const NOT_THEIRS_IN_COMMENT = new Set(['replyToName', 'replyToAuthorId']);

function clean(document: Record<string, unknown>, drop: ReadonlySet<string> = new Set()): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(document)) if (!INTERNAL.has(key) && !drop.has(key)) out[key] = value;
  return out;
}

const newestFirst = (a: Record<string, unknown>, b: Record<string, unknown>, field = 'createdAt') => String(b[field] ?? '').localeCompare(String(a[field] ?? ''));

export async function exportPersonalData(ports: PersonalDataPorts, identity: Identity, now: Date = new Date()) {
  const { tenantId, userId } = identity;
  const [person, roleChanges, stored, kudosStats, drafts, communities, guidelinesAccepted, following] = await Promise.all([
    ports.person(tenantId, userId),
    ports.roleChanges(tenantId, userId),
    ports.stored(tenantId, userId),
    ports.kudosStats(tenantId, userId),
    ports.drafts(tenantId, userId),
    ports.communities(tenantId, userId),
    ports.guidelinesAccepted(tenantId, userId),
    ports.following(tenantId, userId),
  ]);
  const posts = stored.postsAuthored.map((post) => clean(post, NOT_THEIRS)).sort(newestFirst);
  const kudosReceived = stored.kudosReceived
    .map((post) => ({ postId: post.postId, from: post.authorId, message: post.body, kudos: post.kudos, createdAt: post.createdAt }))
    .sort(newestFirst);
  return {
    format: PERSONAL_DATA_FORMAT,
    generatedAt: now.toISOString(),
    tenantId,
    userId,
    profile: person ? clean(person as unknown as Record<string, unknown>) : { userId, note: 'Not in the directory' },
    roles: [...identity.roles],
    roleChanges,
    posts: posts.filter((post) => post.kind !== 'kudos'),
    kudos: {
      given: posts.filter((post) => post.kind === 'kudos'),
      received: kudosReceived,
      joined: stored.kudosJoined.map((post) => ({ postId: post.postId, from: post.authorId, createdAt: post.createdAt })),
      stats: kudosStats,
    },
    comments: stored.comments.map(({ postId, comment }) => ({ postId, ...clean(comment, NOT_THEIRS_IN_COMMENT) })).sort(newestFirst),
    reactions: stored.reactions.filter((reaction) => reaction.reaction !== null).map((reaction) => clean(reaction)),
    votes: stored.votes.map((vote) => clean(vote)),
    acknowledgements: stored.acknowledgements.map((ack) => clean(ack)),
    reports: stored.reports.map((report) => clean(report)),
    communities: { memberships: stored.communityMemberships.map((membership) => clean(membership)), mine: communities },
    drafts,
    // Others see only totals, and departments of 5 people or more.
    analytics: stored.analyticsMarkers.map((marker) => clean(marker)).sort((a, b) => String(b.day).localeCompare(String(a.day))),
    guidelinesAccepted: guidelinesAccepted ? { version: guidelinesAccepted.version, acceptedAt: guidelinesAccepted.acceptedAt } : null,
    following,
  };
}

export type PersonalDataExport = Awaited<ReturnType<typeof exportPersonalData>>;
