import type { Server } from 'restify';
import { z } from 'zod';
import { voteInPoll } from '../domain/poll-votes';
import { POLL_OPTIONS_MAX } from '../domain/polls';
import { ApiDependencies, callerOf } from './context';
import { EngagementPostParams, engagementActionsOf } from './engagement';
import { handler, jsonBody, parse } from './http';
import { jsonRequest, jsonResponse, pathParameter } from './openapi-zod';
import { pollResultsOf, POLL_RESULTS_SCHEMA } from './poll-results';

/** Option ids as the poll names them ("1" to "10", as GET /poll lists them); the domain checks they exist. */
export const PollVoteBodySchema = z
  .object({
    choices: z
      .array(z.string().max(4, 'not an option id'))
      .max(POLL_OPTIONS_MAX, `at most ${POLL_OPTIONS_MAX} options`)
      .describe('The option ids chosen: exactly one in a single-choice poll, one or more in a multiple-choice poll. A new vote replaces the earlier one'),
  })
  .strict();

/**
 * Voting from the tab: the card's own vote (domain/poll-votes.ts through the bot's
 * ports), so it counts once per person, obeys the same rules, and refreshes every
 * delivered Teams copy of the poll card. Answers the results as GET /poll does.
 */
export function registerPollVoteRoutes(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;
  const actions = engagementActionsOf(deps);
  server.put('/api/v1/posts/:id/poll/vote', jsonBody(), handler(logger, async (req) => {
    const { identity, person } = await callerOf(deps, req);
    const { id } = parse(EngagementPostParams, req.params);
    const { choices } = parse(PollVoteBodySchema, req.body);
    const { post } = await voteInPoll(actions.polls, { ...identity, displayName: person?.displayName ?? identity.userId }, id, choices, new Date());
    return pollResultsOf(repositories, identity, post);
  }));
}

const error = { $ref: '#/components/responses/Error' };
export const POLL_VOTE_OPENAPI_PATHS = {
  '/api/v1/posts/{id}/poll/vote': {
    put: {
      operationId: 'votePoll',
      summary: 'Vote in a poll, or change your vote (never counted twice): the same vote as the card\'s, so every delivered Teams copy of the poll card shows the new bars',
      parameters: [pathParameter('id', EngagementPostParams.shape.id)],
      requestBody: jsonRequest(PollVoteBodySchema),
      responses: {
        '200': jsonResponse('The results after the vote, as GET /api/v1/posts/{id}/poll answers them', POLL_RESULTS_SCHEMA),
        '400': { ...error, description: 'No option, an option that is not part of the poll, or more than one in a single-choice poll (the message says which)' },
        '401': error,
        '403': { ...error, description: 'guidelines_required: the caller has not accepted the current community guidelines (GET /api/v1/guidelines)' },
        '404': { ...error, description: 'No such poll, or one the caller may not see (the same answer)' },
        '409': { ...error, description: 'The poll is closed: it takes no more votes' },
      },
    },
  },
};
