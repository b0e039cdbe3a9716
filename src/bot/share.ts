import { CardFactory, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { composeCard } from '../cards/dialogs';
import { DomainError } from '../domain/errors';
import { POST_BODY_MAX } from '../domain/posts';
import { t } from '../i18n';
import type { FeatureContext } from './features';
import { allowedTarget, postTargets, publishPost } from './posts';

/** The conversation the message action was used in (without a thread suffix). */
const hereOf = (context: TurnContext) => context.activity.conversation?.id?.split(';')[0];

export const SHARE_COMMAND = 'shareToCommons';

// Attribution is never read from here (see pending-shares.ts): only the id of what fetchTask kept.
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
export function registerShareFeatures(features: FeatureContext): void {
  const { app } = features;

  app.messageExtensions.fetchTask(SHARE_COMMAND, async (context) => {
    const identity = await features.identify(context);
    const payload = MessagePayload.safeParse((context.activity.value as { messagePayload?: unknown })?.messagePayload);
    const message = payload.success ? payload.data : {};
    const text = message.body?.content ? (message.body.contentType === 'html' ? htmlToText(message.body.content) : message.body.content) : '';
    const author = message.from?.user?.displayName;
    const url = message.linkToMessage?.startsWith('https://') ? message.linkToMessage : undefined;
    const targets = await postTargets(features, identity, hereOf(context));
    const shareId = author || url ? await features.repositories.pendingShares.open(identity.tenantId, { userId: identity.userId, authorName: author, url }) : undefined;
    const card = composeCard({
      locale: identity.locale,
      body: text,
      targets,
      sharedFrom: author,
      submit: { type: 'Action.Submit', data: shareId ? { shareId } : {} },
    });
    return { title: t(identity.locale, 'card.compose.title'), height: 'medium', width: 'medium', card: CardFactory.adaptiveCard(card) };
  });

  app.messageExtensions.submitAction(SHARE_COMMAND, async (context, _state, data) => {
    const identity = await features.identify(context);
    const parsed = ShareSubmit.safeParse(data);
    try {
      features.checkWriteLimit(identity);
      if (!parsed.success) throw new DomainError('bad_request', parsed.error.issues[0].message);
      const { body, target, shareId } = parsed.data;
      const conversation = await allowedTarget(features, identity, target, hereOf(context));
      const share = shareId ? await features.repositories.pendingShares.find(identity.tenantId, identity.userId, shareId) : undefined;
      if (shareId && !share) throw new DomainError('bad_request', 'this share dialog has expired', 'error.share.expired');
      const sharedFrom = share?.authorName ? { authorName: share.authorName, url: share.url } : undefined;
      await publishPost(features, identity, { body, audience: { channels: [conversation.conversationId] }, sharedFrom }, conversation);
      if (shareId) await features.repositories.pendingShares.discard(identity.tenantId, shareId);
      return undefined;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return t(identity.locale, error.messageKey, { detail: error.detail ?? '', ...error.params });
    }
  });
}
