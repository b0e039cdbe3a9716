import { Badge, DEFAULT_BADGES, findBadge, validateBadges } from './badges';
import { DomainError } from './errors';
import { hasRole, Identity } from './identity';
import { isActivePerson, Person } from './people';
import type { Post } from './posts';
import { TENANT_VISIBILITY, Visibility } from './visibility';

/**
 * Recognition rules: who may send kudos, to whom, with which badge, how often. Pure
 * rules; storage and Teams come in through ports (see kudos-send.ts).
 */
export const KUDOS_MESSAGE_MAX = 500;
export const KUDOS_RECIPIENTS_MAX = 10;
export const DEFAULT_WEEKLY_ALLOWANCE = 5;
export const WEEKLY_ALLOWANCE_MAX = 100;

/** `managers`: people with direct reports in the directory or the manager role (admins always may). */
export const SEND_POLICIES = ['managers', 'everyone'] as const;
export type SendPolicy = (typeof SEND_POLICIES)[number];

export interface KudosSettings {
  sendPolicy: SendPolicy;
  /** Kudos one person may send per ISO week (UTC); null: no limit. */
  weeklyAllowance: number | null;
  /** Whether a recipient's manager hears about their kudos too. */
  notifyManagers: boolean;
  badges: Badge[];
}

export const DEFAULT_KUDOS_SETTINGS: KudosSettings = { sendPolicy: 'managers', weeklyAllowance: DEFAULT_WEEKLY_ALLOWANCE, notifyManagers: true, badges: [...DEFAULT_BADGES] };

export function validateKudosSettings(input: KudosSettings): KudosSettings {
  if (!SEND_POLICIES.includes(input.sendPolicy)) throw new DomainError('bad_request', `sendPolicy is one of ${SEND_POLICIES.join(', ')}`);
  const allowance = input.weeklyAllowance;
  if (allowance !== null && (!Number.isInteger(allowance) || allowance < 1 || allowance > WEEKLY_ALLOWANCE_MAX)) {
    throw new DomainError('bad_request', `weeklyAllowance is a whole number from 1 to ${WEEKLY_ALLOWANCE_MAX}, or null for no limit`);
  }
  return { sendPolicy: input.sendPolicy, weeklyAllowance: allowance, notifyManagers: Boolean(input.notifyManagers), badges: validateBadges(input.badges) };
}

/** A person named on a kudos, with the name they had then (cards and walls render without lookups). */
export interface KudosPerson {
  userId: string;
  displayName: string;
  department?: string;
  managerId?: string;
  /** A joiner's: when they joined (the leaderboard periods their join counted in). */
  joinedAt?: string;
}

/** What a kudos adds to its post (kind "kudos"; the message is the post's body). */
export interface KudosDetails {
  badge: Badge;
  recipients: KudosPerson[];
  /** People who added their kudos, each once, in the order they joined. */
  joiners: KudosPerson[];
  /** Sent privately to the recipients rather than into a conversation. */
  private: boolean;
  /** The Teams message it was sent from (message action), quoted on the card. */
  quote?: { authorName?: string; text: string };
}

export type KudosPost = Post & { kind: 'kudos'; kudos: KudosDetails };
export const isKudos = (post: Post): post is KudosPost => post.kind === 'kudos' && post.kudos !== undefined;

/** Joiners shown by name on the card; the rest are counted. */
export const JOINERS_SHOWN = 5;
export const QUOTE_MAX = 300;

/** What the sender chose, before anything is checked. */
export interface KudosDraft {
  recipients: string[];
  badge: string;
  message: string;
  private?: boolean;
}

export interface SenderFacts {
  hasDirectReports: boolean;
}

export function maySendKudos(identity: Identity, facts: SenderFacts, settings: Pick<KudosSettings, 'sendPolicy'>): boolean {
  if (identity.roles.includes('admin') || settings.sendPolicy === 'everyone') return true;
  return hasRole(identity, 'manager') || facts.hasDirectReports;
}

export function assertMaySendKudos(identity: Identity, facts: SenderFacts, settings: Pick<KudosSettings, 'sendPolicy'>): void {
  if (!maySendKudos(identity, facts, settings)) throw new DomainError('forbidden', 'only managers may send kudos here', 'error.kudos.notAllowed');
}

/** Entra object ids arrive in either case; we keep them lower-case. */
const normaliseId = (id: string) => id.trim().toLowerCase();

/**
 * Checks a draft against the rules and the directory. Recipients must be active
 * people of the sender's tenant (`lookup` reads within it), never the sender.
 */
export async function validateKudosDraft(
  draft: KudosDraft,
  sender: Identity,
  settings: Pick<KudosSettings, 'badges'>,
  lookup: (userId: string) => Promise<Person | undefined>,
): Promise<{ recipients: KudosPerson[]; badge: Badge; message: string }> {
  const ids = [...new Set(draft.recipients.map(normaliseId).filter(Boolean))];
  if (ids.length === 0) throw new DomainError('bad_request', 'no recipients', 'error.kudos.noRecipients');
  if (ids.includes(sender.userId.toLowerCase())) throw new DomainError('bad_request', 'kudos to yourself', 'error.kudos.self');
  if (ids.length > KUDOS_RECIPIENTS_MAX) throw new DomainError('bad_request', `at most ${KUDOS_RECIPIENTS_MAX} recipients`, 'error.kudos.tooManyRecipients', { max: KUDOS_RECIPIENTS_MAX });
  const badge = findBadge(settings.badges, draft.badge);
  if (!badge) throw new DomainError('bad_request', `unknown badge "${draft.badge.slice(0, 40)}"`, 'error.kudos.unknownBadge', { badges: settings.badges.map((b) => b.name).join(', ') });
  const message = draft.message.replace(/\r\n/g, '\n').trim();
  if (!message) throw new DomainError('bad_request', 'empty message', 'error.kudos.emptyMessage');
  if (message.length > KUDOS_MESSAGE_MAX) throw new DomainError('bad_request', `longer than ${KUDOS_MESSAGE_MAX}`, 'error.kudos.tooLong', { max: KUDOS_MESSAGE_MAX });
  const people = await Promise.all(ids.map(lookup));
  const unknown = ids.filter((_, i) => !people[i] || !isActivePerson(people[i]!));
  if (unknown.length) throw new DomainError('bad_request', `not in the directory: ${unknown.join(', ')}`, 'error.kudos.unknownRecipient');
  const recipients = people.map((p) => ({ userId: p!.userId, displayName: p!.displayName, department: p!.department, managerId: p!.managerId }));
  return { recipients, badge, message };
}

/** Private kudos are seen by their sender and recipients only (mayReadPost lets both in). */
export const PRIVATE_KUDOS_VISIBILITY: Visibility = { kind: 'members', conversationId: '' };

export function kudosVisibility(placeVisibility: Visibility | undefined): Visibility {
  return placeVisibility ?? TENANT_VISIBILITY;
}

export function isKudosRecipient(post: Post, userId: string): boolean {
  return isKudos(post) && post.kudos.recipients.some((r) => r.userId === userId.toLowerCase());
}

/**
 * "Add your kudos": anyone who may see a kudos joins it once; its sender and its
 * recipients cannot (no kudos to yourself). Returns the next details, or undefined
 * when this person already joined.
 */
export function joinedKudos(post: KudosPost, joiner: KudosPerson): KudosDetails | undefined {
  const id = joiner.userId.toLowerCase();
  if (post.authorId.toLowerCase() === id) throw new DomainError('bad_request', 'your own kudos', 'error.kudos.joinOwn');
  if (post.kudos.recipients.some((r) => r.userId === id)) throw new DomainError('bad_request', 'kudos to yourself', 'error.kudos.self');
  if (post.kudos.joiners.some((j) => j.userId === id)) return undefined;
  return { ...post.kudos, joiners: [...post.kudos.joiners, { ...joiner, userId: id }] };
}
