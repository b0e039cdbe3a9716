import type { Server } from 'restify';
import { z } from 'zod';
import { amaCard } from '../cards/ama';
import { AMA_ANSWER_MAX, AMA_QUESTION_MAX, AMA_TITLE_MAX, amaPhase, AmaPost, AmaQuestion, authorShown, isHost, seesAuthors } from '../domain/ama';
import { amaBoard, amaOf, answerQuestion, askQuestion, composeAma, standingIn, upvoteQuestion, withdrawUpvote } from '../domain/ama-actions';
import * as actions from '../domain/community-actions';
import type { Identity } from '../domain/identity';
import { visiblePost } from '../domain/post-access';
import { sendToLinkedChannels } from '../delivery/community-posts';
import { t } from '../i18n';
import { PostIdSchema } from '../validation';
import { CommunityParams, communityPorts } from './communities';
import { ApiDependencies, callerOf, postAccess } from './context';
import { handler, jsonBody, parse } from './http';

export const AMA_LIST_MAX = 50;
export const AMA_QUESTION_PAGE = 50;
const QuestionId = z.string().regex(/^q[0-9a-z]{9,20}$/, 'not a question id');

export const NewAmaSchema = z
  .object({
    title: z.string().max(AMA_TITLE_MAX * 2).describe('What the event is about'),
    startsAt: z.string().datetime().optional().describe('When the host starts answering (default: now); questions are taken from the moment it is opened'),
    endsAt: z.string().datetime().describe('When it closes: no more questions, upvotes or answers, and a summary card goes out'),
    hostId: z.string().min(1).max(100).regex(/^[A-Za-z0-9-]+$/, 'not a user id').optional().describe('A member who hosts it (owners and moderators only); default: the caller'),
  })
  .strict();
export const AmaParams = z.object({ id: PostIdSchema }).strict();
export const AmaQuestionParams = z.object({ id: PostIdSchema, questionId: QuestionId }).strict();
export const NewQuestionSchema = z.object({ text: z.string().max(AMA_QUESTION_MAX * 2), anonymous: z.boolean().optional().describe('Shown as "Anonymous" to everyone but the host, moderators and you') }).strict();
export const AnswerSchema = z.object({ text: z.string().max(AMA_ANSWER_MAX * 2) }).strict();
export const QuestionPageQuery = z.object({ continuationToken: z.string().regex(/^\d{1,4}$/, 'not a continuation token').optional() }).strict();

export function amaView(post: AmaPost, identity: Identity, counts?: { asked: number; answered: number }) {
  return {
    id: post.postId,
    title: post.ama.title,
    community: post.community,
    host: { userId: post.ama.hostId, displayName: post.ama.hostName },
    startsAt: post.ama.startsAt,
    endsAt: post.ama.endsAt,
    closedAt: post.ama.closedAt,
    phase: amaPhase(post.ama, new Date()),
    isHost: isHost(post, identity),
    createdAt: post.createdAt,
    ...counts,
  };
}

type Viewer = { userId: string; seesAuthors: boolean };
export function questionView(question: AmaQuestion, votes: number, upvoted: boolean, viewer: Viewer, locale?: string) {
  const name = authorShown(question, viewer, t(locale, 'card.ama.anonymous'));
  const revealed = name === question.authorName;
  return {
    id: question.questionId,
    text: question.text,
    anonymous: question.anonymous,
    author: { displayName: name, ...(revealed && { userId: question.authorId }) },
    mine: question.authorId === viewer.userId.toLowerCase(),
    votes,
    upvoted,
    createdAt: question.createdAt,
    ...(question.answer && { answer: question.answer }),
  };
}

/** Ask-me-anything events of a community: list, open, ask, upvote, answer (the same domain functions as the card). */
export function registerAmaRoutes(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;
  const ports = { amas: repositories.amas, communities: repositories.communities };
  const visibleAma = async (identity: Identity, id: string) => amaOf(await visiblePost(postAccess(deps), identity, id));
  const viewerOf = async (post: AmaPost, identity: Identity): Promise<Viewer> => ({ userId: identity.userId, seesAuthors: seesAuthors(post, identity, (await standingIn(ports, post, identity)).membership) });
  const refresh = (post: AmaPost) => deps.refreshCards?.(post);

  server.get('/api/v1/communities/:id/amas', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    const { id } = parse(CommunityParams, req.params);
    await actions.readableCommunity(communityPorts(repositories), identity, id);
    const posts = await repositories.posts.communityAmas(identity.tenantId, id, AMA_LIST_MAX);
    return { amas: posts.map((post) => amaView(amaOf(post), identity)) };
  }));

  // Opened from the tab: its card goes to every linked channel; it closes itself at its end (a held notice).
  server.post('/api/v1/communities/:id/amas', jsonBody(), handler(logger, async (req) => {
    const { identity, person } = await callerOf(deps, req);
    const { id } = parse(CommunityParams, req.params);
    const input = parse(NewAmaSchema, req.body);
    const { community, membership } = await actions.readableCommunity(communityPorts(repositories), identity, id);
    const now = new Date();
    const post = await composeAma(ports, { ...identity, displayName: person?.displayName ?? identity.userId }, community, membership, input, now);
    // Held first: should what follows fail, the close finds no event and forgets it.
    await repositories.heldNotices.hold(identity.tenantId, post.postId, Date.parse(post.ama.endsAt), 'amaClose');
    const card = amaCard(post, { asked: 0, answered: 0, top: [], now });
    const deliveries = await sendToLinkedChannels({ repositories, sendCard: deps.sendCard ?? (async () => ''), logger }, community, card);
    const stored = { ...post, deliveredTo: deliveries };
    await repositories.posts.create(stored);
    await repositories.posts.fileAmaUnderCommunity(stored);
    await repositories.communities.touch(identity.tenantId, id, stored.createdAt);
    logger.info({ tenantId: identity.tenantId, communityId: id, postId: post.postId, copies: deliveries.length }, 'AMA opened');
    return amaView(stored, identity, { asked: 0, answered: 0 });
  }, 201));

  // The event and a page of its questions, most upvoted first, with the caller's own upvotes.
  server.get('/api/v1/amas/:id', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    const { id } = parse(AmaParams, req.params);
    const { continuationToken } = parse(QuestionPageQuery, req.query ?? {});
    const post = await visibleAma(identity, id);
    const board = await amaBoard(repositories, post, 0);
    const offset = Number(continuationToken ?? 0);
    const ids = board.order.slice(offset, offset + AMA_QUESTION_PAGE);
    const [questions, mine, viewer] = await Promise.all([repositories.amas.questions(identity.tenantId, id, ids), repositories.amas.upvotedBy(identity.tenantId, id, ids, identity.userId.toLowerCase()), viewerOf(post, identity)]);
    const next = offset + AMA_QUESTION_PAGE < board.order.length ? String(offset + AMA_QUESTION_PAGE) : undefined;
    return {
      ama: amaView(post, identity, { asked: board.asked, answered: board.answered }),
      questions: questions.map((q) => questionView(q, board.tally.votes[q.questionId] ?? 0, mine.has(q.questionId), viewer, identity.locale)),
      ...(next && { continuationToken: next }),
    };
  }));

  server.post('/api/v1/amas/:id/questions', jsonBody(), handler(logger, async (req) => {
    const { identity, person } = await callerOf(deps, req);
    const { id } = parse(AmaParams, req.params);
    const input = parse(NewQuestionSchema, req.body);
    const post = await visibleAma(identity, id);
    const question = await askQuestion(ports, { ...identity, displayName: person?.displayName ?? identity.userId }, post, input.text, Boolean(input.anonymous), new Date());
    refresh(post);
    return questionView(question, 0, false, await viewerOf(post, identity), identity.locale);
  }, 201));

  const vote = (up: boolean) => handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    const { id, questionId } = parse(AmaQuestionParams, req.params);
    const post = await visibleAma(identity, id);
    const changed = up ? (await upvoteQuestion(ports, identity, post, questionId, new Date())).counted : (await withdrawUpvote(ports, identity, post, questionId, new Date())).removed;
    if (changed) refresh(post);
    const tally = await repositories.amas.tally(identity.tenantId, id);
    return { questionId, upvoted: up, changed, votes: tally.votes[questionId] ?? 0 };
  });
  server.put('/api/v1/amas/:id/questions/:questionId/upvote', vote(true));
  server.del('/api/v1/amas/:id/questions/:questionId/upvote', vote(false));

  server.put('/api/v1/amas/:id/questions/:questionId/answer', jsonBody(), handler(logger, async (req) => {
    const { identity, person } = await callerOf(deps, req);
    const { id, questionId } = parse(AmaQuestionParams, req.params);
    const { text } = parse(AnswerSchema, req.body);
    const post = await visibleAma(identity, id);
    const answered = await answerQuestion(ports, { ...identity, displayName: person?.displayName ?? identity.userId }, post, questionId, text, new Date());
    refresh(post);
    const [tally, mine, viewer] = await Promise.all([repositories.amas.tally(identity.tenantId, id), repositories.amas.upvotedBy(identity.tenantId, id, [questionId], identity.userId.toLowerCase()), viewerOf(post, identity)]);
    return questionView(answered, tally.votes[questionId] ?? 0, mine.has(questionId), viewer, identity.locale);
  }));
}
