import { Activity, TurnContext } from 'botbuilder';
import { ConversationKind, InstalledConversation, threadOf } from '../domain/conversations';
import { CHANNEL_TYPES, ChannelType } from '../domain/visibility';
import { GUID } from '../auth/authenticator';

/**
 * Teams activity → Commons terms. The tenant comes from the activity, which the
 * adapter has authenticated (JWT) in cloud mode; never from card or invoke data.
 * It keys every document, so anything but a GUID is no tenant at all (the endpoint
 * refuses such activities with a 400 already; this holds for any other caller).
 */
export function tenantOf(activity: Partial<Activity>): string | undefined {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const tenantId: unknown = activity.conversation?.tenantId ?? channelData?.tenant?.id;
  // Entra ids are GUIDs that arrive in either case; we store them lower-case.
  return typeof tenantId === 'string' && GUID.test(tenantId) ? tenantId.toLowerCase() : undefined;
}

export function kindOf(activity: Partial<Activity>): ConversationKind {
  const type = activity.conversation?.conversationType;
  if (type === 'channel') return 'channel';
  if (type === 'groupChat') return 'groupChat';
  return 'personal';
}

interface TeamsChannelData {
  team?: { id?: string; name?: string };
  channel?: { id?: string; name?: string; type?: string };
}

/** Teams names a channel's membership type in `channelData.channel.type`; anything else is unknown. */
function channelTypeOf(channelData: TeamsChannelData): ChannelType | undefined {
  const type = channelData.channel?.type?.toLowerCase();
  return CHANNEL_TYPES.find((known) => known === type);
}

/** The conversation an activity belongs to, without a channel thread's ";messageid=…". */
export function conversationIdOf(activity: Partial<Activity>): string | undefined {
  return activity.conversation?.id ? threadOf(activity.conversation.id).conversationId || undefined : undefined;
}

/** What proactive delivery needs to reach this conversation again later. */
export function installationFrom(context: TurnContext, tenantId: string, now: string): InstalledConversation {
  const activity = context.activity;
  const channelData = (activity.channelData ?? {}) as TeamsChannelData;
  const kind = kindOf(activity);
  const reference = TurnContext.getConversationReference(activity);
  // A channel's conversation id may carry ";messageid=…" when the activity is a reply.
  const { conversationId } = threadOf(activity.conversation.id);
  return {
    tenantId,
    conversationId,
    kind,
    serviceUrl: activity.serviceUrl,
    botId: activity.recipient?.id ?? '',
    teamId: channelData.team?.id,
    teamName: channelData.team?.name,
    channelId: kind === 'channel' ? (channelData.channel?.id ?? conversationId) : undefined,
    channelName: kind === 'channel' ? (channelData.channel?.name ?? (channelData.channel?.id === channelData.team?.id ? 'General' : undefined)) : undefined,
    channelType: kind === 'channel' ? channelTypeOf(channelData) : undefined,
    userId: kind === 'personal' ? activity.from?.aadObjectId?.toLowerCase() : undefined,
    active: true,
    installedAt: now,
    updatedAt: now,
    reference: { ...reference, conversation: { ...reference.conversation, id: conversationId } } as unknown as Record<string, unknown>,
  };
}

/**
 * Whether a message is for Commons. With resource-specific consent Teams delivers
 * every message of a group chat or channel to the bot, mentioned or not: there only
 * a mention (or a card's own submit, which carries a value) is addressed to us.
 * Personal chat is a conversation with Commons alone: everything is.
 */
export function addressedToCommons(activity: Partial<Activity>): boolean {
  if (kindOf(activity) === 'personal' || activity.value !== undefined) return true;
  return (activity.entities ?? []).some((entity) => entity.type === 'mention' && (entity as { mentioned?: { id?: string } }).mentioned?.id === activity.recipient?.id);
}

/** A route selector: a message addressed to Commons (see above) whose text matches `command`. */
export function addressedCommand(command: RegExp) {
  return async (context: TurnContext) => context.activity.type === 'message' && addressedToCommons(context.activity) && command.test(context.activity.text ?? '');
}
