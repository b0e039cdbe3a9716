import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { composeCard } from '../cards/dialogs';
import { DomainError } from '../domain/errors';
import { POST_BODY_MAX } from '../domain/posts';
import { t } from '../i18n';
import type { FeatureContext } from './features';
import { conversationIdOf } from './activity';
import { allowedTarget, postTargets, publishPost } from './posts';
import { BotRoutes, reply } from './routes';
import { MESSAGE_EXTENSION_COMMANDS } from '../cards/verbs';
import { heldNotice } from './screen';

/** The conversation the message action was used in (without a thread suffix). */
const hereOf = (context: TurnContext) => conversationIdOf(context.activity);

// Attribution is never read from here (see PendingShare in store/pending-state.ts): only the id of what fetchTask kept.
const ShareSubmit = z.object({
  body: z.string().max(POST_BODY_MAX * 2),
  target: z.string().min(1).max(1024),
  shareId: z.string().uuid().optional(),
});

const MessagePayload = z
  .object({
    body: z.object({ content: z.string().max(100_000).optional(), contentType: z.string().optional() }).passthrough().optional(),
    from: z.object({ user: z.object({ displayName: z.string().max(200).optional() }).passthrough().optional() }).passthrough().optional().nullable(),
    linkToMessage: z.string().max(2048).optional(),
  })
  .passthrough();

/** Teams gives the message as HTML; a post is plain text with line breaks. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** "Share to Commons" on any Teams message: a dialog to review the text and pick where it goes. */
export function registerShareRoutes(routes: BotRoutes, features: FeatureContext): void {
  routes.messageAction(MESSAGE_EXTENSION_COMMANDS.shareToCommons, {
    open: async (identity, _data, context) => {
      const payload = MessagePayload.safeParse((context.activity.value as { messagePayload?: unknown })?.messagePayload);
      const message = payload.success ? payload.data : {};
      const text = message.body?.content ? (message.body.contentType === 'html' ? htmlToText(message.body.content) : message.body.content) : '';
      const author = message.from?.user?.displayName;
      const url = message.linkToMessage?.startsWith('https://') ? message.linkToMessage : undefined;
      const targets = await postTargets(features, identity, hereOf(context));
      const shareId = author || url ? await features.repositories.pendingShares.open(identity.tenantId, identity.userId, { authorName: author, url }) : undefined;
      const card = composeCard({
        locale: identity.locale,
        body: text,
        targets,
        sharedFrom: author,
        submit: { type: 'Action.Submit', data: shareId ? { shareId } : {} },
      });
      return reply.dialog(t(identity.locale, 'card.compose.title'), card);
    },
    submit: {
      schema: ShareSubmit,
      options: { writes: true },
      handler: async (identity, { body, target, shareId }, context) => {
        const conversation = await allowedTarget(features, identity, target, hereOf(context));
        const share = shareId ? await features.repositories.pendingShares.find(identity.tenantId, identity.userId, shareId) : undefined;
        if (shareId && !share) throw new DomainError('bad_request', 'this share dialog has expired', 'error.share.expired');
        const sharedFrom = share?.authorName ? { authorName: share.authorName, url: share.url } : undefined;
        const held = await heldNotice(features, identity, 'post', [body], { body, conversationId: conversation.conversationId, ...(sharedFrom && { sharedFrom }) });
        if (held) return reply.message(held);
        await publishPost(features, identity, { body, audience: { channels: [conversation.conversationId] }, sharedFrom }, conversation);
        if (shareId) await features.repositories.pendingShares.take(identity.tenantId, shareId);
        return reply.done();
      },
    },
  });
}
