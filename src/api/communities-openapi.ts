import { HELD_RESPONSE } from './screen';
import { jsonRequest, jsonResponse, pathParameter, queryParameters } from './openapi-zod';
import { BestAnswerSchema, CommunityFeedQuery, NewCommunityPostSchema } from './community-posts';
import { AddMemberSchema, CommunityParams, DiscoverQuerySchema, MemberParams, NewCommunitySchema, PageQuerySchema, RoleSchema } from './communities';

/** The communities part of GET /api/v1/openapi.json; requests described from their zod schemas. */
const error = { $ref: '#/components/responses/Error' };
const notFound = { ...error, description: 'No such community, or a closed or secret one the caller is not a member of (the same answer)' };
const community = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string' },
    description: { type: 'string' },
    emoji: { type: 'string' },
    colour: { type: 'string' },
    hex: { type: 'string' },
    privacy: { type: 'string', enum: ['open', 'closed', 'secret'] },
    archived: { type: 'boolean' },
    memberCount: { type: 'integer' },
    createdAt: { type: 'string', format: 'date-time' },
    lastActivityAt: { type: 'string', format: 'date-time' },
    myStanding: { type: 'string', enum: ['none', 'requested', 'member', 'moderator', 'owner'] },
    canRead: { type: 'boolean', description: 'Whether the caller may read its feed and members' },
    canModerate: { type: 'boolean' },
    isOwner: { type: 'boolean' },
    linkedChannelCount: { type: 'integer' },
  },
};
const member = { type: 'object', properties: { userId: { type: 'string' }, displayName: { type: 'string' }, role: { type: 'string' }, since: { type: 'string', format: 'date-time' } } };
const membership = { type: 'object', properties: { member: { ...member, properties: { ...member.properties, status: { type: 'string', enum: ['member', 'requested'] } } } } };
const continuation = { type: 'string', description: 'Pass as `continuationToken` for the next page; absent on the last' };
const id = [pathParameter('id', CommunityParams.shape.id)];
const idAndUser = [pathParameter('id', MemberParams.shape.id), pathParameter('userId', MemberParams.shape.userId)];
const action = (operationId: string, summary: string, extra: Record<string, unknown> = {}) => ({
  post: { operationId, summary, parameters: id, responses: { '200': jsonResponse('The community as the caller now sees it', community), '401': error, '404': notFound, ...extra } },
});

const post = {
  type: 'object',
  properties: {
    id: { type: 'string' }, kind: { type: 'string', enum: ['discussion', 'question', 'poll', 'ama', 'update', 'kudos', 'announcement'] }, body: { type: 'string' },
    author: { type: 'object', properties: { userId: { type: 'string' }, displayName: { type: 'string' } } }, createdAt: { type: 'string', format: 'date-time' },
    reactionCount: { type: 'integer' }, commentCount: { type: 'integer' }, latestComments: { type: 'array', items: { type: 'object' } },
    bestAnswer: { type: 'object', properties: { commentId: { type: 'string' }, authorName: { type: 'string' }, text: { type: 'string' } } },
    poll: { type: 'object', description: 'Options and settings of a poll' },
  },
};

export const COMMUNITIES_OPENAPI_PATHS = {
  '/api/v1/communities/{id}/posts': {
    post: { operationId: 'startCommunityPost', summary: 'Start a discussion, a question or a poll in the community (members): filed under it and posted as a card in each linked channel', parameters: id, requestBody: jsonRequest(NewCommunityPostSchema), responses: { '201': jsonResponse('Started', post), '202': jsonResponse('Held for review by the tenant\'s word list: stored, not published', HELD_RESPONSE), '400': { ...error, description: 'Empty or too long, a poll with fewer than 2 or more than 10 options, a closing time in the past, or words the word list blocks (the message names the rule)' }, '401': error, '403': { ...error, description: 'Not a member, or guidelines_required: the caller has not accepted the current community guidelines (GET /api/v1/guidelines)' }, '404': notFound, '409': { ...error, description: 'Archived' } } },
  },
  '/api/v1/communities/{id}/feed': {
    get: { operationId: 'communityFeed', summary: 'Discussions, questions and polls filed under the community, newest first or most active first (sort=active) (members only for closed and secret ones); unanswered questions with kind=question&unanswered=true', parameters: [...id, ...queryParameters(CommunityFeedQuery)], responses: { '200': jsonResponse('A page', { type: 'object', properties: { posts: { type: 'array', items: post }, continuationToken: continuation } }), '400': { ...error, description: 'A bad filter, or a continuation token from another tenant, filter or sort, or changed' }, '401': error, '404': notFound } },
  },
  '/api/v1/posts/{id}/best-answer': {
    post: { operationId: 'markBestAnswer', summary: 'Mark a reply as the best answer to a question (the asker or a moderator); every copy of its card shows it', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], requestBody: jsonRequest(BestAnswerSchema), responses: { '200': jsonResponse('The question', post), '400': error, '401': error, '403': error, '404': error } },
  },
  '/api/v1/communities': {
    get: { operationId: 'discoverCommunities', summary: 'Communities the caller may know of, newest first, optionally searched; secret ones only for their members', parameters: queryParameters(DiscoverQuerySchema), responses: { '200': jsonResponse('A page', { type: 'object', properties: { communities: { type: 'array', items: community }, continuationToken: continuation } }), '400': error, '401': error } },
    post: { operationId: 'createCommunity', summary: 'Create a community; the caller is its owner', requestBody: jsonRequest(NewCommunitySchema), responses: { '201': jsonResponse('Created', community), '202': jsonResponse('Held for review by the tenant\'s word list: stored, not created', HELD_RESPONSE), '400': { ...error, description: 'Invalid, or a name the word list blocks (the message names the rule)' }, '401': error, '409': { ...error, description: 'The name is taken' } } },
  },
  '/api/v1/communities/mine': {
    get: { operationId: 'myCommunities', summary: 'Communities I belong to or asked to join', responses: { '200': jsonResponse('Mine', { type: 'object', properties: { communities: { type: 'array', items: community } } }), '401': error } },
  },
  '/api/v1/communities/{id}': {
    get: { operationId: 'getCommunity', summary: 'A community\'s about and my standing in it', parameters: id, responses: { '200': jsonResponse('The community', community), '401': error, '404': notFound } },
  },
  '/api/v1/communities/{id}/members': {
    get: { operationId: 'communityMembers', summary: 'Members, owners first (members only for closed and secret communities)', parameters: [...id, ...queryParameters(PageQuerySchema)], responses: { '200': jsonResponse('A page', { type: 'object', properties: { members: { type: 'array', items: member }, continuationToken: continuation } }), '401': error, '404': notFound } },
    post: { operationId: 'addCommunityMember', summary: 'Add a person of the tenant (owners and moderators; how secret communities grow)', parameters: id, requestBody: jsonRequest(AddMemberSchema), responses: { '201': jsonResponse('Their membership', membership), '400': error, '401': error, '403': error, '404': notFound, '409': { ...error, description: 'Archived' } } },
  },
  '/api/v1/communities/{id}/members/{userId}': {
    put: { operationId: 'setCommunityRole', summary: 'Make a member an owner, moderator or member (owners)', parameters: idAndUser, requestBody: jsonRequest(RoleSchema), responses: { '200': jsonResponse('Their membership', membership), '400': error, '401': error, '403': error, '404': notFound, '409': { ...error, description: 'The last owner cannot step down' } } },
    delete: { operationId: 'removeCommunityMember', summary: 'Remove a member (owners and moderators; owners alone remove owners and moderators)', parameters: idAndUser, responses: { '200': jsonResponse('Removed'), '401': error, '403': error, '404': notFound, '409': error } },
  },
  '/api/v1/communities/{id}/join': action('joinCommunity', 'Join an open community, or ask to join a closed one (joining twice changes nothing)', { '409': { ...error, description: 'Archived' } }),
  '/api/v1/communities/{id}/leave': action('leaveCommunity', 'Leave, or withdraw a request', { '409': { ...error, description: 'Not a member, or the last owner' } }),
  '/api/v1/communities/{id}/archive': action('archiveCommunity', 'Archive: readable, but nobody joins or posts (owners)', { '403': error, '409': { ...error, description: 'Already archived' } }),
  '/api/v1/communities/{id}/requests': {
    get: { operationId: 'communityRequests', summary: 'Pending requests to join (owners and moderators)', parameters: id, responses: { '200': jsonResponse('Requests', { type: 'object', properties: { requests: { type: 'array', items: member } } }), '401': error, '403': error, '404': notFound } },
  },
  '/api/v1/communities/{id}/requests/{userId}/approve': {
    post: { operationId: 'approveCommunityRequest', summary: 'Approve a request (owners and moderators); approving twice counts once', parameters: idAndUser, responses: { '200': jsonResponse('Their membership', membership), '401': error, '403': error, '404': notFound } },
  },
  '/api/v1/communities/{id}/requests/{userId}/decline': {
    post: { operationId: 'declineCommunityRequest', summary: 'Decline a request (owners and moderators)', parameters: idAndUser, responses: { '200': jsonResponse('Declined'), '401': error, '403': error, '404': notFound } },
  },
};
