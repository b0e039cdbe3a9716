import type { ConversationKind } from './conversations';
import type { Identity } from './identity';

/**
 * Who may see an object (a post today; comments, reactions and cards follow their
 * post). Two audiences exist now:
 *   - `tenant`: everyone in the tenant (standard team channels, announcements to everyone);
 *   - `members`: the members of one Teams conversation (group chats, private and shared
 *     channels, personal chats), as Teams says they are.
 *   - `community`: what is filed under a community (open: everyone in the tenant reads
 *     it; closed and secret: its members only; src/domain/communities.ts decides),
 *     checked through the same membership port.
 *
 * The rule everywhere: when in doubt, hidden. An object the caller may not see is
 * answered exactly like one that does not exist.
 */
export type Visibility = { kind: 'tenant' } | { kind: 'members'; conversationId: string } | { kind: 'community'; communityId: string };

export const TENANT_VISIBILITY: Visibility = { kind: 'tenant' };

/** Teams' channel membership types (`channelData.channel.type`). */
export const CHANNEL_TYPES = ['standard', 'private', 'shared'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** The facts about a Teams place that decide the visibility of what is posted there. */
export interface PlaceFacts {
  conversationId: string;
  kind: ConversationKind;
  channelType?: ChannelType;
  teamId?: string;
  channelId?: string;
}

/**
 * A standard channel is open to the whole team, and a team is discoverable in the
 * tenant: its posts are tenant-wide. A channel whose type Teams did not tell us is a
 * private one until proven otherwise, except a team's General channel (it carries the
 * team's id and is always standard).
 */
export function isStandardChannel(place: PlaceFacts): boolean {
  if (place.kind !== 'channel') return false;
  if (place.channelType) return place.channelType === 'standard';
  return Boolean(place.teamId) && place.channelId === place.teamId;
}

export function visibilityOfPlace(place: PlaceFacts): Visibility {
  return isStandardChannel(place) ? TENANT_VISIBILITY : { kind: 'members', conversationId: place.conversationId };
}

/** Whether a person belongs to a conversation, as Teams told us (events, their own activity, the roster). */
export interface MembershipCheck {
  isMember(tenantId: string, conversationId: string, userId: string): Promise<boolean>;
  /** Whether the person may read what is filed under a community; without it, nobody may. */
  readsCommunity?(tenantId: string, communityId: string, userId: string): Promise<boolean>;
}

export async function maySee(membership: MembershipCheck, identity: Identity, visibility: Visibility): Promise<boolean> {
  if (visibility.kind === 'tenant') return true;
  if (visibility.kind === 'community') return Boolean(visibility.communityId) && (await membership.readsCommunity?.(identity.tenantId, visibility.communityId, identity.userId.toLowerCase())) === true;
  if (!visibility.conversationId) return false;
  return membership.isMember(identity.tenantId, visibility.conversationId, identity.userId.toLowerCase());
}

/** A compact form for lists (timeline entries), so a feed can filter before loading posts. */
export function visibilityKey(visibility: Visibility): string {
  if (visibility.kind === 'community') return `community:${visibility.communityId}`;
  return visibility.kind === 'tenant' ? 'tenant' : `members:${visibility.conversationId}`;
}

export function visibilityFromKey(key: string): Visibility {
  if (key === 'tenant') return TENANT_VISIBILITY;
  if (key.startsWith('community:')) return { kind: 'community', communityId: key.slice('community:'.length) };
  return { kind: 'members', conversationId: key.startsWith('members:') ? key.slice('members:'.length) : '' };
}

/** The older shape of a post's audience, from before visibility was stored. */
export interface LegacyAudience {
  channels?: string[];
  everyone?: boolean;
}

/**
 * Posts stored before visibility existed. Seeded and "everyone" posts are tenant-wide;
 * a post made in one conversation is tenant-wide only if that conversation is a known
 * standard channel; anything else (a group chat, a private channel, a conversation we
 * no longer know, several places) is hidden: members of its place at most.
 */
export async function legacyVisibility(
  audience: LegacyAudience,
  place: (conversationId: string) => Promise<PlaceFacts | undefined>,
): Promise<Visibility> {
  if (audience.everyone && !audience.channels?.length) return TENANT_VISIBILITY;
  const channels = audience.channels ?? [];
  if (channels.length !== 1) return { kind: 'members', conversationId: '' };
  const facts = await place(channels[0]);
  return facts ? visibilityOfPlace(facts) : { kind: 'members', conversationId: channels[0] };
}
