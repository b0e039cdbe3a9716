import { randomUUID } from 'crypto';
import { z } from 'zod';
import { noticeCard } from '../cards/dialogs';
import { pollCard } from '../cards/poll';
import { BOT_COMMANDS, VERBS } from '../cards/verbs';
import { hasRole } from '../domain/identity';
import { visiblePoll, voteInPoll } from '../domain/poll-votes';
import { assertMayClosePoll, isPoll, parsePollCommand, POLL_OPTIONS_MAX, PollPost, validatePoll } from '../domain/polls';
import { composePost } from '../domain/posts';
import { t } from '../i18n';
import { PostIdSchema } from '../validation';
import { commandPlace, filedUnder, publishHere } from './community-place';
import type { FeatureContext } from './features';
import type { BotIdentity } from './identity';
import { BotRoutes, reply } from './routes';
import { heldNotice } from './screen';

/** Action.Execute merges the card's inputs into its data: `choices` is the choice set's value ("1" or "1,3"). */
const VoteData = z.object({ postId: PostIdSchema, choices: z.string().max(POLL_OPTIONS_MAX * 4).optional() });
const PollRef = z.object({ postId: PostIdSchema });

export function registerPollRoutes(routes: BotRoutes, features: FeatureContext): void {
  const { repositories } = features;

  // `poll [multiple] [anonymous] <question> | <option> | …`: the poll card goes right here.
  routes.command(BOT_COMMANDS.poll, async (identity, { text }, context) => {
    if (!text) return reply.card(noticeCard(t(identity.locale, 'card.poll.usage')));
    const { question, poll } = validatePoll(parsePollCommand(text), features.now());
    const place = await commandPlace(features, identity, context);
    const post = { ...composePost({ kind: 'poll', body: question, audience: { channels: [place.here.conversationId] }, visibility: place.visibility }, identity, randomUUID(), features.now()), poll, ...filedUnder(place) } as PollPost;
    const held = await heldNotice(features, identity, 'poll', [question, ...poll.options.map((o) => o.label)], { question, poll, conversationId: place.here.conversationId, visibility: place.visibility, ...(post.community && { community: post.community }) });
    if (held) return reply.card(noticeCard(held));
    await publishHere(features, place, post, pollCard(post, { counts: {}, voters: 0 }, { locale: identity.locale, now: features.now() }), context);
    features.logger.info({ tenantId: identity.tenantId, postId: post.postId, options: poll.options.length }, 'poll started');
    return reply.done();
  }, { writes: true });

  // A vote, or a changed vote: stored once per person, every copy's bars follow (the tab's vote route shares actions.polls).
  routes.cardVerb(VERBS.pollVote, VoteData, async (identity, { postId, choices = '' }) => {
    const { post } = await voteInPoll(features.actions.polls, identity, postId, choices.split(','), features.now());
    return reply.card(await features.personalCard(post, identity));
  }, { writes: true });

  routes.cardVerb(VERBS.pollClose, PollRef, async (identity, { postId }) => {
    const post = await visiblePoll(features.engagement, identity, postId);
    assertMayClosePoll(post, identity.userId, hasRole(identity, 'moderator'));
    const at = features.now().toISOString();
    const closed = await repositories.posts.update(identity.tenantId, postId, (p) => (isPoll(p) && !p.poll.closedAt ? { ...p, poll: { ...p.poll, closedAt: at }, updatedAt: at } : undefined));
    const current = closed && isPoll(closed) ? closed : post;
    features.refresher.refresh(current);
    return reply.card(await features.personalCard({ ...current, poll: { ...current.poll, closedAt: current.poll.closedAt ?? at } }, identity));
  }, { writes: true });
}
