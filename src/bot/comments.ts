import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { commentsDialogCard, editDialogCard, noticeCard, reportDialogCard } from '../cards/dialogs';
import { VERBS } from '../cards/verbs';
import { flushCommentNotice } from '../domain/engagement';
import { commentOnPost } from '../domain/engagement-actions';
import { heldTerms } from '../domain/held';
import { visiblePost } from '../domain/post-access';
import { DomainError } from '../domain/errors';
import { assertMayEditPost, editedPost, Post, POST_BODY_MAX, POST_TITLE_MAX } from '../domain/posts';
import { commentNotFound, hideReported, REPORT_NOTE_MAX, REPORT_REASONS, reportItem } from '../domain/reports';
import { contentScreenPorts, reportPorts } from '../store/reports';
import { screenEdit } from '../domain/held';
import { inertText, plainText } from '../cards/types';
import { t } from '../i18n';
import type { FeatureContext } from './features';
import { tenantOf } from './activity';
import { threadOf } from '../domain/conversations';
import type { BotIdentity } from './identity';
import { PostIdSchema } from '../validation';
import { BotRoutes, reply } from './routes';
import { auditFromTeams } from './audit';

export const THREAD_COMMENTS_SHOWN = 20;

const PostRef = z.object({ postId: PostIdSchema });
const CommentSubmit = PostRef.extend({ text: z.unknown() });
// Without a reason it is the step that opens the form (a comment's Report button in the comments dialog).
const ReportSubmit = PostRef.extend({ commentId: z.string().uuid().optional(), reason: z.enum(REPORT_REASONS).optional(), note: z.string().max(REPORT_NOTE_MAX * 2).optional() });
const EditSubmit = PostRef.extend({ title: z.string().max(POST_TITLE_MAX * 2).optional(), body: z.string().max(POST_BODY_MAX * 2) });

/** The comments, report and edit dialogs of a post card, and comments typed in its Teams thread. */
export function registerCommentRoutes(routes: BotRoutes, features: FeatureContext): void {
  const { repositories, engagement } = features;

  async function threadDialog(identity: BotIdentity, postId: string, notice?: string) {
    const post = await visiblePost(engagement, identity, postId);
    const { comments } = await repositories.engagement.latestComments(identity.tenantId, postId, THREAD_COMMENTS_SHOWN);
    return reply.dialog(t(identity.locale, 'card.comments.title'), commentsDialogCard(post, comments, identity.locale, notice));
  }

  /** Stores the comment, refreshes every copy, and tells the author (batched): the tab's comments take the same path. */
  async function comment(identity: BotIdentity, postId: string, text: unknown, source: 'dialog' | 'thread') {
    const outcome = await commentOnPost(features.actions, identity, postId, text, source, features.now());
    if (!('held' in outcome)) return outcome;
    features.logger.info({ tenantId: identity.tenantId, heldId: outcome.held.heldId, kind: 'comment' }, 'held for review');
    return { held: t(identity.locale, 'card.held.body', { terms: heldTerms(outcome.held) }) };
  }

  routes.dialog(VERBS.postComments, {
    open: { schema: PostRef, handler: (identity, { postId }) => threadDialog(identity, postId) },
    submit: {
      schema: CommentSubmit,
      options: { writes: true },
      handler: async (identity, { postId, text }) => {
        const stored = await comment(identity, postId, text, 'dialog');
        return threadDialog(identity, postId, 'held' in stored ? stored.held : t(identity.locale, 'card.comments.added'));
      },
    },
  });

  async function reportForm(identity: BotIdentity, postId: string, commentId?: string) {
    const post = await visiblePost(engagement, identity, postId);
    const comment = commentId ? await repositories.engagement.findComment(identity.tenantId, postId, commentId) : undefined;
    if (commentId && (!comment || comment.hidden)) throw commentNotFound();
    return reply.dialog(t(identity.locale, comment ? 'card.report.titleComment' : 'card.report.title'), reportDialogCard(post, identity.locale, comment));
  }

  routes.dialog(VERBS.postReport, {
    open: { schema: PostRef, handler: (identity, { postId }) => reportForm(identity, postId) },
    submit: {
      schema: ReportSubmit,
      options: { writes: true },
      handler: async (identity, { postId, commentId, reason, note }, context) => {
        if (!reason) return reportForm(identity, postId, commentId);
        const target = { postId, commentId };
        const outcome = await reportItem(reportPorts(repositories), identity, target, { reason, note }, features.now());
        features.logger.info({ tenantId: identity.tenantId, postId, commentId, reporters: outcome.reporters, again: outcome.alreadyReported }, 'reported');
        if (outcome.hide) {
          const hidden = await hideReported(reportPorts(repositories), identity.tenantId, target, features.now());
          if (hidden) features.refresher.refresh(hidden);
          await auditFromTeams(repositories, context, identity, 'moderation.autoHide', commentId ? { kind: 'comment', id: `${postId}/${commentId}` } : { kind: 'post', id: postId }, { reporters: outcome.reporters, threshold: outcome.threshold, authorId: outcome.post.authorId });
        }
        return reply.message(t(identity.locale, outcome.alreadyReported ? 'card.report.already' : outcome.hide ? 'card.report.hidden' : 'card.report.thanks'));
      },
    },
  });

  routes.dialog(VERBS.postEdit, {
    open: {
      schema: PostRef,
      handler: async (identity, { postId }) => {
        const post = await visiblePost(engagement, identity, postId);
        assertMayEditPost(identity, post);
        return reply.dialog(t(identity.locale, 'card.edit.title'), editDialogCard(post, identity.locale));
      },
    },
    submit: {
      schema: EditSubmit,
      options: { writes: true },
      handler: async (identity, { postId, title, body }, context) => {
        const post = await visiblePost(engagement, identity, postId);
        assertMayEditPost(identity, post);
        const checked = editedPost(post, { title, body }, features.now()); // words a person must fix are refused before any write
        await screenEdit(contentScreenPorts(repositories), identity, [checked.title, checked.body]);
        const updated = await repositories.posts.update(identity.tenantId, postId, (p) => editedPost(p, { title, body }, features.now()));
        if (updated) features.refresher.refresh(updated);
        if (updated && post.authorId !== identity.userId) await auditFromTeams(repositories, context, identity, 'post.edit', { kind: 'post', id: postId }, { authorId: post.authorId });
        return reply.done();
      },
    },
  });

  // A reply typed in the Teams thread under a Commons card is a comment too; one that
  // is not a valid comment stays a Teams reply, unanswered.
  routes.message(
    'thread reply',
    async (context) => context.activity.type === 'message' && (await threadPostOf(features, context)) !== undefined,
    async (context) => {
      const identity = await features.identify(context);
      const postId = (await threadPostOf(features, context))!;
      try {
        features.checkWriteLimit(identity);
        await comment(identity, postId, context.activity.text ?? '', 'thread');
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        features.logger.info({ code: error.code }, 'thread reply not stored as a comment');
      }
      return reply.done();
    },
  );
}

/** The post whose card roots the thread this message was typed in, if any. */
async function threadPostOf(features: FeatureContext, context: TurnContext): Promise<string | undefined> {
  const { conversationId, rootId } = threadOf(context.activity.conversation?.id ?? '');
  const tenantId = tenantOf(context.activity);
  if (!rootId || !tenantId || context.activity.conversation.conversationType !== 'channel') return undefined;
  if (rootId === context.activity.id) return undefined; // a new thread, not a reply
  return features.repositories.posts.postAt(tenantId, conversationId, rootId);
}

/**
 * Comments held back by the interval go out when it ends: the hold is stored, and
 * whichever instance is running then sends it (HeldNoticeSweeper).
 */
export function handleCommentNotice(features: FeatureContext, post: Post, notice: { due?: { count: number; names: string[] }; retryAt?: number }): void {
  if (notice.due) void notifyAuthor(features, post, notice.due);
  if (notice.retryAt) {
    features.repositories.heldNotices.hold(post.tenantId, post.postId, notice.retryAt).catch((error) => features.logger.warn({ err: error }, 'could not hold a comment notice'));
  }
}

/** Sends a post's held comment notice if its interval has passed; when to look again otherwise. */
export async function sendHeldCommentNotice(features: FeatureContext, tenantId: string, postId: string): Promise<{ retryAt?: number }> {
  const notice = await flushCommentNotice(features.engagement, tenantId, postId, features.now());
  if (notice.due) {
    const post = await features.repositories.posts.get(tenantId, postId);
    if (post) await notifyAuthor(features, post, notice.due);
  }
  return { retryAt: notice.retryAt };
}

async function notifyAuthor(features: FeatureContext, post: Post, due: { count: number; names: string[] }): Promise<void> {
  try {
    const chatId = await features.repositories.rosters.personalChatOf(post.tenantId, post.authorId);
    const chat = chatId && (await features.repositories.conversations.get(post.tenantId, chatId));
    if (!chat || !chat.active) return;
    const title = inertText(plainText(post.title ?? post.body).slice(0, 60));
    const text = due.count === 1 ? t(undefined, 'card.notify.comments.one', { name: inertText(due.names[0]), title }) : t(undefined, 'card.notify.comments', { count: due.count, title });
    await features.messenger.sendCard(chat, noticeCard(text));
  } catch (error) {
    features.logger.warn({ err: error }, 'comment notification failed');
  }
}
