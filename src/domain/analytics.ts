import { Community, CommunityMembership, CommunityRole, hasCommunityRole, mayKnow } from './communities';
import { DomainError } from './errors';
import { hasRole, Identity } from './identity';
import { foldDepartments, OTHER_DEPARTMENT } from './announcement-engagement';

/**
 * Analytics (issue 18): what happened in a tenant, or in one community, over a period
 * of UTC days. Figures come from counters written as events happen (src/store/
 * activity-counters.ts); the rules here say who may see which scope, which periods are
 * valid, and how stored days become the report, with small departments folded so
 * that no one is singled out.
 */

/** Something worth counting, as it happened. `at` decides its UTC day. */
export type ActivityEvent =
  | { kind: 'post'; tenantId: string; userId: string; postId: string; postKind: string; communityId?: string; at: string }
  | { kind: 'reaction'; tenantId: string; userId: string; postId: string; delta: 1 | -1; communityId?: string; announcementId?: string; at: string }
  | { kind: 'comment'; tenantId: string; userId: string; postId: string; communityId?: string; announcementId?: string; at: string }
  | { kind: 'acknowledgement'; tenantId: string; userId: string; announcementId: string; at: string }
  | { kind: 'delivered'; tenantId: string; announcementId: string; at: string; count?: number };

/** The one port events go through; the store's ActivityCounters implements it. */
export interface ActivityRecorder {
  record(event: ActivityEvent): Promise<void>;
}

/** The longest period one report covers, in days (a leap year). */
export const ANALYTICS_MAX_DAYS = 366;
export const ANALYTICS_DEFAULT_DAYS = 30;
export const TOP_POSTS = 10;

export type AnalyticsScope = { kind: 'tenant' } | { kind: 'community'; communityId: string };

export const scopeKey = (scope: AnalyticsScope) => (scope.kind === 'tenant' ? 'tenant' : `community|${scope.communityId}`);

/** Which scopes the caller may view: the tenant for authors and admins, each community they own. */
export function viewableScopes(identity: Identity, mine: ReadonlyArray<{ communityId: string; status: CommunityMembership['status']; role: CommunityRole }>): { tenant: boolean; communityIds: string[] } {
  return {
    tenant: hasRole(identity, 'author'),
    communityIds: mine.filter((entry) => entry.status === 'member' && entry.role === 'owner').map((entry) => entry.communityId),
  };
}

/**
 * Tenant analytics: authors and admins. A community's: its owners, or a tenant admin
 * where they may know it exists (not a secret one they are not in). Anything else is
 * a 403, the same for a community that does not exist.
 */
export function assertMayViewAnalytics(identity: Identity, scope: AnalyticsScope, community?: Community, membership?: CommunityMembership): void {
  if (scope.kind === 'tenant') {
    if (hasRole(identity, 'author')) return;
    throw new DomainError('forbidden', 'tenant analytics are for authors and admins', 'error.analytics.notAllowed');
  }
  const owns = !!community && mayKnow(community, identity, membership) && (hasCommunityRole(membership, 'owner') || hasRole(identity, 'admin'));
  if (!owns) throw new DomainError('forbidden', 'community analytics are for its owners', 'error.analytics.notOwner');
}

const DAY_MS = 86_400_000;
export const dayOf = (at: string | Date) => new Date(at).toISOString().slice(0, 10);
const dayMs = (day: string) => Date.parse(`${day}T00:00:00.000Z`);

/** The days from `from` to `to`, both included; 400 when inverted or longer than ANALYTICS_MAX_DAYS. */
export function periodDays(from: string, to: string): string[] {
  const start = dayMs(from);
  const end = dayMs(to);
  if (end < start) throw new DomainError('bad_request', 'from: must not be after to', 'error.analytics.period');
  const count = (end - start) / DAY_MS + 1;
  if (count > ANALYTICS_MAX_DAYS) throw new DomainError('bad_request', `the period is at most ${ANALYTICS_MAX_DAYS} days`, 'error.analytics.period');
  return Array.from({ length: count }, (_, i) => dayOf(new Date(start + i * DAY_MS)));
}

/** The default period: the last ANALYTICS_DEFAULT_DAYS days up to today. */
export function defaultPeriod(now: Date): { from: string; to: string } {
  return { from: dayOf(new Date(now.getTime() - (ANALYTICS_DEFAULT_DAYS - 1) * DAY_MS)), to: dayOf(now) };
}

/** Counters of one scope and day, as stored (all shards added up). */
export interface DayCounters {
  day: string;
  counts: Record<CountName, number>;
  /**
   * Each person active that day, once, as `userId<TAB>department<TAB>1 if it was their
   * first contribution ever`: strings, because a large tenant's 90 days hold hundreds of
   * thousands of them and objects cost several times more to store, send and parse.
   */
  people: string[];
  /** Per post: `${postId}|r` reactions, `${postId}|c` comments. */
  posts: Record<string, number>;
  /** Per announcement: `${id}|d` delivered, `|a` acknowledged, `|r` reacted, `|c` commented, `|e` engaged (distinct people). */
  announcements: Record<string, number>;
}

export const COUNT_NAMES = ['posts', 'reactions', 'comments', 'kudos', 'acknowledgements', 'delivered'] as const;
export type CountName = (typeof COUNT_NAMES)[number];

/** One person's entry in a day's list. */
export const personEntry = (userId: string, department: string | undefined, first: boolean) => `${userId}\t${(department ?? '').replace(/\s+/g, ' ').trim()}\t${first ? 1 : ''}`;

export const emptyCounts = (): Record<CountName, number> => Object.fromEntries(COUNT_NAMES.map((name) => [name, 0])) as Record<CountName, number>;

/** Adds shard (or day) `b` into `a`. */
export function mergeCounters(a: DayCounters, b: Omit<DayCounters, 'day'>): DayCounters {
  for (const name of COUNT_NAMES) a.counts[name] += b.counts?.[name] ?? 0;
  for (const entry of b.people ?? []) a.people.push(entry);
  for (const [key, value] of Object.entries(b.posts ?? {})) a.posts[key] = (a.posts[key] ?? 0) + value;
  for (const [key, value] of Object.entries(b.announcements ?? {})) a.announcements[key] = (a.announcements[key] ?? 0) + value;
  return a;
}

export interface TopPost {
  postId: string;
  reactions: number;
  comments: number;
}

export interface AnalyticsFigures {
  from: string;
  to: string;
  totals: Record<CountName, number> & { activePeople: number };
  contributors: { new: number; returning: number };
  announcements: { delivered: number; acknowledged: number; reacted: number; commented: number; engaged: number; engagementRate: number };
  daily: Array<{ day: string; activePeople: number } & Record<CountName, number>>;
  departments: Array<{ department: string; people: number }>;
  topPosts: TopPost[];
}

const ratio = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 1000 : 0);

/**
 * A day's people list as small integers, made once per list: a 90-day report of a large
 * tenant goes through ~200,000 entries, and comparing 36-character ids in a Map for
 * each was most of its time. Lists of closed days are cached by the store (the same
 * array each time), so their digests are too. The interning table is per process and
 * starts again past INTERNED_MAX ids (digests of the old table are then remade).
 */
interface PeopleDigest {
  generation: number;
  persons: Uint32Array;
  departmentOfEntry: string[];
  first: Uint8Array;
}
const INTERNED_MAX = 1_000_000;
const interned = { generation: 0, ids: new Map<string, number>() };
const digests = new WeakMap<readonly string[], PeopleDigest>();

function digestOf(people: readonly string[]): PeopleDigest {
  const known = digests.get(people);
  if (known && known.generation === interned.generation) return known;
  if (interned.ids.size + people.length > INTERNED_MAX) {
    interned.ids.clear();
    interned.generation++;
  }
  const digest: PeopleDigest = { generation: interned.generation, persons: new Uint32Array(people.length), departmentOfEntry: new Array(people.length), first: new Uint8Array(people.length) };
  people.forEach((entry, i) => {
    const [userId, department, first] = entry.split('\t');
    let person = interned.ids.get(userId);
    if (person === undefined) interned.ids.set(userId, (person = interned.ids.size));
    digest.persons[i] = person;
    digest.departmentOfEntry[i] = department || OTHER_DEPARTMENT;
    digest.first[i] = first ? 1 : 0;
  });
  digests.set(people, digest);
  return digest;
}

/** The report of a period from its days' counters (one per day, oldest first). */
export function analyticsFigures(from: string, to: string, days: readonly DayCounters[]): AnalyticsFigures {
  const totals = emptyCounts();
  const digests = days.map((day) => digestOf(day.people));
  const seen = new Uint8Array(interned.ids.size);
  const counted = new Uint8Array(interned.ids.size);
  const departments = new Map<string, number>();
  let activePeople = 0;
  let newcomers = 0;
  const posts = new Map<string, TopPost>();
  const announcements: Record<string, number> = {};
  const daily = days.map((day, d) => {
    const { persons, departmentOfEntry, first } = digests[d];
    for (let i = 0; i < persons.length; i++) {
      const person = persons[i];
      if (!seen[person]) {
        // The department a person had at their first activity in the period.
        seen[person] = 1;
        activePeople++;
        departments.set(departmentOfEntry[i], (departments.get(departmentOfEntry[i]) ?? 0) + 1);
      }
      if (first[i] && !counted[person]) {
        counted[person] = 1;
        newcomers++;
      }
    }
    for (const name of COUNT_NAMES) totals[name] += day.counts[name];
    for (const key in day.posts) {
      // Keys are `${postId}|r` and `${postId}|c`.
      const postId = key.slice(0, -2);
      let post = posts.get(postId);
      if (!post) posts.set(postId, (post = { postId, reactions: 0, comments: 0 }));
      if (key.endsWith('|r')) post.reactions += day.posts[key];
      else post.comments += day.posts[key];
    }
    for (const [key, value] of Object.entries(day.announcements)) announcements[key] = (announcements[key] ?? 0) + value;
    // A person is listed once a day (their marker), so the list's length is the day's active people.
    return { day: day.day, activePeople: day.people.length, ...day.counts };
  });
  const step = (suffix: string) => Object.entries(announcements).reduce((sum, [key, value]) => (key.endsWith(`|${suffix}`) ? sum + value : sum), 0);
  const delivered = step('d');
  const engaged = step('e');
  const topPosts = [...posts.values()]
    .filter((post) => post.reactions + post.comments > 0)
    .sort((a, b) => b.reactions + b.comments - (a.reactions + a.comments) || a.postId.localeCompare(b.postId))
    .slice(0, TOP_POSTS);
  return {
    from,
    to,
    totals: { ...totals, activePeople },
    contributors: { new: newcomers, returning: activePeople - newcomers },
    announcements: { delivered, acknowledged: step('a'), reacted: step('r'), commented: step('c'), engaged, engagementRate: ratio(engaged, delivered) },
    daily,
    // The announcement report's rule: under DEPARTMENT_MIN_PEOPLE goes to "Other", and so does the next smallest while "Other" is still that small.
    departments: foldDepartments(Object.fromEntries(departments)),
    topPosts,
  };
}
