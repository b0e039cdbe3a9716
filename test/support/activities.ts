import { randomUUID } from 'crypto';
import { DEMO_PEOPLE, DEMO_TEAM, DEMO_TENANT_ID } from '../../src/store/demo-tenant';

export const BOT = { id: '28:commons-test-bot', name: 'Commons' };
export const ALEX = { id: '29:alex', name: 'Alex Wilber', aadObjectId: '5e1f0a2b-7c3d-4e5f-8a9b-0c1d2e3f4001' };

export type Place = 'personal' | 'channel' | 'groupChat';

export interface ActivityOptions {
  serviceUrl: string;
  place?: Place;
  tenantId?: string;
  from?: { id: string; name: string; aadObjectId?: string };
  locale?: string;
}

function conversationFor(place: Place, tenantId: string) {
  if (place === 'channel') return { id: `${DEMO_TEAM.channels[0].channelId};messageid=1`, conversationType: 'channel', isGroup: true, tenantId };
  if (place === 'groupChat') return { id: '19:group-chat@thread.v2', conversationType: 'groupChat', isGroup: true, tenantId };
  return { id: `a:personal-${tenantId}`, conversationType: 'personal', tenantId };
}

function base(type: string, options: ActivityOptions) {
  const place = options.place ?? 'personal';
  const tenantId = options.tenantId ?? DEMO_TENANT_ID;
  return {
    type,
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: options.serviceUrl,
    from: options.from ?? ALEX,
    recipient: BOT,
    conversation: conversationFor(place, tenantId),
    locale: options.locale ?? 'en-US',
    channelData: {
      tenant: { id: tenantId },
      ...(place === 'channel' && { team: { id: DEMO_TEAM.teamId, name: DEMO_TEAM.name }, channel: { id: DEMO_TEAM.channels[0].channelId, name: 'General' } }),
    },
  };
}

export function message(text: string, options: ActivityOptions) {
  return { ...base('message', options), text };
}

/** A message that @mentions Commons, as group chats and channels need for the bot to answer. */
export function mentioning(text: string, options: ActivityOptions) {
  return { ...message(`<at>${BOT.name}</at> ${text}`, options), entities: [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }] };
}

export function botInstalled(options: ActivityOptions) {
  return { ...base('conversationUpdate', options), membersAdded: [BOT] };
}

export function installationUpdate(action: 'add' | 'remove', options: ActivityOptions) {
  return { ...base('installationUpdate', options), action };
}

export function botRemoved(options: ActivityOptions) {
  return { ...base('conversationUpdate', options), membersRemoved: [BOT] };
}

/** POSTs an activity to /api/messages the way the Bot Connector service would. */
export async function postActivity(appUrl: string, activity: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${appUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof activity === 'string' ? activity : JSON.stringify(activity),
  });
}

export interface Person {
  id: string;
  name: string;
  aadObjectId: string;
}

/** A demo-tenant person with a Teams id; `n` picks a distinct synthetic person for load tests. */
export function person(n: number): Person {
  return { id: `29:user-${n}`, name: `User ${n}`, aadObjectId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}` };
}

export function invoke(name: string, value: unknown, options: ActivityOptions & { replyToId?: string }) {
  return { ...base('invoke', options), name, value, ...(options.replyToId && { replyToId: options.replyToId }) };
}

export function actionExecute(verb: string, data: unknown, options: ActivityOptions & { replyToId?: string }) {
  return invoke('adaptiveCard/action', { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' }, options);
}

export function taskFetch(data: unknown, options: ActivityOptions) {
  return invoke('task/fetch', { data: { msteams: { type: 'task/fetch' }, ...(data as object) }, context: { theme: 'default' } }, options);
}

export function taskSubmit(data: unknown, options: ActivityOptions) {
  return invoke('task/submit', { data, context: { theme: 'default' } }, options);
}

/** A reply typed in the channel thread rooted at `rootActivityId`. */
export function threadReply(text: string, rootActivityId: string, options: ActivityOptions) {
  const activity = message(text, { ...options, place: 'channel' });
  return { ...activity, conversation: { ...activity.conversation, id: `${DEMO_TEAM.channels[0].channelId};messageid=${rootActivityId}` } };
}

/** A demo-tenant person by display name, as Teams names them in an activity's `from`. */
export function demoPerson(displayName: string): Person {
  const p = DEMO_PEOPLE.find((d) => d.displayName === displayName);
  if (!p) throw new Error(`demoPerson(): no demo person called ${displayName}`);
  return { id: `29:${p.givenName.toLowerCase()}`, name: p.displayName, aadObjectId: p.userId };
}
