import { z } from 'zod';
import { DomainError } from './domain/errors';

/**
 * Validates what came from outside (an API body or query, card or dialog data) with
 * zod: the first problem becomes a bad request a person can read ("title: Required"),
 * and nothing has been changed. Used by the API (src/api/http.ts) and the bot's route
 * table (src/bot/routes.ts) alike.
 */
export function parseInput<S extends z.ZodTypeAny>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
    throw new DomainError('bad_request', `${where}${issue.message}`);
  }
  return result.data;
}

/** A post id as Commons makes them (UUIDs), in a route parameter or card data. */
export const PostIdSchema = z.string().min(1).max(100).regex(/^[A-Za-z0-9-]+$/, 'not a post id');
