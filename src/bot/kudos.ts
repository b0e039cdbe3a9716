import { CardFactory, TeamsInfo, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { noticeCard } from '../cards/dialogs';
import { BOT_COMMANDS, VERBS } from '../cards/verbs';
import { postCard } from '../cards/post';
import { badgeAtStart } from '../domain/badges';
import { threadOf } from '../domain/conversations';
import { DomainError } from '../domain/errors';
import { recordInstallation } from '../domain/installations';
import { KudosPost } from '../domain/kudos';
import { joinKudos, KudosDestination, prepareKudos, sendKudos } from '../domain/kudos-send';
import { visiblePost } from '../domain/post-access';
import type { Delivery } from '../domain/posts';
import { visibilityOfPlace } from '../domain/visibility';
import { t } from '../i18n';
import { kudosPorts } from '../store/kudos-ports';
import { installationFrom, kindOf } from './activity';
import { BotRoutes, reply } from './routes';
import { registerKudosExtension } from './kudos-extension';
import type { FeatureContext } from './features';
import type { BotIdentity } from './identity';
import { PostIdSchema } from '../validation';
import { heldNotice } from './screen';
import { sendToRecipientChats } from '../delivery/kudos-delivery';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JoinData = z.object({ postId: PostIdSchema });

interface Mention {
  mentioned?: { id?: string; name?: string; aadObjectId?: string };
  text?: string;
}

/**
 * The people a chat command @mentions, as Entra object ids. Teams names them by
 * their Teams id; the Bot Connector (or, failing that, an unambiguous name in the
 * directory) says who they are.
 */
async function mentionedPeople(features: FeatureContext, context: TurnContext, identity: BotIdentity): Promise<{ ids: string[]; unresolved: string[] }> {
  const mentions = (context.activity.entities ?? []).filter((e) => e.type === 'mention') as Mention[];
  const ids: string[] = [];
  const unresolved: string[] = [];
  for (const { mentioned } of mentions) {
    if (!mentioned?.id || mentioned.id === context.activity.recipient?.id) continue;
    let id = mentioned.aadObjectId ?? (GUID.test(mentioned.id) ? mentioned.id : undefined);
    if (!id) id = await TeamsInfo.getMember(context, mentioned.id).then((m) => m.aadObjectId, () => undefined);
    if (!id && mentioned.name) {
      const { people } = await features.repositories.people.search(identity.tenantId, mentioned.name, 5);
      const exact = people.filter((p) => p.displayName.toLowerCase() === mentioned.name!.toLowerCase());
      if (exact.length === 1) id = exact[0].userId;
    }
    if (id) ids.push(id.toLowerCase());
    else unresolved.push(mentioned.name ?? mentioned.id);
  }
  return { ids, unresolved };
}

/** The command's text without its mentions: "kudos Team player Thanks for…" */
function commandText(context: TurnContext): string {
  return (context.activity.text ?? '').replace(/<at>[^<]*<\/at>/gi, ' ').replace(/^\s*kudos\b/i, '').replace(/\s+/g, ' ').trim();
}

/** Sends a kudos card: replying here (a channel or group chat), or privately into each recipient's personal chat. */
export async function deliverKudosCard(features: FeatureContext, identity: BotIdentity, post: KudosPost, replyHere?: TurnContext): Promise<Delivery[]> {
  const card = postCard(post, { locale: identity.locale, reactions: await features.engagement.reactionSet(identity.tenantId) });
  if (replyHere && !post.kudos.private) {
    const response = await replyHere.sendActivity({ attachments: [CardFactory.adaptiveCard(card)], summary: card.fallbackText });
    if (!response?.id) throw new Error('deliverKudosCard() got no activity id from Teams');
    return [{ conversationId: threadOf(replyHere.activity.conversation.id).conversationId, activityId: response.id }];
  }
  return sendToRecipientChats({ repositories: features.repositories, sendCard: (chat, c) => features.messenger.sendCard(chat, c), logger: features.logger }, post, card);
}

/** A chat turn's destination: this conversation, or privately from a personal chat. */
export async function destinationHere(features: FeatureContext, identity: BotIdentity, context: TurnContext): Promise<{ destination: KudosDestination; private: boolean }> {
  if (kindOf(context.activity) === 'personal') {
    return { private: true, destination: { visibility: { kind: 'members', conversationId: '' }, deliver: (post) => deliverKudosCard(features, identity, post) } };
  }
  const here = installationFrom(context, identity.tenantId, features.now().toISOString());
  // Teams states a channel's type on some activities only: what it said before counts too.
  const stored = await features.repositories.conversations.get(identity.tenantId, here.conversationId);
  const visibility = visibilityOfPlace({ ...here, channelType: here.channelType ?? stored?.channelType });
  // The conversation is remembered only once a kudos that passed every check goes out.
  const deliver = async (post: KudosPost) => {
    await recordInstallation(features.repositories.conversations, here);
    return deliverKudosCard(features, identity, post, context);
  };
  return { private: false, destination: { visibility, deliver } };
}

export function sentNotice(identity: BotIdentity, post: KudosPost, allowanceLeft: number | null): string {
  const names = post.kudos.recipients.map((r) => r.displayName).join(', ');
  return allowanceLeft === null ? t(identity.locale, 'card.kudos.sent', { names }) : t(identity.locale, 'card.kudos.sentLeft', { names, left: allowanceLeft });
}

export function registerKudosRoutes(routes: BotRoutes, features: FeatureContext): void {
  const { repositories } = features;
  const ports = kudosPorts(repositories);

  // `kudos @person <badge> <message>`: here in a channel or group chat, privately from personal chat.
  routes.command(BOT_COMMANDS.kudos, async (identity, _data, context) => {
    const settings = await repositories.kudos.settings(identity.tenantId);
    const usage = () => t(identity.locale, 'card.kudos.usage', { badges: settings.badges.map((b) => `${b.emoji} ${b.name}`).join(', ') });
    const { ids, unresolved } = await mentionedPeople(features, context, identity);
    const text = commandText(context);
    if (unresolved.length) throw new DomainError('bad_request', 'unknown mention', 'error.kudos.unknownRecipient');
    if (!ids.length && !text) return reply.card(noticeCard(usage()));
    const matched = badgeAtStart(settings.badges, text);
    const draft = { recipients: ids, badge: matched?.badge.id ?? text.split(' ')[0] ?? '', message: matched?.rest ?? '' };
    const { destination, private: isPrivate } = await destinationHere(features, identity, context);
    // Checked as the send checks it first, so only a kudos that could be sent is screened (and held).
    const prepared = await prepareKudos(ports, identity, { ...draft, private: isPrivate }, features.now());
    const held = await heldNotice(features, identity, 'kudos', [prepared.message], { draft: { ...draft, private: isPrivate }, conversationId: context.activity.conversation?.id });
    if (held) return reply.card(noticeCard(held));
    const { post, allowanceLeft } = await sendKudos(ports, identity, { ...draft, private: isPrivate }, destination, features.now());
    features.logger.info({ tenantId: identity.tenantId, postId: post.postId, recipients: post.kudos.recipients.length }, 'kudos sent');
    return isPrivate ? reply.card(noticeCard(sentNotice(identity, post, allowanceLeft))) : reply.done();
  }, { writes: true });

  // "Add your kudos": the clicker joins once; every copy shows it.
  routes.cardVerb(VERBS.kudosJoin, JoinData, async (identity, { postId }) => {
    const post = await visiblePost(features.engagement, identity, postId);
    // Joining gives kudos too, so it passes the same check as a new one (the guidelines; no text to screen).
    await heldNotice(features, identity, 'kudos', [], { postId });
    const { post: joined, joined: changed } = await joinKudos(ports, identity, post, features.now());
    if (changed) features.refresher.refresh(joined);
    return reply.card(await features.personalCard(joined, identity));
  }, { writes: true });

  registerKudosExtension(routes, features);
}
