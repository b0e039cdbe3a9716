import { z } from 'zod';
import { amaCard } from '../cards/ama';
import type { AdaptiveCard } from '../cards/types';
import { VERBS } from '../cards/verbs';
import { AMA_ANSWER_MAX, AMA_QUESTION_MAX, AmaPost, isHost, seesAuthors } from '../domain/ama';
import { amaBoard, amaOf, AmaPorts, answerQuestion, askQuestion, standingIn, upvoteQuestion } from '../domain/ama-actions';
import { DomainError } from '../domain/errors';
import type { Identity } from '../domain/identity';
import { visiblePost } from '../domain/post-access';
import type { Repositories } from '../store';
import { PostIdSchema } from '../validation';
import type { FeatureContext } from './features';
import type { BotIdentity } from './identity';
import { BotRoutes, reply } from './routes';

const QuestionId = z.string().regex(/^q[0-9a-z]{9,20}$/, 'not a question id');
const AmaRef = z.object({ postId: PostIdSchema });
/** Action.Execute merges the card's inputs into its data: `question` and `anonymous` ("true"/"false"). */
const AskData = z.object({ postId: PostIdSchema, question: z.string().max(AMA_QUESTION_MAX * 2).optional(), anonymous: z.enum(['true', 'false']).optional() });
const UpvoteData = z.object({ postId: PostIdSchema, questionId: QuestionId });
/** The answer's input is named after its question (each question has its own form on the card). */
const AnswerData = z.object({ postId: PostIdSchema, questionId: QuestionId }).catchall(z.string().max(AMA_ANSWER_MAX * 2));

export const amaPorts = (repositories: Pick<Repositories, 'amas' | 'communities'>): AmaPorts => ({ amas: repositories.amas, communities: repositories.communities });

/** The card as everyone sees it (every copy): nobody's upvotes, anonymous questions anonymous. */
export async function sharedAmaCard(repositories: Pick<Repositories, 'amas'>, post: AmaPost, now: Date): Promise<AdaptiveCard> {
  const board = await amaBoard(repositories, post);
  return amaCard(post, { ...board, now });
}

/** One person's view (an invoke response): their upvotes marked; the host's with answer forms. */
export async function personalAmaCard(repositories: Pick<Repositories, 'amas' | 'communities'>, post: AmaPost, identity: Identity & { locale?: string }, now: Date): Promise<AdaptiveCard> {
  const [board, { membership }] = await Promise.all([amaBoard(repositories, post), standingIn(amaPorts(repositories), post, identity)]);
  const mine = await repositories.amas.upvotedBy(post.tenantId, post.postId, board.top.map((q) => q.questionId), identity.userId.toLowerCase());
  return amaCard(post, { ...board, locale: identity.locale, now, mine, host: isHost(post, identity), viewer: { userId: identity.userId, seesAuthors: seesAuthors(post, identity, membership) } });
}

export function registerAmaRoutes(routes: BotRoutes, features: FeatureContext): void {
  const { repositories } = features;
  const ports = amaPorts(repositories);
  /** An event the caller may see (the same gate as every post), read fresh: a close elsewhere shows at once. */
  const visibleAma = async (identity: BotIdentity, postId: string) => amaOf(await visiblePost(features.engagement, identity, postId));
  const answerWith = async (identity: BotIdentity, post: AmaPost) => reply.card(await personalAmaCard(repositories, post, identity, features.now()));

  routes.cardVerb(VERBS.amaAsk, AskData, async (identity, { postId, question = '', anonymous }) => {
    const post = await visibleAma(identity, postId);
    await askQuestion(ports, identity, post, question, anonymous === 'true', features.now());
    features.refresher.refresh(post);
    features.logger.info({ tenantId: identity.tenantId, postId, anonymous: anonymous === 'true' }, 'AMA question asked');
    return answerWith(identity, post);
  }, { writes: true });

  routes.cardVerb(VERBS.amaUpvote, UpvoteData, async (identity, { postId, questionId }) => {
    const post = await visibleAma(identity, postId);
    const { counted } = await upvoteQuestion(ports, identity, post, questionId, features.now());
    if (counted) features.refresher.refresh(post);
    return answerWith(identity, post);
  }, { writes: true });

  routes.cardVerb(VERBS.amaHost, AmaRef, async (identity, { postId }) => {
    const post = await visibleAma(identity, postId);
    if (!isHost(post, identity)) throw new DomainError('forbidden', 'the host answers', 'error.ama.notHost', { name: post.ama.hostName });
    return answerWith(identity, post);
  });

  routes.cardVerb(VERBS.amaAnswer, AnswerData, async (identity, data) => {
    const post = await visibleAma(identity, data.postId);
    await answerQuestion(ports, identity, post, data.questionId, String(data[`answer_${data.questionId}`] ?? ''), features.now());
    features.refresher.refresh(post);
    features.logger.info({ tenantId: identity.tenantId, postId: post.postId }, 'AMA question answered');
    return answerWith(identity, post);
  }, { writes: true });
}
