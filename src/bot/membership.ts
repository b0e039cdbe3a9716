import type { Activity, ChannelAccount } from 'botbuilder';
import type { ConversationRepository } from '../store/conversations';
import type { MembershipRepository, RosterLookup } from '../store/memberships';
import type { ProactiveMessenger } from './proactive';
import { conversationIdOf, tenantOf } from './activity';

/**
 * What Teams tells us about who is in a conversation: member events, and any activity
 * a person sends from it (Teams only delivers those from members). The bot itself and
 * accounts without an Entra object id (other bots) are not people.
 */
export async function recordMemberEvent(memberships: MembershipRepository, activity: Partial<Activity>, members: ChannelAccount[] | undefined, member: boolean): Promise<void> {
  const tenantId = tenantOf(activity);
  const conversationId = conversationIdOf(activity);
  if (!tenantId || !conversationId) return;
  for (const account of members ?? []) {
    if (account.id === activity.recipient?.id || !account.aadObjectId) continue;
    await memberships.record(tenantId, conversationId, account.aadObjectId, member, 'event');
  }
}

/** The sender of an activity is a member of the conversation it came from. */
export async function recordSender(memberships: MembershipRepository, activity: Partial<Activity>): Promise<void> {
  const tenantId = tenantOf(activity);
  const conversationId = conversationIdOf(activity);
  const userId = activity.from?.aadObjectId;
  if (tenantId && conversationId && userId) await memberships.record(tenantId, conversationId, userId, true, 'activity');
}

/** Teams' roster of an installed conversation, through the Bot Connector; no answer for one we are not in. */
export function connectorRoster(conversations: ConversationRepository, messenger: ProactiveMessenger): RosterLookup {
  return async (tenantId, conversationId, userId) => {
    const conversation = await conversations.get(tenantId, conversationId);
    return conversation?.active ? messenger.isMember(conversation, userId) : undefined;
  };
}
