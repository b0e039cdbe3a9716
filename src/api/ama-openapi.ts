import { AmaParams, AmaQuestionParams, AnswerSchema, NewAmaSchema, NewQuestionSchema, QuestionPageQuery } from './amas';
import { CommunityParams } from './communities';
import { jsonRequest, jsonResponse, pathParameter, queryParameters } from './openapi-zod';

/** The ask-me-anything part of GET /api/v1/openapi.json; requests described from their zod schemas. */
const error = { $ref: '#/components/responses/Error' };
const notFound = { ...error, description: 'No such event or community, or one in a closed or secret community the caller is not a member of (the same answer)' };
const closed = { ...error, description: 'The event is over (or, for answers, not started yet), or the community is archived' };
const person = { type: 'object', properties: { userId: { type: 'string' }, displayName: { type: 'string' } } };
const ama = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    title: { type: 'string' },
    community: { type: 'object', properties: { communityId: { type: 'string' }, name: { type: 'string' } } },
    host: person,
    startsAt: { type: 'string', format: 'date-time' },
    endsAt: { type: 'string', format: 'date-time' },
    closedAt: { type: 'string', format: 'date-time' },
    phase: { type: 'string', enum: ['upcoming', 'live', 'closed'] },
    isHost: { type: 'boolean' },
    asked: { type: 'integer' },
    answered: { type: 'integer' },
  },
};
const question = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    text: { type: 'string' },
    anonymous: { type: 'boolean' },
    author: { ...person, description: '"Anonymous" (no userId) for an anonymous question, except to the host, moderators and its author' },
    mine: { type: 'boolean' },
    votes: { type: 'integer' },
    upvoted: { type: 'boolean', description: 'Whether the caller upvoted it' },
    createdAt: { type: 'string', format: 'date-time' },
    answer: { type: 'object', properties: { text: { type: 'string' }, answeredAt: { type: 'string', format: 'date-time' }, byName: { type: 'string' } } },
  },
};
const vote = { type: 'object', properties: { questionId: { type: 'string' }, upvoted: { type: 'boolean' }, changed: { type: 'boolean', description: 'False when nothing changed (already upvoted, or no upvote to take back)' }, votes: { type: 'integer' } } };
const amaId = [pathParameter('id', AmaParams.shape.id)];
const questionIds = [pathParameter('id', AmaQuestionParams.shape.id), pathParameter('questionId', AmaQuestionParams.shape.questionId)];
const voteResponses = { '200': jsonResponse('The question\'s upvotes now', vote), '400': { ...error, description: 'No such question' }, '401': error, '403': { ...error, description: 'Not a member' }, '404': notFound, '409': closed };

export const AMA_OPENAPI_PATHS = {
  '/api/v1/communities/{id}/amas': {
    get: { operationId: 'communityAmas', summary: 'The community\'s ask-me-anything events, newest first (members only for closed and secret ones)', parameters: [pathParameter('id', CommunityParams.shape.id)], responses: { '200': jsonResponse('Events', { type: 'object', properties: { amas: { type: 'array', items: ama } } }), '400': error, '401': error, '404': notFound } },
    post: { operationId: 'openAma', summary: 'Open an ask-me-anything event (members host their own; owners and moderators may name a member as host): posted as a card in each linked channel, closed with a summary card at its end', parameters: [pathParameter('id', CommunityParams.shape.id)], requestBody: jsonRequest(NewAmaSchema), responses: { '201': jsonResponse('Opened', ama), '400': { ...error, description: 'No or too long a title, times in the past or the wrong way round, a host who is not a member' }, '401': error, '403': { ...error, description: 'Not a member, or naming a host without being an owner or moderator' }, '404': notFound, '409': { ...error, description: 'Archived' } } },
  },
  '/api/v1/amas/{id}': {
    get: { operationId: 'getAma', summary: 'An event and a page of its questions, most upvoted first, with answers and the caller\'s upvotes', parameters: [...amaId, ...queryParameters(QuestionPageQuery)], responses: { '200': jsonResponse('The event', { type: 'object', properties: { ama, questions: { type: 'array', items: question }, continuationToken: { type: 'string' } } }), '400': error, '401': error, '404': notFound } },
  },
  '/api/v1/amas/{id}/questions': {
    post: { operationId: 'askAmaQuestion', summary: 'Ask a question (members, until the event ends), optionally anonymous to other members', parameters: amaId, requestBody: jsonRequest(NewQuestionSchema), responses: { '201': jsonResponse('Asked', question), '400': { ...error, description: 'Empty or too long' }, '401': error, '403': { ...error, description: 'Not a member' }, '404': notFound, '409': closed } },
  },
  '/api/v1/amas/{id}/questions/{questionId}/upvote': {
    put: { operationId: 'upvoteAmaQuestion', summary: 'Upvote a question: once per person (a repeated upvote changes nothing)', parameters: questionIds, responses: voteResponses },
    delete: { operationId: 'withdrawAmaUpvote', summary: 'Take one\'s upvote back (nothing changes if there was none)', parameters: questionIds, responses: voteResponses },
  },
  '/api/v1/amas/{id}/questions/{questionId}/answer': {
    put: { operationId: 'answerAmaQuestion', summary: 'The host answers a question (again: the new answer replaces the old); every copy of the card shows it', parameters: questionIds, requestBody: jsonRequest(AnswerSchema), responses: { '200': jsonResponse('The question with its answer', question), '400': error, '401': error, '403': { ...error, description: 'Not the host' }, '404': notFound, '409': closed } },
  },
};
