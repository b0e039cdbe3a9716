import type { Server } from 'restify';
import { z } from 'zod';
import { DomainError } from '../domain/errors';
import { ACTIVE_WINDOW_DAYS, FeedTokens } from '../domain/feed';
import { FEED_SORTS, sortedPage } from './feed-pages';
import type { Person } from '../domain/people';
import { announcementTakesEngagement } from '../domain/announcement-engagement';
import type { Post } from '../domain/posts';
import { isForYou } from '../domain/personal-feed';
import { matchesAll, searchTerms } from '../domain/search-terms';
import { readableBy } from '../domain/post-access';
import { FEED_PAGE_SIZE, POST_KINDS } from '../domain/posts';
import { knownMembership } from '../store/memberships';
import type { ReaderMonths } from '../store/reader-reactions';
import { ApiDependencies, postAccess, readerOf } from './context';
import { handler, parse } from './http';
import { queryParameters } from './openapi-zod';
import { postView } from './views';

/** A post as the feed shows it: announcements as they are now. */
interface Shown {
  post: Post;
  important: boolean;
  asksAcknowledgement: boolean;
}

/** Continuation tokens of the tenant's and the communities' feeds, under each tenant's own key. */
export const feedTokens = (repositories: ApiDependencies['repositories']) => new FeedTokens({ keyOf: (tenantId) => repositories.tenants.feedTokenKey(tenantId) });

export const FeedQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(50).default(FEED_PAGE_SIZE),
    continuationToken: z.string().min(1).max(600).optional().describe('From the previous page: the next page starts right after its last post'),
    kind: z.enum(POST_KINDS).optional(),
    communityId: z.string().min(1).max(100).optional().describe('Only what is filed under this community (members only for closed and secret ones)'),
    sort: z.enum(FEED_SORTS).default('newest').describe(`active: the last ${ACTIVE_WINDOW_DAYS} days' posts ranked by reactions and comments`),
    q: z.string().trim().min(1).max(100).optional().describe('Posts holding every word of this (words of 3 letters or more; common words ignored)'),
    scope: z.enum(['all', 'forYou']).default('all').describe('forYou: announcements, my communities, people and threads I follow, kudos in my team or department, my own posts'),
  })
  .strict();

export const FeedNewQuery = FeedQuery.pick({ kind: true, communityId: true, scope: true, q: true })
  .extend({ since: z.string().min(1).max(600).describe('The `newest` token of the first page: counts what arrived after it') })
  .strict();

/** At most this many new posts are counted ("99+" beyond). */
const NEW_COUNT_MAX = 99;

/**
 * The tab's feed: what the caller may see, newest first, paged by position (see
 * domain/feed.ts) so posts arriving while someone scrolls neither repeat nor leave a
 * gap; filtered by kind or community; and how many new posts arrived since the top.
 */
export function registerFeedRoutes(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;
  const tokens = feedTokens(repositories);
  // "all" keeps the older filter name, so tokens handed out before scopes existed stay valid.
  const filterName = (query: { kind?: string; communityId?: string; scope?: string; q?: string; sort?: string }) =>
    `${query.communityId ?? ''}|${query.kind ?? ''}${query.scope === 'forYou' ? '|forYou' : ''}${query.q ? `|q:${searchTerms(query.q).join(' ')}` : ''}${query.sort === 'active' ? '|active' : ''}`;

  /**
   * Where a page reads from: the feed (or a community's timeline), or for a search the
   * list of its longest word (likely the rarest), keeping posts that hold every word.
   */
  function source(query: { communityId?: string; q?: string }): { communityId?: string; term?: string; keep?: (post: Post) => boolean } {
    if (!query.q) return { communityId: query.communityId };
    const terms = searchTerms(query.q);
    if (terms.length === 0) throw new DomainError('bad_request', 'search for words of three letters or more (common words like "the" are not searched)', 'error.feed.searchWords');
    const term = [...terms].sort((a, b) => b.length - a.length)[0];
    return { term, keep: (post) => matchesAll(`${post.title ?? ''} ${post.body}`, terms) && (!query.communityId || post.community?.communityId === query.communityId) };
  }

  /** The reader's test for "For you": their person, communities and follows, three point reads a page. */
  async function forYouTest(identity: { tenantId: string; userId: string }): Promise<(post: Post) => boolean> {
    const [person, communities, follows] = await Promise.all([
      repositories.people.get(identity.tenantId, identity.userId),
      repositories.communities.mine(identity.tenantId, identity.userId),
      repositories.follows.follows(identity.tenantId, identity.userId),
    ]);
    const followed = (kind: string) => new Set(follows.filter((f) => f.kind === kind).map((f) => f.id.toLowerCase()));
    return isForYou({
      userId: identity.userId,
      department: person?.department,
      managerId: person?.managerId,
      communityIds: new Set([...communities.filter((c) => c.status === 'member').map((c) => c.communityId), ...follows.filter((f) => f.kind === 'community').map((f) => f.id)]),
      followedPeople: followed('person'),
      followedThreads: followed('thread'),
    });
  }
  /** Every given test at once (undefined when none is given). */
  const allOf = (...tests: (((post: Post) => boolean) | undefined)[]) => {
    const given = tests.filter((test): test is (post: Post) => boolean => test !== undefined);
    return given.length === 0 ? undefined : (post: Post) => given.every((test) => test(post));
  };

  async function checkCommunity(tenantId: string, userId: string, communityId?: string) {
    // Closed and secret communities' posts are for their members; a stranger learns nothing, not even that it exists.
    if (communityId && !(await repositories.communities.readableBy(tenantId, communityId, userId))) throw new DomainError('not_found', 'no such community');
  }

  async function authorsOf(tenantId: string, userIds: Iterable<string>): Promise<Map<string, Person>> {
    const unique = [...new Set(userIds)].filter(Boolean);
    const found = await Promise.all(unique.map((userId) => repositories.people.get(tenantId, userId)));
    return new Map(found.filter((p): p is Person => p !== undefined).map((p) => [p.userId, p]));
  }

  const filterFor = (identity: Parameters<typeof readableBy>[1]) => readableBy({ ...postAccess(deps), membership: knownMembership(repositories.memberships) }, identity);

  /** Announcements as they are now: edits shown, recalled ones gone (their record keeps the first text). */
  async function current(tenantId: string, posts: Post[]): Promise<Shown[]> {
    const shown = await Promise.all(
      posts.map(async (post): Promise<Shown | undefined> => {
        if (!post.announcementId) return { post, important: false, asksAcknowledgement: false };
        const announcement = await repositories.announcements.get(tenantId, post.announcementId);
        if (!announcement || !announcementTakesEngagement(announcement)) return undefined;
        return { post: { ...post, title: announcement.title, body: announcement.body }, important: announcement.extras?.importance === 'important', asksAcknowledgement: Boolean(announcement.extras?.acknowledge) };
      }),
    );
    return shown.filter((item): item is Shown => item !== undefined);
  }

  /**
   * The reader's own part of the posts shown: their reactions (filed under them by the
   * posts' month: a point read, two across a month's end) and, on announcements that ask for it,
   * their acknowledgement (a point read each).
   */
  async function mine(identity: { tenantId: string; userId: string }, items: Shown[], ahead?: ReaderMonths) {
    const { tenantId, userId } = identity;
    const [reactions, acknowledged] = await Promise.all([
      repositories.engagement.reactionsOf(tenantId, userId, items.map((item) => item.post), ahead),
      Promise.all(items.map((item) => (item.asksAcknowledgement ? repositories.acknowledgements.hasAcknowledged(tenantId, item.post.announcementId!, userId) : undefined))),
    ]);
    return (item: Shown) => {
      const ack = acknowledged[items.indexOf(item)];
      return { myReaction: reactions.get(item.post.postId) ?? null, ...(ack !== undefined && { acknowledgement: { acknowledged: ack } }) };
    };
  }

  server.get('/api/v1/feed', handler(logger, async (req) => {
    const identity = await readerOf(deps, req);
    const query = parse(FeedQuery, req.query ?? {});
    const { tenantId } = identity;
    await checkCommunity(tenantId, identity.userId, query.communityId);
    const after = query.continuationToken ? await tokens.decode(tenantId, filterName(query), query.continuationToken) : undefined;
    // A page is mostly the posts of the month it starts in (this one, or the position's
    // when newest first): the reader's reactions to them are read while the timeline is,
    // not after it (one round trip fewer on the way to the answer).
    const startsIn = (after && query.sort !== 'active' ? after.createdAt : new Date().toISOString()).slice(0, 7);
    const ahead = repositories.engagement.readReactionsAhead(tenantId, identity.userId, [startsIn]);
    // Stored memberships only: a feed read never asks Teams' roster once per listed chat.
    const filter = filterFor(identity);
    // Pinned posts sit above the tenant's feed (first page) and are left out of its pages.
    const from = source(query);
    const pinsRead = query.communityId || query.q || (query.kind && query.kind !== 'announcement') ? Promise.resolve([]) : repositories.posts.pinned(tenantId);
    // The pins and the reader's "For you" reads run while the timeline is read (the page takes the test as a promise).
    const keep = Promise.all([pinsRead, query.scope === 'forYou' ? forYouTest(identity) : undefined]).then(([pins, forYou]) => {
      const pinnedIds = new Set(pins.map((pin) => pin.postId));
      return allOf(pinnedIds.size > 0 ? (post) => !pinnedIds.has(post.postId) : undefined, forYou, from.keep);
    });
    keep.catch(() => undefined); // awaited below; this only keeps a failure from going unhandled should the page fail first
    const page = await sortedPage(repositories.posts, query.sort, tenantId, query.limit, filter, { kind: query.kind, communityId: from.communityId, term: from.term, keep }, after);
    const pins = (await Promise.all([pinsRead, keep]))[0];
    const pinned = after ? [] : (await Promise.all(pins.map((pin) => filter({}, () => repositories.posts.get(tenantId, pin.postId))))).filter((post): post is Post => post?.state === 'published');
    const [shownPinned, shown] = await Promise.all([current(tenantId, pinned), current(tenantId, page.posts)]);
    const [authors, mineOf] = await Promise.all([authorsOf(tenantId, [...shownPinned, ...shown].map(({ post }) => post.authorId)), mine(identity, [...shownPinned, ...shown], ahead)]);
    const first = page.posts[0];
    const view = (item: Shown, isPinned: boolean) => ({ ...postView(item.post, authors.get(item.post.authorId)), reactionCounts: item.post.reactionCounts, ...mineOf(item), important: item.important, pinned: isPinned });
    const posts = shown.map((item) => view(item, false));
    const pinnedViews = shownPinned.map((item) => view(item, true));
    return {
      posts,
      ...(!after && { pinned: pinnedViews }),
      ...(page.next && { continuationToken: await tokens.encode(tenantId, filterName(query), page.next) }),
      // The new-post count follows the newest first order: a ranking has no "top" to count from.
      ...(!after && first && query.sort !== 'active' && { newest: await tokens.encode(tenantId, filterName(query), first) }),
    };
  }));

  server.get('/api/v1/feed/new', handler(logger, async (req) => {
    const identity = await readerOf(deps, req);
    const query = parse(FeedNewQuery, req.query ?? {});
    const { tenantId } = identity;
    await checkCommunity(tenantId, identity.userId, query.communityId);
    const before = await tokens.decode(tenantId, filterName(query), query.since);
    const from = source(query);
    const keep = allOf(query.scope === 'forYou' ? await forYouTest(identity) : undefined, from.keep);
    const page = await repositories.posts.timelinePage(tenantId, NEW_COUNT_MAX, filterFor(identity), { before, kind: query.kind, communityId: from.communityId, term: from.term, ...(keep && { keep }) });
    return { count: page.posts.length, more: page.next !== undefined };
  }));
}

const error = { $ref: '#/components/responses/Error' };
const feedPost = (post: object) => ({
  allOf: [
    post,
    {
      type: 'object',
      properties: {
        important: { type: 'boolean', description: 'An important announcement (highlighted)' },
        pinned: { type: 'boolean' },
        reactionCounts: { type: 'object', additionalProperties: { type: 'integer' }, description: 'Reaction type → how many people gave it' },
        myReaction: { type: 'string', nullable: true, description: 'The reader\'s own reaction' },
        acknowledgement: { type: 'object', properties: { acknowledged: { type: 'boolean' } }, description: 'Only on an announcement that asks "I\'ve read this": whether the reader has' },
      },
    },
  ],
});
const token = { type: 'string', description: 'Opaque; valid only for the tenant and filter it came with' };

export function feedOpenApiPaths(post: object) {
  return {
    '/api/v1/feed': {
      get: {
        operationId: 'feed',
        summary: 'What the caller may see, newest first, a page at a time; optionally one kind or one community',
        parameters: queryParameters(FeedQuery),
        responses: {
          '200': {
            description: 'A page',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['posts'],
                  properties: {
                    posts: { type: 'array', items: feedPost(post) },
                    pinned: { type: 'array', items: feedPost(post), description: 'First page of the tenant feed only: important announcements pinned for their days, newest first (left out of `posts`)' },
                    continuationToken: token,
                    newest: { ...token, description: 'First page only: pass as `since` to /api/v1/feed/new' },
                  },
                },
              },
            },
          },
          '400': { ...error, description: 'A bad filter, or a continuation token from another tenant or filter, or changed' },
          '401': error,
          '404': { ...error, description: 'A community the caller may not read' },
        },
      },
    },
    '/api/v1/feed/new': {
      get: {
        operationId: 'feedNewCount',
        summary: 'How many posts the caller may see arrived after the top of their feed (at most 99, `more` beyond)',
        parameters: queryParameters(FeedNewQuery),
        responses: { '200': { description: 'The count', content: { 'application/json': { schema: { type: 'object', properties: { count: { type: 'integer' }, more: { type: 'boolean' } } } } } }, '400': error, '401': error, '404': error },
      },
    },
  };
}
