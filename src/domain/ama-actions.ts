import { randomUUID } from 'crypto';
import {
  AMA_CARD_TOP,
  AMA_QUESTIONS_MAX,
  AmaAnswer,
  AmaDraft,
  AmaPost,
  AmaQuestion,
  AmaTally,
  assertMayAnswer,
  assertMayOpenAma,
  assertMayTakePart,
  checkedAnswer,
  checkedQuestion,
  isAma,
  newQuestionId,
  ranked,
  validateAma,
} from './ama';
import type { Community, CommunityMembership } from './communities';
import { communityVisibility } from './discussions';
import { DomainError } from './errors';
import type { Identity } from './identity';
import { composePost, Post } from './posts';

/**
 * What people do with an AMA: open one, ask, upvote, answer. Each takes a post the
 * caller may already see (the post gate, src/domain/post-access.ts, is asked first by
 * the bot and the API), checks the rules in ama.ts, then asks the store.
 */
export interface AmaPorts {
  amas: {
    ask(tenantId: string, postId: string, question: AmaQuestion): Promise<void>;
    question(tenantId: string, postId: string, questionId: string): Promise<AmaQuestion | undefined>;
    questions(tenantId: string, postId: string, questionIds: string[]): Promise<AmaQuestion[]>;
    upvote(tenantId: string, postId: string, questionId: string, userId: string, at: string): Promise<boolean>;
    removeUpvote(tenantId: string, postId: string, questionId: string, userId: string): Promise<boolean>;
    answer(tenantId: string, postId: string, questionId: string, answer: AmaAnswer): Promise<AmaQuestion | undefined>;
    tally(tenantId: string, postId: string): Promise<AmaTally>;
  };
  communities: {
    get(tenantId: string, communityId: string): Promise<Community | undefined>;
    membership(tenantId: string, communityId: string, userId: string): Promise<CommunityMembership | undefined>;
  };
}

export type Person = Identity & { displayName: string };

export function amaOf(post: Post): AmaPost {
  if (!isAma(post)) throw new DomainError('bad_request', 'not an AMA', 'error.ama.notAma');
  return post;
}

/** The community the event belongs to and the caller's standing there (two point reads). */
export async function standingIn(ports: AmaPorts, post: AmaPost, identity: Identity) {
  const communityId = post.community?.communityId ?? '';
  const [community, membership] = communityId
    ? await Promise.all([ports.communities.get(identity.tenantId, communityId), ports.communities.membership(identity.tenantId, communityId, identity.userId)])
    : [undefined, undefined];
  return { community, membership };
}

/** The event as a post filed under the community, not stored yet (the caller sends its card, then stores it). */
export async function composeAma(ports: AmaPorts, creator: Person, community: Community, membership: CommunityMembership | undefined, draft: AmaDraft, now: Date): Promise<AmaPost> {
  const times = validateAma(draft, now);
  const hostId = (draft.hostId ?? creator.userId).toLowerCase();
  const hostIsCreator = hostId === creator.userId.toLowerCase();
  const host = hostIsCreator ? membership : await ports.communities.membership(creator.tenantId, community.communityId, hostId);
  assertMayOpenAma(community, creator, membership, host, hostIsCreator);
  const post = composePost({ kind: 'ama', body: times.title, audience: {}, visibility: communityVisibility(community.communityId) }, creator, randomUUID(), now);
  return {
    ...post,
    kind: 'ama',
    community: { communityId: community.communityId, name: community.name },
    ama: { title: times.title, hostId, hostName: hostIsCreator ? creator.displayName : host!.displayName, startsAt: times.startsAt, endsAt: times.endsAt },
  };
}

export async function askQuestion(ports: AmaPorts, asker: Person, post: AmaPost, text: string, anonymous: boolean, now: Date): Promise<AmaQuestion> {
  const { community, membership } = await standingIn(ports, post, asker);
  assertMayTakePart(post, community, membership, now);
  const checked = checkedQuestion(text);
  // A soft cap (two people may pass it at once): it keeps the ranking documents small.
  const tally = await ports.amas.tally(post.tenantId, post.postId);
  if (Object.keys(tally.votes).length >= AMA_QUESTIONS_MAX) throw new DomainError('conflict', 'too many questions', 'error.ama.full', { max: AMA_QUESTIONS_MAX });
  const question: AmaQuestion = { questionId: newQuestionId(now, randomUUID()), text: checked, authorId: asker.userId.toLowerCase(), authorName: asker.displayName, anonymous, createdAt: now.toISOString() };
  await ports.amas.ask(post.tenantId, post.postId, question);
  return question;
}

async function existingQuestion(ports: AmaPorts, post: AmaPost, questionId: string): Promise<AmaQuestion> {
  const question = await ports.amas.question(post.tenantId, post.postId, questionId);
  if (!question) throw new DomainError('bad_request', 'no such question', 'error.ama.noSuchQuestion');
  return question;
}

/** Once per person per question: a repeated upvote changes nothing (`counted` false). */
export async function upvoteQuestion(ports: AmaPorts, voter: Identity, post: AmaPost, questionId: string, now: Date): Promise<{ counted: boolean }> {
  const { community, membership } = await standingIn(ports, post, voter);
  assertMayTakePart(post, community, membership, now);
  await existingQuestion(ports, post, questionId);
  return { counted: await ports.amas.upvote(post.tenantId, post.postId, questionId, voter.userId.toLowerCase(), now.toISOString()) };
}

export async function withdrawUpvote(ports: AmaPorts, voter: Identity, post: AmaPost, questionId: string, now: Date): Promise<{ removed: boolean }> {
  const { community, membership } = await standingIn(ports, post, voter);
  assertMayTakePart(post, community, membership, now);
  await existingQuestion(ports, post, questionId);
  return { removed: await ports.amas.removeUpvote(post.tenantId, post.postId, questionId, voter.userId.toLowerCase()) };
}

export async function answerQuestion(ports: AmaPorts, host: Person, post: AmaPost, questionId: string, text: string, now: Date): Promise<AmaQuestion> {
  assertMayAnswer(post, host, now);
  const answer = checkedAnswer(text);
  await existingQuestion(ports, post, questionId);
  const answered = await ports.amas.answer(post.tenantId, post.postId, questionId, { text: answer, answeredAt: now.toISOString(), byName: host.displayName });
  if (!answered) throw new DomainError('bad_request', 'no such question', 'error.ama.noSuchQuestion');
  return answered;
}

/** The ranking a card shows: counts, and the top questions read by id (8 + `top` point reads). */
export async function amaBoard(ports: Pick<AmaPorts, 'amas'>, post: AmaPost, top = AMA_CARD_TOP) {
  const tally = await ports.amas.tally(post.tenantId, post.postId);
  const order = ranked(tally);
  const questions = await ports.amas.questions(post.tenantId, post.postId, order.slice(0, top));
  return {
    asked: order.length,
    answered: tally.answered.size,
    order,
    tally,
    top: questions.map((q) => ({ ...q, votes: tally.votes[q.questionId] ?? 0 })),
  };
}
