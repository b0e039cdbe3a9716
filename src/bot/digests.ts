import { randomUUID } from 'crypto';
import { z } from 'zod';
import { activityDigestCard, digestOffCard, weeklyDigestCard } from '../cards/digest';
import { VERBS } from '../cards/verbs';
import { DigestEntry, intervalOf, topPosts, WEEKLY_SCAN, WEEKLY_TOP } from '../domain/digests';
import { followKey } from '../domain/follows';
import type { Identity } from '../domain/identity';
import { mayReadPost, readableBy } from '../domain/post-access';
import type { Post } from '../domain/posts';
import type { DigestFanout } from '../delivery/digests';
import { backoffMs, DEFAULT_TIMINGS } from '../delivery/limits';
import { classifyError } from '../delivery/sender';
import type { FeatureContext } from './features';
import { BotRoutes, reply } from './routes';

/** How long a digest send keeps other senders off the person's list. */
const DIGEST_CLAIM_MS = 60_000;

const postAccessOf = (features: FeatureContext) => ({
  membership: features.repositories.memberships,
  place: (tenantId: string, conversationId: string) => features.repositories.conversations.get(tenantId, conversationId),
});

/** The recipient as the visibility rules see them; roles are left out, so nothing is shown that only a role would reveal. */
const recipientOf = (tenantId: string, userId: string): Identity => ({ tenantId, userId, roles: [] });

/** The entries the person may still see now: the post is published and readable by them, a reply is not hidden. */
async function stillVisible(features: FeatureContext, identity: Identity, entries: DigestEntry[]): Promise<DigestEntry[]> {
  const { posts, engagement } = features.repositories;
  const seen = new Set<string>();
  const unique = entries.filter((e) => !seen.has(e.key) && Boolean(seen.add(e.key)));
  const readable = new Map<string, Promise<boolean>>();
  const mayRead = (postId: string) => {
    if (!readable.has(postId)) {
      readable.set(postId, (async () => {
        const post = await posts.get(identity.tenantId, postId);
        return Boolean(post && post.state === 'published' && (await mayReadPost(postAccessOf(features), identity, post)));
      })());
    }
    return readable.get(postId)!;
  };
  const checks = await Promise.all(
    unique.map(async (entry) => {
      if (!(await mayRead(entry.postId))) return false;
      if (entry.kind !== 'comment' || !entry.commentId) return true;
      const comment = await engagement.findComment(identity.tenantId, entry.postId, entry.commentId);
      return Boolean(comment && !comment.hidden);
    }),
  );
  return unique.filter((_, i) => checks[i]);
}

async function personalChat(features: FeatureContext, tenantId: string, userId: string) {
  const chatId = await features.repositories.rosters.personalChatOf(tenantId, userId);
  const chat = chatId ? await features.repositories.conversations.get(tenantId, chatId) : undefined;
  return chat?.active ? chat : undefined;
}

/**
 * Sends a person's activity digest (for HeldNoticeSweeper, kind "digest"): one card for
 * everything waiting, at most one per their interval, each entry checked against what
 * they may see now. The list is claimed first under _etag, so two runs at once (two
 * instances, an overlapping sweep) send it once; entries that arrive meanwhile wait
 * for the next digest.
 */
export async function sendHeldDigest(features: FeatureContext, digests: DigestFanout, tenantId: string, userId: string, tabUrl?: string): Promise<{ retryAt?: number }> {
  const { repositories, logger } = features;
  const now = features.now().getTime();
  const settings = await repositories.follows.digestSettings(tenantId, userId);
  const interval = intervalOf(settings.frequency, digests.timings);
  const by = randomUUID();
  let tooSoon: number | undefined;
  const claimed = await repositories.follows.claimPending(tenantId, userId, by, now, now + DIGEST_CLAIM_MS, (pending) => {
    if (interval !== undefined && pending.lastSentAt !== undefined && now < pending.lastSentAt + interval) tooSoon = pending.lastSentAt + interval;
    return tooSoon === undefined;
  });
  if (tooSoon !== undefined) return { retryAt: tooSoon };
  if (!claimed) {
    const pending = await repositories.follows.pending(tenantId, userId);
    // Another sender holds it: look again once its claim would have expired.
    return pending?.entries.length ? { retryAt: now + DIGEST_CLAIM_MS } : {};
  }
  const settle = async (sentAt?: number) => {
    const left = await repositories.follows.settlePending(tenantId, userId, by, claimed, { sentAt });
    if (!left?.entries.length || interval === undefined) return {};
    return { retryAt: Math.max(now + digests.timings.gatherMs, (left.lastSentAt ?? 0) + interval) };
  };
  if (interval === undefined || !claimed.entries.length) return settle();
  // Only what they still follow, and may still see.
  const followed = new Set((await repositories.follows.follows(tenantId, userId)).map(followKey));
  const entries = await stillVisible(features, recipientOf(tenantId, userId), claimed.entries.filter((e) => followed.has(followKey(e.via))));
  const chat = await personalChat(features, tenantId, userId);
  if (!entries.length || !chat) {
    if (!chat) logger.info({ tenantId, entries: entries.length }, 'digest: person not reachable (no personal installation)');
    return settle();
  }
  try {
    await features.messenger.sendCard(chat, activityDigestCard({ entries, overflow: claimed.overflow, tabUrl }));
  } catch (error) {
    const failure = classifyError(error);
    logger.warn({ err: failure, tenantId }, 'digest not sent');
    await repositories.follows.settlePending(tenantId, userId, by, undefined, {});
    if (failure.kind === 'permanent') return settle();
    return { retryAt: now + Math.max(failure.retryAfterMs ?? 0, backoffMs(1, DEFAULT_TIMINGS)) };
  }
  logger.info({ tenantId, entries: entries.length }, 'digest sent');
  return settle(now);
}

/**
 * The weekly digest (HeldNoticeSweeper, kind "weeklyDigest"): the last seven days' top
 * posts and kudos of the person's communities and of the people they follow, from the
 * tenant feed, every one readable by them now. Held again for a week after each run
 * while it is on; a quiet week sends nothing.
 */
export async function sendWeeklyDigest(features: FeatureContext, digests: DigestFanout, tenantId: string, userId: string, tabUrl?: string): Promise<{ retryAt?: number }> {
  const { repositories, logger } = features;
  const now = features.now().getTime();
  const settings = await repositories.follows.digestSettings(tenantId, userId);
  if (!settings.weekly) return {};
  const next = { retryAt: now + digests.timings.weeklyMs };
  const [follows, mine] = await Promise.all([repositories.follows.follows(tenantId, userId), repositories.communities.mine(tenantId, userId)]);
  const people = new Set(follows.filter((f) => f.kind === 'person').map((f) => f.id.toLowerCase()));
  const communities = new Set([...follows.filter((f) => f.kind === 'community').map((f) => f.id), ...mine.map((c) => c.communityId)]);
  const since = new Date(now - 7 * 86_400_000).toISOString();
  const identity = recipientOf(tenantId, userId);
  const { posts } = await repositories.posts.timelinePage(tenantId, WEEKLY_SCAN, readableBy(postAccessOf(features), identity));
  const recent = posts.filter((p) => p.createdAt >= since && p.authorId.toLowerCase() !== userId.toLowerCase());
  const concerns = (p: Post) => people.has(p.authorId.toLowerCase()) || (p.community && communities.has(p.community.communityId)) || p.kudos?.recipients.some((r) => people.has(r.userId.toLowerCase()));
  const relevant = recent.filter(concerns);
  const kudos = relevant.filter((p) => p.kind === 'kudos' && !p.kudos?.private).slice(0, WEEKLY_TOP);
  const top = topPosts(relevant.filter((p) => p.kind !== 'kudos'));
  const chat = await personalChat(features, tenantId, userId);
  if (!top.length && !kudos.length) return next;
  // Counted by the tenant's weekly reach run (delivery/weekly-reach.ts); said here too, so a missed week is never silent.
  if (!chat) {
    logger.info({ tenantId, reason: 'uninstalled' }, 'weekly digest not sent: no personal chat');
    return next;
  }
  // Taken under _etag: a run that overlapped another (or came back early) sends nothing twice in a week.
  const { claimed, lastWeeklyAt } = await repositories.follows.claimWeekly(tenantId, userId, randomUUID(), now, digests.timings.weeklyMs / 2);
  if (!claimed) return { retryAt: lastWeeklyAt + digests.timings.weeklyMs };
  try {
    await features.messenger.sendCard(chat, weeklyDigestCard({ topPosts: top, kudos, tabUrl }));
  } catch (error) {
    logger.warn({ err: classifyError(error), tenantId }, 'weekly digest not sent');
  }
  return next;
}

const DigestOffData = z.object({ digest: z.enum(['activity', 'weekly']).default('activity') });

/** "Turn off digests" on a digest card: the same switch as the tab's settings page. */
export function registerDigestRoutes(routes: BotRoutes, features: FeatureContext, digests: DigestFanout, tabUrl?: string): void {
  routes.cardVerb(VERBS.digestOff, DigestOffData, async (identity, { digest }) => {
    const change = digest === 'weekly' ? { weekly: false } : { frequency: 'off' as const };
    const saved = await features.repositories.follows.setDigestSettings(identity.tenantId, identity.userId, change, features.now().toISOString());
    await digests.settingsChanged(identity.tenantId, identity.userId, saved);
    features.logger.info({ tenantId: identity.tenantId, digest }, 'digest turned off from its card');
    return reply.card(digestOffCard(identity.locale, digest, tabUrl));
  }, { writes: true });
}
