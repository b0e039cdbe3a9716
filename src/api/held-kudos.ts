import { postCard } from '../cards/post';
import { threadOf } from '../domain/conversations';
import type { HeldItem } from '../domain/held';
import { KudosDetails, KudosDraft, KudosPost, PRIVATE_KUDOS_VISIBILITY } from '../domain/kudos';
import { KudosDestination, sendKudos } from '../domain/kudos-send';
import { visibilityOfPlace } from '../domain/visibility';
import { sendToRecipientChats } from '../delivery/kudos-delivery';
import { kudosPorts } from '../store/kudos-ports';
import type { ApiDependencies } from './context';

/** What a held kudos carries (src/bot/kudos.ts and kudos-extension.ts fill it). */
interface HeldKudosPayload {
  draft?: KudosDraft & { private: boolean };
  /** Where it was written (a channel thread, a group chat); absent for one sent privately. */
  conversationId?: string;
  quote?: KudosDetails['quote'];
}

/**
 * Publishes an approved held kudos as its author, as the bot would have sent it then:
 * into the conversation it was written in, or privately to each recipient's personal
 * chat; the allowance, walls, leaderboards and notices follow from sendKudos. False
 * when it cannot go out from here (no bot, or the conversation is gone): it stays queued.
 */
export async function publishHeldKudos(deps: ApiDependencies, held: HeldItem, now: Date): Promise<KudosPost | false> {
  const { repositories } = deps;
  const payload = held.payload as unknown as HeldKudosPayload;
  const send = deps.sendCard;
  if (!payload.draft || !send) return false;
  const person = await repositories.people.get(held.tenantId, held.authorId);
  const author = { tenantId: held.tenantId, userId: held.authorId, roles: person?.roles ?? [], displayName: person?.displayName ?? '', locale: person?.locale };
  const cardOf = async (post: KudosPost) => postCard(post, { locale: author.locale, reactions: await repositories.tenants.reactionSet(held.tenantId) });
  let destination: KudosDestination;
  if (payload.draft.private || !payload.conversationId) {
    destination = { visibility: PRIVATE_KUDOS_VISIBILITY, deliver: async (post) => sendToRecipientChats({ repositories, sendCard: send, logger: deps.logger }, post, await cardOf(post)) };
  } else {
    const conversation = await repositories.conversations.get(held.tenantId, threadOf(payload.conversationId).conversationId);
    if (!conversation?.active) return false;
    destination = { visibility: visibilityOfPlace(conversation), deliver: async (post) => [{ conversationId: conversation.conversationId, activityId: await send(conversation, await cardOf(post)) }] };
  }
  const { post } = await sendKudos(kudosPorts(repositories), author, payload.draft, destination, now, payload.quote ? { quote: payload.quote } : {});
  return post;
}
