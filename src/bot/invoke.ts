import { z } from 'zod';
import { DomainError } from '../domain/errors';

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
