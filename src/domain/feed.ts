import { createHmac, timingSafeEqual } from 'crypto';
import { z } from 'zod';
import { DomainError } from './errors';

/**
 * Paging the feed by position, not by offset: a page ends at a post (its time and
 * id), and the next page starts strictly after it. Posts that arrive meanwhile are
 * newer than every position already handed out, so they neither shift a page nor show
 * twice; the tab counts them instead ("3 new posts").
 *
 * A token names its tenant and the filter it was made for and carries an HMAC under a
 * key of that tenant's own: a token from another tenant, another filter, or changed by
 * hand is refused with a 400, never read as some other place in the feed.
 */
export interface FeedPosition {
  createdAt: string;
  postId: string;
}

/** Newest first: by time, then by id, so two posts of the same millisecond keep one order. */
export function newerFirst(a: FeedPosition, b: FeedPosition): number {
  // Times are ISO strings of one format, so plain comparison orders them as localeCompare does, at a fraction of its cost (every page sorts by this).
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return b.postId.localeCompare(a.postId);
}

/** Whether `entry` comes after `position` in newest-first order (it is older). */
export const isAfter = (entry: FeedPosition, position: FeedPosition) => newerFirst(position, entry) < 0;

/**
 * "Most active": the posts of the last ACTIVE_WINDOW_DAYS (at most ACTIVE_RANKED_MAX of
 * them, newest first) ranked by engagement, a comment counting twice a reaction. A
 * ranking is made as of the first page's time, and later pages continue that ranking
 * by rank, so posts arriving meanwhile do not shift it; counts that change while
 * someone scrolls may move a post by a place or two.
 */
export const ACTIVE_WINDOW_DAYS = 14;
export const ACTIVE_RANKED_MAX = 200;
export const activityScore = (post: { reactionCount: number; commentCount: number }) => post.reactionCount + 2 * post.commentCount;
export function byActivity<T extends FeedPosition & { reactionCount: number; commentCount: number }>(posts: readonly T[]): T[] {
  return [...posts].sort((a, b) => activityScore(b) - activityScore(a) || newerFirst(a, b));
}

/** A place in a ranking, carried in a token as a position: the ranking's time, and the rank after "#". */
export const rankPosition = (asOf: string, rank: number): FeedPosition => ({ createdAt: asOf, postId: `#${rank}` });
export function rankOf(position: FeedPosition): { asOf: string; rank: number } {
  const rank = /^#(\d{1,4})$/.exec(position.postId);
  if (!rank) throw badToken();
  return { asOf: position.createdAt, rank: Number(rank[1]) };
}

const Payload = z.object({ v: z.literal(1), t: z.string(), f: z.string(), c: z.string().max(40), p: z.string().max(100) }).strict();

export interface FeedTokenKeys {
  /** The tenant's signing key (made once, kept in the store). */
  keyOf(tenantId: string): Promise<Buffer>;
}

const b64 = (buffer: Buffer) => buffer.toString('base64url');
const badToken = () => new DomainError('bad_request', 'the continuation token is not valid for this feed; start again from the top');

export class FeedTokens {
  constructor(private readonly keys: FeedTokenKeys) {}

  async encode(tenantId: string, filter: string, position: FeedPosition): Promise<string> {
    const payload = Buffer.from(JSON.stringify({ v: 1, t: tenantId, f: filter, c: position.createdAt, p: position.postId }));
    return `${b64(payload)}.${b64(await this.mac(tenantId, payload))}`;
  }

  async decode(tenantId: string, filter: string, token: string): Promise<FeedPosition> {
    const [payloadText, macText, extra] = token.split('.');
    if (!payloadText || !macText || extra !== undefined || token.length > 600) throw badToken();
    const payload = Buffer.from(payloadText, 'base64url');
    const expected = await this.mac(tenantId, payload);
    const given = Buffer.from(macText, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw badToken();
    let parsed: z.infer<typeof Payload>;
    try {
      parsed = Payload.parse(JSON.parse(payload.toString('utf8')));
    } catch {
      throw badToken();
    }
    if (parsed.t !== tenantId || parsed.f !== filter) throw badToken();
    return { createdAt: parsed.c, postId: parsed.p };
  }

  private async mac(tenantId: string, payload: Buffer): Promise<Buffer> {
    return createHmac('sha256', await this.keys.keyOf(tenantId)).update(payload).digest().subarray(0, 16);
  }
}
