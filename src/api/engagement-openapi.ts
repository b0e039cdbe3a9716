import { AnnouncementParams, CommentBodySchema, CommentsQuery, EngagementPostParams, ReactionBodySchema } from './engagement';
import { jsonRequest, jsonResponse, pathParameter, queryParameters } from './openapi-zod';
import { HELD_RESPONSE } from './screen';

/** Reacting, commenting and acknowledging from the tab, in GET /api/v1/openapi.json; requests described from their zod schemas. */
const error = { $ref: '#/components/responses/Error' };
const notFound = { ...error, description: 'No such post, or one the caller may not see (the same answer)' };
const postId = [pathParameter('id', EngagementPostParams.shape.id)];
const comment = {
  type: 'object',
  properties: { id: { type: 'string', format: 'uuid' }, author: { type: 'object', properties: { userId: { type: 'string' }, displayName: { type: 'string' } } }, text: { type: 'string' }, createdAt: { type: 'string', format: 'date-time' },
    replyTo: { type: 'string', format: 'uuid', description: 'A reply: the top-level comment it answers' },
    replyToName: { type: 'string', description: 'A reply: the name of the author it answers' },
  },
};
const thread = {
  allOf: [comment, { type: 'object', properties: { replies: { type: 'array', items: comment, description: 'Replies to it on this page, oldest first (a reply whose comment is on an earlier page is listed at the top level, with `replyTo`)' } } }],
};
const counts = { type: 'object', additionalProperties: { type: 'integer' }, description: 'Reaction type → how many people gave it' };

export const ENGAGEMENT_OPENAPI_PATHS = {
  '/api/v1/posts/{id}/reaction': {
    put: {
      operationId: 'reactToPost',
      summary: 'Give, switch or take back my reaction (the one I already gave removes it), as the card\'s buttons do; every Teams copy of the card is updated',
      parameters: postId,
      requestBody: jsonRequest(ReactionBodySchema),
      responses: {
        '200': jsonResponse('The post\'s counts and my reaction', { type: 'object', properties: { id: { type: 'string' }, reactionCounts: counts, reactionCount: { type: 'integer' }, myReaction: { type: 'string', nullable: true } } }),
        '400': { ...error, description: 'Not a reaction of the tenant\'s set' },
        '401': error,
        '404': notFound,
        '429': error,
      },
    },
  },
  '/api/v1/posts/{id}/comments': {
    get: {
      operationId: 'postComments',
      summary: 'A page of a post\'s comments, oldest first (the newest page unless `page` is given)',
      parameters: [...postId, ...queryParameters(CommentsQuery)],
      responses: {
        '200': jsonResponse('Comments', { type: 'object', properties: { comments: { type: 'array', items: thread }, commentCount: { type: 'integer' }, page: { type: 'integer' }, earlierPage: { type: 'integer', description: 'Pass as `page` for the comments before these' } } }),
        '400': error,
        '401': error,
        '404': notFound,
      },
    },
    post: {
      operationId: 'commentOnPost',
      summary: 'Comment on a post, as the card\'s Comments dialog does: the community guidelines and the word list apply; every Teams copy of the card is updated',
      parameters: postId,
      requestBody: jsonRequest(CommentBodySchema),
      responses: {
        '201': jsonResponse('Stored', { type: 'object', properties: { comment, commentCount: { type: 'integer' } } }),
        '202': jsonResponse('Held for review by the tenant\'s word list: stored, not published', HELD_RESPONSE),
        '400': { ...error, description: 'Empty or too long, words the word list blocks (the message names the rule), or a `replyTo` that is not a comment of this post (nothing stored)' },
        '401': error,
        '403': { ...error, description: 'guidelines_required: the caller has not accepted the current community guidelines (GET /api/v1/guidelines)' },
        '404': notFound,
        '429': error,
      },
    },
  },
  '/api/v1/announcements/{id}/acknowledge': {
    post: {
      operationId: 'acknowledgeAnnouncement',
      summary: "\"I've read this\" on an announcement that asks for it, by someone in its audience; once per person (again changes nothing)",
      parameters: [pathParameter('id', AnnouncementParams.shape.id)],
      responses: {
        '200': jsonResponse('Acknowledged', { type: 'object', properties: { id: { type: 'string' }, acknowledged: { type: 'boolean' }, first: { type: 'boolean', description: 'False when they had acknowledged before' }, at: { type: 'string', format: 'date-time', description: 'Their first acknowledgement' } } }),
        '400': { ...error, description: 'The announcement asks for no acknowledgement' },
        '401': error,
        '404': { ...error, description: 'No such announcement, or the caller is not in its audience (the same answer)' },
        '429': error,
      },
    },
  },
};
