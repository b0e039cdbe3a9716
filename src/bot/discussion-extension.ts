import { z } from 'zod';
import { communityChoice, discussionFormCard, HERE } from '../cards/discussion-form';
import { MESSAGE_EXTENSION_COMMANDS } from '../cards/verbs';
import { DISCUSSION_KINDS } from '../domain/discussions';
import { DomainError, errorText } from '../domain/errors';
import { GuidelinesRequiredError } from '../domain/guidelines';
import { POST_BODY_MAX } from '../domain/posts';
import { t } from '../i18n';
import { conversationIdOf } from './activity';
import { startDiscussionHere, startDiscussionInCommunity } from './discussions';
import type { FeatureContext } from './features';
import type { BotIdentity } from './identity';
import { BotRoutes, reply } from './routes';

/** The message extension's "Start a discussion" action command (manifest composeExtensions: compose box and command box). */
export const START_DISCUSSION_COMMAND = MESSAGE_EXTENSION_COMMANDS.startDiscussion;
/** Communities offered in the form (a person's list is read with one point read). */
const FORM_COMMUNITIES_MAX = 50;

const FormSubmit = z.object({
  place: z.string().max(100).default(HERE),
  kind: z.enum(DISCUSSION_KINDS).default('discussion'),
  text: z.string().max(POST_BODY_MAX * 2).default(''),
});

/** The communities the person may start something in: where they are a member and that are not archived. */
async function myCommunities(features: FeatureContext, identity: BotIdentity) {
  const mine = (await features.repositories.communities.mine(identity.tenantId, identity.userId)).filter((m) => m.status === 'member').slice(0, FORM_COMMUNITIES_MAX);
  const communities = await Promise.all(mine.map((m) => features.repositories.communities.get(identity.tenantId, m.communityId)));
  return communities.filter((c) => c && !c.archived).map((c) => ({ communityId: c!.communityId, name: c!.name })).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * "Start a discussion": the form offers this conversation and the person's communities;
 * the submit starts it with the same functions as `@Commons discuss` (here) and the
 * tab (a community). A refusal shows the form again, with what was typed and why.
 */
export function registerDiscussionExtension(routes: BotRoutes, features: FeatureContext): void {
  const form = async (identity: BotIdentity, extra: { draft?: z.infer<typeof FormSubmit>; error?: string } = {}) =>
    reply.dialog(t(identity.locale, 'card.discussionForm.title'), discussionFormCard({ locale: identity.locale, communities: await myCommunities(features, identity), ...extra }));

  routes.messageAction(START_DISCUSSION_COMMAND, {
    open: async (identity) => form(identity),
    submit: {
      schema: FormSubmit,
      options: { writes: true },
      handler: async (identity, draft, context) => {
        try {
          if (draft.place === HERE) {
            const here = conversationIdOf(context.activity);
            const installed = here ? await features.repositories.conversations.get(identity.tenantId, here) : undefined;
            if (!installed?.active) throw new DomainError('conflict', 'not installed here', 'error.discuss.notInstalledHere');
            const held = await startDiscussionHere(features, identity, context, draft.kind, draft.text);
            if (typeof held === 'string') return reply.message(held);
          } else {
            const chosen = (await myCommunities(features, identity)).find((c) => communityChoice(c.communityId) === draft.place);
            if (!chosen) throw new DomainError('bad_request', 'not one of my communities', 'error.discuss.unknownPlace');
            const held = await startDiscussionInCommunity(features, identity, chosen.communityId, draft.kind, draft.text);
            if (typeof held === 'string') return reply.message(held);
          }
          return reply.done();
        } catch (error) {
          // The guidelines step needs its card in chat, which the route's error mapping sends.
          if (!(error instanceof DomainError) || error instanceof GuidelinesRequiredError) throw error;
          return form(identity, { draft, error: errorText(identity.locale, error) });
        }
      },
    },
  });
}
