import { strict as assert } from 'assert';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { actionExecute, botInstalled, mentioning, postActivity } from './activities';
import type { TestCommons } from './app';
import type { MockConnector } from './connector';
import { eventually } from './delivery';

/**
 * Kudos through the real adapter, for tests of who hears about them: demo people in
 * channel General and in their own personal chats, all answered by a loopback Bot
 * Connector.
 */
export type DemoPerson = (typeof DEMO_PEOPLE)[number];

export const demoPerson = (name: string): DemoPerson => DEMO_PEOPLE.find((p) => p.displayName === name)!;
export const teamsAccount = (p: DemoPerson) => ({ id: `29:${p.givenName.toLowerCase()}`, name: p.displayName, aadObjectId: p.userId });
export const personalChatOf = (p: DemoPerson) => `a:personal-${p.userId}`;

export function kudosChat(app: () => TestCommons, connector: () => MockConnector) {
  const channel = (from: DemoPerson) => ({ serviceUrl: connector().url, place: 'channel' as const, from: teamsAccount(from) });

  return {
    /** Commons installed in the person's personal chat. */
    async installPersonal(person: DemoPerson) {
      const activity = { ...botInstalled({ serviceUrl: connector().url, place: 'personal', from: teamsAccount(person) }), conversation: { id: personalChatOf(person), conversationType: 'personal', tenantId: DEMO_TENANT_ID } };
      assert.equal((await postActivity(app().url, activity)).status, 200);
    },

    /** `@Commons kudos @to <rest>` in the channel, from `from`. */
    async sendKudos(from: DemoPerson, to: DemoPerson[], rest: string) {
      const base = mentioning(`kudos ${to.map((p) => `<at>${p.displayName}</at>`).join(' ')} ${rest}`, channel(from));
      const activity = { ...base, entities: [...base.entities, ...to.map((p) => ({ type: 'mention', text: `<at>${p.displayName}</at>`, mentioned: teamsAccount(p) }))] };
      assert.equal((await postActivity(app().url, activity)).status, 200);
    },

    /** "Add your kudos" on the kudos' card in the channel, from `from`; the invoke's HTTP status. */
    async joinKudos(from: DemoPerson, post: { postId: string; deliveredTo: Array<{ activityId: string }> }) {
      const activity = actionExecute('kudos.join', { postId: post.postId }, { ...channel(from), replyToId: post.deliveredTo[0].activityId });
      return (await postActivity(app().url, activity)).status;
    },

    /** What the bot posted into the person's personal chat. */
    messagesTo: (person: DemoPerson) => connector().calls.filter((c) => c.method === 'POST' && c.conversationId === personalChatOf(person) && c.path.includes('/activities')),

    /** Ends the gathering window now (as time passing would) and waits until the person's notice has gone. */
    async flushNotice(person: DemoPerson) {
      const { repositories } = app();
      await eventually(async () => (await repositories.kudosNotices.pending(DEMO_TENANT_ID, person.userId))?.entries.length, 20_000, `kudos queued for ${person.displayName}`);
      await repositories.heldNotices.hold(DEMO_TENANT_ID, person.userId, Date.now(), 'kudos');
      await eventually(async () => (await repositories.heldNotices.get(DEMO_TENANT_ID, person.userId, 'kudos')) === undefined, 20_000, `the notice to ${person.displayName} settled`);
    },
  };
}

/** The card a connector call carried, as text. */
export const cardTextOf = (call: { body: any }) => JSON.stringify(call.body?.attachments?.[0]?.content ?? {});
