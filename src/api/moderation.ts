import type { Request, Server } from 'restify';
import { z } from 'zod';
import { mapBounded } from '../bounded';
import type { Identity } from '../domain/identity';
import { requireRole } from '../domain/identity';
import { assertHeldAction, decidedPost, MODERATION_ACTIONS, MODERATION_BULK_MAX, ModerationAction, parseItemKey, QueueItem } from '../domain/moderation-queue';
import type { Post } from '../domain/posts';
import { ReportReason, setCommentShown } from '../domain/reports';
import { noticeCard } from '../cards/dialogs';
import { inertText, plainText } from '../cards/types';
import { t } from '../i18n';
import type { QueueEntry } from '../store/moderation-queue';
import { reportPorts } from '../store/reports';
import { ApiDependencies, audit, callerOf } from './context';
import { publishHeld, PUBLISHABLE_HELD_KINDS } from './held-publish';
import type { EngagementPorts } from '../domain/engagement';
import { engagementPorts } from '../store/engagement-ports';
import { handler, jsonBody, parse } from './http';

/** Entries one queue page resolves (each a point read or two). */
export const QUEUE_PAGE_MAX = 100;

export const DecisionsSchema = z
  .object({
    items: z
      .array(z.object({ itemKey: z.string().min(1).max(300).describe('As the queue lists it: post:<id>, comment:<postId>:<commentId> or held:<id>'), action: z.enum(MODERATION_ACTIONS) }).strict())
      .min(1)
      .max(MODERATION_BULK_MAX),
  })
  .strict();

/** The reasons reporters gave, in words, for the author's message. */
const reasonsText = (reasons: Partial<Record<ReportReason, number>> = {}) =>
  (Object.keys(reasons) as ReportReason[]).map((reason) => t(undefined, `report.reason.${reason}`).toLowerCase()).join(', ') || t(undefined, 'report.reason.other').toLowerCase();

const excerpt = (text: string) => (text.length > 280 ? `${text.slice(0, 280)}…` : text);

/**
 * The moderation queue (issue 17, item 4, first slice), for moderators and admins:
 * what was reported or held, with its context, read from the open-queue index and
 * each item's own documents (point reads); decisions one at a time or in bulk, each
 * audited, the cards of a decided post updated.
 */
export function registerModerationRoutes(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;
  // Approving a held comment adds it as addComment does from Teams, through the bot's
  // own ports: one coalescing post writer per process, so its counts never race a second one.
  const engagement: EngagementPorts = deps.bot?.engagement ?? engagementPorts(repositories);

  async function describe(identity: Identity, entry: QueueEntry) {
    const item = parseItemKey(entry.itemKey);
    if (!item) return undefined;
    if (item.cause === 'held') {
      const held = await repositories.heldItems.get(identity.tenantId, item.heldId);
      if (!held || held.state !== 'held') return undefined;
      const author = await repositories.people.get(identity.tenantId, held.authorId);
      return { ...entry, kind: held.kind, author: { userId: held.authorId, displayName: author?.displayName ?? '' }, texts: held.texts.map(excerpt), matches: held.matches };
    }
    const [tally, post] = await Promise.all([repositories.reports.tally(identity.tenantId, item.target), repositories.posts.get(identity.tenantId, item.target.postId)]);
    if (!tally || !post) return undefined;
    const comment = item.target.commentId ? await repositories.engagement.findComment(identity.tenantId, post.postId, item.target.commentId) : undefined;
    if (item.target.commentId && !comment) return undefined;
    return {
      ...entry,
      kind: comment ? 'comment' : post.kind,
      postId: post.postId,
      ...(comment && { commentId: comment.commentId }),
      author: comment ? { userId: comment.authorId, displayName: comment.authorName } : { userId: post.authorId, displayName: post.authorName },
      texts: [excerpt(comment ? comment.text : [post.title, post.body].filter(Boolean).join('\n'))],
      place: post.community ? { community: post.community.name } : { conversations: post.deliveredTo.map((d) => d.conversationId) },
      state: comment ? (comment.hidden ? 'hidden' : 'published') : post.state,
      reporters: tally.reporters,
      reasons: tally.reasons,
    };
  }

  /**
   * Applies one decision. Taking the item out of the open queue is the claim (under
   * the shard's _etag): of two moderators deciding at once, one acts, the other is told
   * it is no longer there. If acting fails, the item goes back into the queue.
   */
  /**
   * Tells the author in their personal chat why a moderator removed what they wrote
   * (best effort, through the outbound budget; someone Commons cannot reach is not told).
   */
  async function tellAuthor(identity: Identity, authorId: string, key: 'card.moderation.removed' | 'card.moderation.heldRemoved' | 'card.moderation.heldApproved' | 'card.moderation.warned', params: Record<string, string>) {
    const messenger = deps.bot?.messenger;
    if (!messenger) return;
    try {
      const chatId = await repositories.rosters.personalChatOf(identity.tenantId, authorId);
      const chat = chatId && (await repositories.conversations.get(identity.tenantId, chatId));
      if (!chat || !chat.active) return;
      const author = await repositories.people.get(identity.tenantId, authorId);
      await messenger.sendCard(chat, noticeCard(t(author?.locale, key, params)));
    } catch (error) {
      logger.warn({ err: error }, 'could not tell the author about a moderation decision');
    }
  }

  /** Tells the author of a reported item that it was reported and why; the item stays in the queue. */
  async function warn(req: Request, identity: Identity, entry: QueueEntry | undefined, item: QueueItem): Promise<'done' | 'not_found'> {
    if (!entry || item.cause !== 'reported') return 'not_found';
    const [post, tally] = await Promise.all([repositories.posts.get(identity.tenantId, item.target.postId), repositories.reports.tally(identity.tenantId, item.target)]);
    const comment = item.target.commentId ? await repositories.engagement.findComment(identity.tenantId, item.target.postId, item.target.commentId) : undefined;
    if (!post || (item.target.commentId && !comment)) return 'not_found';
    await tellAuthor(identity, comment?.authorId ?? post.authorId, 'card.moderation.warned', {
      what: t(undefined, comment ? 'card.moderation.what.comment' : 'card.moderation.what.post'),
      excerpt: inertText(plainText(comment?.text ?? post.title ?? post.body)).slice(0, 120),
      reasons: reasonsText(tally?.reasons),
    });
    await audit(deps, req, identity, 'moderation.warn', { kind: comment ? 'comment' : 'post', id: entry.itemKey }, { authorId: comment?.authorId ?? post.authorId });
    return 'done';
  }

  async function decide(req: Request, identity: Identity, open: ReadonlyMap<string, QueueEntry>, itemKey: string, action: ModerationAction): Promise<'done' | 'not_found' | 'not_publishable'> {
    const item = parseItemKey(itemKey);
    if (!item) return 'not_found';
    const now = new Date();
    const entry = open.get(itemKey);
    if (action === 'warn') return warn(req, identity, entry, item);
    if (!entry || !(await repositories.moderationQueue.remove(identity.tenantId, itemKey))) return 'not_found';
    try {
      if (item.cause === 'held') {
        assertHeldAction(action);
        const held = await repositories.heldItems.get(identity.tenantId, item.heldId);
        if (!held) throw new Error(`held item ${item.heldId} is in the queue but not stored`);
        const excerpt = inertText(plainText(held.texts[0] ?? '')).slice(0, 120);
        if (action === 'approve') {
          const published = PUBLISHABLE_HELD_KINDS.has(held.kind) ? await publishHeld(deps, engagement, held, now) : false;
          if (published === false) {
            // Its place is gone (or no bot runs here): it stays in the queue.
            await repositories.moderationQueue.add(identity.tenantId, entry);
            return 'not_publishable';
          }
          if (published) deps.refreshCards?.(published);
          await repositories.heldItems.decide(identity.tenantId, item.heldId, 'approved', identity.userId, now.toISOString());
          void tellAuthor(identity, held.authorId, 'card.moderation.heldApproved', { excerpt });
        } else {
          await repositories.heldItems.decide(identity.tenantId, item.heldId, 'rejected', identity.userId, now.toISOString());
          void tellAuthor(identity, held.authorId, 'card.moderation.heldRemoved', { excerpt });
        }
      } else {
        const { target } = item;
        const changed = target.commentId
          ? await setCommentShown(reportPorts(repositories), identity.tenantId, { postId: target.postId, commentId: target.commentId }, action === 'approve', now)
          : await (async () => {
              if (action === 'remove') await repositories.kudos.takeBack(await repositories.posts.get(identity.tenantId, target.postId));
              return repositories.posts.update(identity.tenantId, target.postId, (post) => decidedPost(post, action, now));
            })();
        if (changed) deps.refreshCards?.(changed);
        const tally = await repositories.reports.decide(identity.tenantId, target, { action, by: identity.userId, at: now.toISOString() });
        if (action === 'remove' && changed) {
          const comment = target.commentId ? await repositories.engagement.findComment(identity.tenantId, target.postId, target.commentId) : undefined;
          void tellAuthor(identity, comment?.authorId ?? changed.authorId, 'card.moderation.removed', {
            what: t(undefined, comment ? 'card.moderation.what.comment' : 'card.moderation.what.post'),
            excerpt: inertText(plainText(comment?.text ?? changed.title ?? changed.body)).slice(0, 120),
            reasons: reasonsText(tally?.reasons),
          });
        }
      }
    } catch (error) {
      await repositories.moderationQueue.add(identity.tenantId, entry);
      throw error;
    }
    const kind = item.cause === 'reported' && item.target.commentId ? 'comment' : 'post';
    await audit(deps, req, identity, `moderation.${action}`, { kind, id: itemKey }, { cause: item.cause });
    return 'done';
  }

  server.get('/api/v1/moderation/queue', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    requireRole(identity, 'moderator');
    const open = (await repositories.moderationQueue.open(identity.tenantId)).slice(0, QUEUE_PAGE_MAX);
    const items = (await mapBounded(open, 8, (entry) => describe(identity, entry))).filter((item) => item !== undefined);
    return { items };
  }));

  // Bulk by design: one decision is a list of one. Bad input refuses the whole list before any is applied.
  server.post('/api/v1/moderation/queue/decisions', jsonBody(), handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    requireRole(identity, 'moderator');
    const { items } = parse(DecisionsSchema, req.body);
    for (const { action, itemKey } of items) if (parseItemKey(itemKey)?.cause === 'held') assertHeldAction(action);
    // The open queue is read once for the whole list; each item is still claimed on its own shard.
    const open = new Map((await repositories.moderationQueue.open(identity.tenantId)).map((entry) => [entry.itemKey, entry]));
    const results = [];
    for (const { itemKey, action } of items) results.push({ itemKey, action, outcome: await decide(req, identity, open, itemKey, action) });
    logger.info({ tenantId: identity.tenantId, by: identity.userId, decisions: results.length }, 'moderation decisions');
    return { results };
  }));
}
