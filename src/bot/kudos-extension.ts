import { CardFactory, MessageFactory, TeamsInfo, TurnContext } from 'botbuilder';
import type { MessagingExtensionResult, TaskModuleTaskInfo } from 'botbuilder';
import { z } from 'zod';
import { kudosFormCard, PEOPLE_DATASET } from '../cards/kudos-form';
import { MESSAGE_EXTENSION_COMMANDS } from '../cards/verbs';
import type { BotRoutes } from './routes';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { postCard } from '../cards/post';
import type { AdaptiveCard } from '../cards/types';
import { DomainError } from '../domain/errors';
import { KudosDraft, KudosPost, PRIVATE_KUDOS_VISIBILITY, QUOTE_MAX } from '../domain/kudos';
import { prepareKudos, sendKudos } from '../domain/kudos-send';
import { composePost } from '../domain/posts';
import { visibilityOfPlace } from '../domain/visibility';
import { t } from '../i18n';
import { kudosPorts } from '../store/kudos-ports';
import { PEOPLE_PAGE_MAX } from '../domain/people-search';
import { conversationIdOf, kindOf } from './activity';
import type { FeatureContext } from './features';
import type { BotIdentity } from './identity';
import { deliverKudosCard, sentNotice } from './kudos';
import { htmlToText } from './share';
import { heldNotice } from './screen';

/** The message extension's action command (manifest composeExtensions): compose box, command box and message action. */
export const SEND_KUDOS_COMMAND = MESSAGE_EXTENSION_COMMANDS.sendKudos;
/** People offered in the form without typing. */
const STATIC_PEOPLE_MAX = 50;

const PendingId = z.string().uuid();
const FormSubmit = z.object({
  pendingId: PendingId,
  recipients: z.string().max(2000).default(''),
  badge: z.string().max(60).default(''),
  message: z.string().max(5000).default(''),
  destination: z.enum(['here', 'private']).default('here'),
});
const MessagePayload = z
  .object({
    body: z.object({ content: z.string().max(100_000).optional(), contentType: z.string().optional() }).passthrough().optional(),
    from: z.object({ user: z.object({ displayName: z.string().max(200).optional() }).passthrough().optional() }).passthrough().optional().nullable(),
  })
  .passthrough();

/** The pending id a preview card carries in its actions' data: the only thing read from it. */
function pendingIdOf(preview: Partial<{ attachments: Array<{ content?: unknown }> }>): string | undefined {
  const card = preview.attachments?.[0]?.content as AdaptiveCard | undefined;
  const id = (card?.actions ?? []).map((a) => (a.data as { postId?: unknown } | undefined)?.postId).find((v) => typeof v === 'string');
  return PendingId.safeParse(id).success ? (id as string) : undefined;
}

/** The words a card shows, to tell a preview card that was changed in the client from the one we rendered. */
const wordsOf = (card: unknown): string[] => JSON.stringify((card as AdaptiveCard | undefined)?.body ?? []).match(/"text":"(?:[^"\\]|\\.)*"/g) ?? [];

/** People in this conversation first (Teams' roster, when it answers), then the sender's team, from the directory. */
async function peopleToOffer(features: FeatureContext, context: TurnContext, identity: BotIdentity): Promise<Array<{ userId: string; displayName: string }>> {
  const offered = new Map<string, string>();
  if (kindOf(context.activity) !== 'personal') {
    const members = await TeamsInfo.getPagedMembers(context, STATIC_PEOPLE_MAX).then((page) => (Array.isArray(page?.members) ? page.members : []), () => []);
    for (const m of members) if (m.aadObjectId && m.aadObjectId.toLowerCase() !== identity.userId) offered.set(m.aadObjectId.toLowerCase(), m.name);
  }
  const me = await features.repositories.people.get(identity.tenantId, identity.userId);
  const team = [...(await features.repositories.people.reports.of(identity.tenantId, identity.userId)), ...(me?.managerId ? [me.managerId, ...(await features.repositories.people.reports.of(identity.tenantId, me.managerId))] : [])];
  const people = await features.repositories.people.getMany(identity.tenantId, team.filter((id) => id !== identity.userId).slice(0, STATIC_PEOPLE_MAX));
  for (const p of [...people.values()].sort((a, b) => a.displayName.localeCompare(b.displayName))) if (!offered.has(p.userId)) offered.set(p.userId, p.displayName);
  return [...offered].slice(0, STATIC_PEOPLE_MAX).map(([userId, displayName]) => ({ userId, displayName }));
}

export function registerKudosExtension(routes: BotRoutes, features: FeatureContext): void {
  routes.messageExtensionFlow(SEND_KUDOS_COMMAND, (app) => registerFlow(app, features));
}

function registerFlow(app: Application<TurnState>, features: FeatureContext): void {
  const { repositories } = features;
  const ports = kudosPorts(repositories);
  const reason = (identity: BotIdentity, error: DomainError) => t(identity.locale, error.messageKey, { detail: error.detail ?? '', ...error.params });

  async function form(context: TurnContext, identity: BotIdentity, pendingId: string, extra: { draft?: NonNullable<KudosDraft> & { private: boolean }; error?: string; quote?: KudosPost['kudos']['quote'] }): Promise<TaskModuleTaskInfo> {
    const settings = await repositories.kudos.settings(identity.tenantId);
    const card = kudosFormCard({ locale: identity.locale, pendingId, badges: settings.badges, people: await peopleToOffer(features, context, identity), typeAhead: true, ...extra });
    return { title: t(identity.locale, 'card.kudosForm.title'), height: 'large', width: 'medium', card: CardFactory.adaptiveCard(card) };
  }

  app.messageExtensions.fetchTask(SEND_KUDOS_COMMAND, async (context) => {
    const identity = await features.identify(context);
    const payload = MessagePayload.safeParse((context.activity.value as { messagePayload?: unknown })?.messagePayload);
    const content = payload.success ? payload.data.body?.content : undefined;
    const text = content ? (payload.success && payload.data.body?.contentType === 'html' ? htmlToText(content) : content).slice(0, QUOTE_MAX) : '';
    const quote = text ? { text, authorName: payload.success ? (payload.data.from?.user?.displayName ?? undefined) : undefined } : undefined;
    const pendingId = await repositories.pendingKudos.open(identity.tenantId, identity.userId, { conversationId: conversationIdOf(context.activity), quote });
    // Say at once when this person may not send, rather than after they wrote it all.
    const error = await prepareKudos(ports, identity, { recipients: ['-'], badge: '', message: '' }, features.now()).then(
      () => undefined,
      (e) => (e instanceof DomainError && (e.messageKey === 'error.kudos.notAllowed' || e.messageKey === 'error.kudos.allowanceUsed') ? reason(identity, e) : undefined),
    );
    return form(context, identity, pendingId, { quote, error });
  });

  // Validates, keeps what was typed with the pending kudos, and shows the card as it will be sent.
  app.messageExtensions.submitAction(SEND_KUDOS_COMMAND, async (context, _state, data): Promise<MessagingExtensionResult | TaskModuleTaskInfo | string> => {
    const identity = await features.identify(context);
    const parsed = FormSubmit.safeParse(data);
    if (!parsed.success) return t(identity.locale, 'error.bad_request', { detail: parsed.error.issues[0].message });
    const { pendingId, recipients, badge, message, destination } = parsed.data;
    const pending = await repositories.pendingKudos.find(identity.tenantId, identity.userId, pendingId);
    if (!pending) return t(identity.locale, 'error.kudos.expired');
    const draft = { recipients: recipients.split(',').map((r) => r.trim()).filter(Boolean), badge, message, private: destination === 'private' };
    await repositories.pendingKudos.update(identity.tenantId, pendingId, { draft });
    try {
      features.checkWriteLimit(identity);
      const prepared = await prepareKudos(ports, identity, draft, features.now());
      const preview = previewPost(identity, pendingId, prepared, pending.quote, features.now());
      const card = postCard(preview, { locale: identity.locale, reactions: await features.engagement.reactionSet(identity.tenantId) });
      return { type: 'botMessagePreview', activityPreview: MessageFactory.attachment(CardFactory.adaptiveCard(card)) as never };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return form(context, identity, pendingId, { draft, quote: pending.quote, error: reason(identity, error) });
    }
  });

  // Edit: back to the form with what was typed (as stored, not as the preview says).
  app.messageExtensions.botMessagePreviewEdit(SEND_KUDOS_COMMAND, async (context, _state, preview) => {
    const identity = await features.identify(context);
    const pendingId = pendingIdOf(preview as never);
    const pending = pendingId ? await repositories.pendingKudos.find(identity.tenantId, identity.userId, pendingId) : undefined;
    if (!pendingId || !pending) return t(identity.locale, 'error.kudos.expired');
    return form(context, identity, pendingId, { draft: pending.draft, quote: pending.quote });
  });

  // Send: exactly what was checked and stored, once; a changed or replayed preview sends nothing.
  app.messageExtensions.botMessagePreviewSend(SEND_KUDOS_COMMAND, async (context, _state, preview) => {
    const identity = await features.identify(context);
    const refuse = (key: 'error.kudos.expired' | 'error.kudos.tampered') => {
      features.logger.warn({ tenantId: identity.tenantId, reason: key }, 'kudos preview refused');
      return context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: { task: { type: 'message', value: t(identity.locale, key) } } } });
    };
    const pendingId = pendingIdOf(preview as never);
    const pending = pendingId ? await repositories.pendingKudos.find(identity.tenantId, identity.userId, pendingId) : undefined;
    if (!pendingId || !pending?.draft) return void (await refuse('error.kudos.expired'));
    const draft = pending.draft;
    const prepared = await prepareKudos(ports, identity, draft, features.now()).catch((e) => e as Error);
    if (prepared instanceof Error) {
      if (!(prepared instanceof DomainError)) throw prepared;
      return void (await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: { task: { type: 'message', value: reason(identity, prepared) } } } }));
    }
    const expected = postCard(previewPost(identity, pendingId, prepared, pending.quote, features.now()), { locale: identity.locale });
    if (wordsOf(expected).join() !== wordsOf(preview.attachments?.[0]?.content).join()) return void (await refuse('error.kudos.tampered'));
    const here = conversationIdOf(context.activity);
    const installed = here ? await repositories.conversations.get(identity.tenantId, here) : undefined;
    if (!draft.private && (!installed || !installed.active || installed.kind === 'personal')) {
      return void (await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: { task: { type: 'message', value: t(identity.locale, 'error.kudos.notInstalledHere') } } } }));
    }
    const held = await heldNotice(features, identity, 'kudos', [prepared.message], { draft, ...(pending.quote && { quote: pending.quote }), ...(here && { conversationId: here }) });
    if (!(await repositories.pendingKudos.take(identity.tenantId, pendingId, pending.etag))) return void (await refuse('error.kudos.expired'));
    if (held) return void (await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: { task: { type: 'message', value: held } } } }));
    const visibility = installed && !draft.private ? visibilityOfPlace(installed) : PRIVATE_KUDOS_VISIBILITY;
    const { post, allowanceLeft } = await sendKudos(
      ports,
      identity,
      draft,
      { visibility, deliver: (p) => (draft.private ? deliverKudosCard(features, identity, p) : deliverKudosCard(features, identity, p, context)) },
      features.now(),
      { quote: pending.quote },
    );
    features.logger.info({ tenantId: identity.tenantId, postId: post.postId, via: 'messageExtension' }, 'kudos sent');
    if (draft.private) await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: { task: { type: 'message', value: sentNotice(identity, post, allowanceLeft) } } } });
  });

  // Type-ahead over the directory for the recipients picker (Data.Query): the people search index, a few point reads.
  app.adaptiveCards.search(PEOPLE_DATASET, async (context, _state, query) => {
    const identity = await features.identify(context);
    const text = String(query.parameters.queryText ?? '').slice(0, 100);
    if (text.trim().length < 2) return [];
    const { people } = await repositories.people.search(identity.tenantId, text, Math.min(query.count || 15, PEOPLE_PAGE_MAX));
    return people.filter((p) => p.userId !== identity.userId).map((p) => ({ title: [p.displayName, p.jobTitle].filter(Boolean).join(' · '), value: p.userId }));
  });
}

/** The kudos as it will be sent, for the preview; its id is the pending kudos' (the only thing read back). */
function previewPost(identity: BotIdentity, pendingId: string, prepared: Awaited<ReturnType<typeof prepareKudos>>, quote: KudosPost['kudos']['quote'], now: Date): KudosPost {
  const base = composePost({ kind: 'kudos', body: prepared.message, audience: {}, visibility: PRIVATE_KUDOS_VISIBILITY }, identity, pendingId, now);
  // The preview's time is the minute it was checked, so the same kudos renders the same words at send.
  base.createdAt = new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString();
  return { ...base, kind: 'kudos', kudos: { badge: prepared.badge, recipients: prepared.recipients, joiners: [], private: prepared.private, ...(quote && { quote }) } };
}
