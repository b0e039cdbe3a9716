import { ActivityTypes, InvokeResponse, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { AdaptiveCard } from '../cards/types';
import { DomainError } from '../domain/errors';

/**
 * Answers an Action.Execute with a card for the clicking user only. teams-ai would
 * broadcast any returned card that has a `refresh` section to everyone (replacing
 * their personal views), so we write the invoke response ourselves.
 */
export async function respondWithCard(context: TurnContext, card: AdaptiveCard): Promise<string> {
  const response: InvokeResponse = { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } };
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: response });
  return '';
}

/** Parses card or invoke data; anything else is a bad request with nothing stored. */
export function parseData<S extends z.ZodTypeAny>(schema: S, data: unknown): z.infer<S> {
  const result = schema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new DomainError('bad_request', `${issue.path.join('.') || 'data'}: ${issue.message}`);
  }
  return result.data;
}

export const PostIdSchema = z.string().min(1).max(100).regex(/^[A-Za-z0-9-]+$/, 'not a post id');
