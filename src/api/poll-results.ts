import type { Server } from 'restify';
import type { Identity } from '../domain/identity';
import { pollResultsFor } from '../domain/poll-results';
import { visiblePoll } from '../domain/poll-votes';
import type { PollPost } from '../domain/polls';
import type { Repositories } from '../store';
import { ApiDependencies, callerOf, postAccess } from './context';
import { EngagementPostParams } from './engagement';
import { handler, parse } from './http';
import { jsonResponse, pathParameter } from './openapi-zod';

/**
 * A poll's results in the tab: what its card shows this reader (bars once they voted,
 * or at once unless it hides them), their own choices, and for a named poll who chose
 * what. The voter list is a query in the post's own partition: not a hot path.
 */
export function registerPollResultRoutes(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;
  server.get('/api/v1/posts/:id/poll', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    const { id } = parse(EngagementPostParams, req.params);
    return pollResultsOf(repositories, identity, await visiblePoll(postAccess(deps), identity, id));
  }));
}

/** What GET /poll answers (the vote route answers the same, read after the vote). */
export async function pollResultsOf(repositories: Repositories, identity: Identity, post: PollPost) {
  const [tally, mine] = await Promise.all([repositories.polls.tally(identity.tenantId, post.postId), repositories.polls.myVote(identity.tenantId, post.postId, identity.userId)]);
  const voters = post.poll.anonymous ? undefined : await repositories.polls.voters(identity.tenantId, post.postId);
  return pollResultsFor(post, tally, mine, voters, new Date());
}

const error = { $ref: '#/components/responses/Error' };
export const POLL_RESULTS_SCHEMA = {
  type: 'object',
  properties: {
    closed: { type: 'boolean' },
    multiple: { type: 'boolean' },
    anonymous: { type: 'boolean' },
    resultsShown: { type: 'boolean' },
    voters: { type: 'integer' },
    myChoices: { type: 'array', items: { type: 'string' } },
    options: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, label: { type: 'string' }, votes: { type: 'integer' }, percent: { type: 'integer' }, voterNames: { type: 'array', items: { type: 'string' } } } } },
  },
};
export const POLL_RESULTS_OPENAPI_PATHS = {
  '/api/v1/posts/{id}/poll': {
    get: {
      operationId: 'pollResults',
      summary: 'A poll\'s results as the caller may see them: bars once they voted (unless the poll shows them at once; everyone once closed), their choices, and for a named poll who chose what (never for an anonymous one)',
      parameters: [pathParameter('id', EngagementPostParams.shape.id)],
      responses: {
        '200': jsonResponse('The results', POLL_RESULTS_SCHEMA),
        '400': error,
        '401': error,
        '404': { ...error, description: 'No such poll, or one the caller may not see (the same answer)' },
      },
    },
  },
};
