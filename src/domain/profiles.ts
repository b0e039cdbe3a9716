import type { Badge } from './badges';
import { Community, CommunityMembership, mayKnow } from './communities';
import { DomainError } from './errors';
import type { Identity } from './identity';
import { initials, Person } from './people';
import type { Post } from './posts';

/**
 * Profiles (issue 18, item 2): what one person's page shows to one caller. Pure rules
 * and the assembly through ports; the visibility of each part is decided here, with
 * the same rules as everywhere (communities.ts for communities, post-access.ts for
 * posts), so a stranger never learns of a secret community or a private post.
 *
 * Every part is a point read or a bounded handful of them: the person, their manager,
 * their direct-reports document, their "my communities" document and at most
 * PROFILE_COMMUNITIES_MAX communities, their kudos counts, the tenant's badges, and
 * their author timeline with at most PROFILE_POSTS_SCAN_MAX posts looked at. Nothing
 * grows with the tenant.
 */
export const PROFILE_TAGS_MAX = 20;
export const PROFILE_TAG_MAX = 40;
export const PROFILE_POSTS_MAX = 5;
/** Author timeline entries looked at, at most, to find PROFILE_POSTS_MAX the caller may see. */
export const PROFILE_POSTS_SCAN_MAX = 40;
export const PROFILE_COMMUNITIES_MAX = 20;
export const PROFILE_REPORTS_MAX = 25;

/** "Ask me about" skills and interests, as a person writes them: trimmed, inner spaces collapsed, each once (ignoring case). */
export function cleanTags(field: 'skills' | 'interests', tags: readonly string[]): string[] {
  const kept = new Map<string, string>();
  for (const tag of tags) {
    const clean = tag.replace(/\s+/g, ' ').trim();
    if (!clean) throw new DomainError('bad_request', `${field}: an empty entry`);
    if (clean.length > PROFILE_TAG_MAX) throw new DomainError('bad_request', `${field}: "${clean.slice(0, 20)}…" is longer than ${PROFILE_TAG_MAX} characters`);
    if (/[<>\[\]]/.test(clean)) throw new DomainError('bad_request', `${field}: "${clean}" holds < > [ or ]`);
    const key = clean.normalize('NFKC').toLowerCase();
    if (!kept.has(key)) kept.set(key, clean);
  }
  if (kept.size > PROFILE_TAGS_MAX) throw new DomainError('bad_request', `${field}: at most ${PROFILE_TAGS_MAX}`);
  return [...kept.values()];
}

export interface ProfilePorts {
  people: {
    get(tenantId: string, userId: string): Promise<Person | undefined>;
    getMany(tenantId: string, userIds: Iterable<string>): Promise<Map<string, Person>>;
    reportsOf(tenantId: string, managerId: string): Promise<string[]>;
  };
  communities: {
    mine(tenantId: string, userId: string): Promise<Array<{ communityId: string; status: CommunityMembership['status'] }>>;
    get(tenantId: string, communityId: string): Promise<Community | undefined>;
  };
  kudos: {
    stats(tenantId: string, userId: string): Promise<{ received: Record<string, number>; receivedTotal: number; given: number }>;
    badges(tenantId: string): Promise<readonly Badge[]>;
  };
  /** The person's newest posts this caller may see (the post gate applied), at most `limit`, looking at `scanMax` at most. */
  recentPosts(identity: Identity, authorId: string, limit: number, scanMax: number): Promise<Post[]>;
}

export interface PersonSummary {
  userId: string;
  displayName: string;
  initials: string;
  jobTitle?: string;
  department?: string;
}

export interface Profile {
  person: PersonSummary & { email?: string; officeLocation?: string };
  isMe: boolean;
  manager?: PersonSummary;
  directReports: PersonSummary[];
  directReportCount: number;
  communities: Array<Pick<Community, 'communityId' | 'name' | 'emoji' | 'colour' | 'privacy'>>;
  kudos: { received: number; given: number; badges: Array<Badge & { count: number }> };
  recentPosts: Post[];
  skills: string[];
  interests: string[];
}

export const summaryOf = (person: Person): PersonSummary => ({
  userId: person.userId,
  displayName: person.displayName,
  initials: initials(person.displayName),
  ...(person.jobTitle && { jobTitle: person.jobTitle }),
  ...(person.department && { department: person.department }),
});

export const profileNotFound = () => new DomainError('not_found', 'no such person');

/**
 * The communities of `person` that `identity` may know exist: open and closed ones,
 * and secret ones only when the caller is a member too (their own membership decides,
 * never the person's). Requests are not memberships.
 */
export async function visibleCommunities(ports: ProfilePorts, identity: Identity, personId: string): Promise<Profile['communities']> {
  const { tenantId } = identity;
  const [theirs, mine] = await Promise.all([
    ports.communities.mine(tenantId, personId),
    personId === identity.userId ? undefined : ports.communities.mine(tenantId, identity.userId),
  ]);
  const callerIn = new Set((mine ?? theirs).filter((m) => m.status === 'member').map((m) => m.communityId));
  const ids = theirs.filter((m) => m.status === 'member').map((m) => m.communityId).slice(0, PROFILE_COMMUNITIES_MAX);
  const communities = await Promise.all(ids.map((id) => ports.communities.get(tenantId, id)));
  return communities
    .filter((c): c is Community => c !== undefined && !c.archived)
    .filter((c) => mayKnow(c, identity, callerIn.has(c.communityId) ? { communityId: c.communityId, userId: identity.userId, displayName: '', status: 'member', role: 'member', since: '' } : undefined))
    .map(({ communityId, name, emoji, colour, privacy }) => ({ communityId, name, emoji, colour, privacy }));
}

/** One person's profile as `identity` may see it; "not found" for an unknown or removed person (another tenant's is unknown here). */
export async function readProfile(ports: ProfilePorts, identity: Identity, userId: string): Promise<Profile> {
  const { tenantId } = identity;
  const person = await ports.people.get(tenantId, userId);
  if (!person || person.tenantId !== tenantId || person.deleted) throw profileNotFound();
  const [manager, reportIds, communities, stats, badges, recentPosts] = await Promise.all([
    person.managerId ? ports.people.get(tenantId, person.managerId) : undefined,
    ports.people.reportsOf(tenantId, person.userId),
    visibleCommunities(ports, identity, person.userId),
    ports.kudos.stats(tenantId, person.userId),
    ports.kudos.badges(tenantId),
    ports.recentPosts(identity, person.userId, PROFILE_POSTS_MAX, PROFILE_POSTS_SCAN_MAX),
  ]);
  const reports = await ports.people.getMany(tenantId, reportIds.slice(0, PROFILE_REPORTS_MAX));
  return {
    person: { ...summaryOf(person), ...(person.email && { email: person.email }), ...(person.officeLocation && { officeLocation: person.officeLocation }) },
    isMe: person.userId === identity.userId,
    ...(manager && !manager.deleted && { manager: summaryOf(manager) }),
    directReports: [...reports.values()].filter((p) => !p.deleted).map(summaryOf).sort((a, b) => a.displayName.localeCompare(b.displayName)),
    directReportCount: reportIds.length,
    communities,
    kudos: {
      received: stats.receivedTotal,
      given: stats.given,
      badges: badges.filter((badge) => (stats.received[badge.id] ?? 0) > 0).map((badge) => ({ ...badge, count: stats.received[badge.id] })),
    },
    recentPosts,
    skills: person.skills ?? [],
    interests: person.interests ?? [],
  };
}
