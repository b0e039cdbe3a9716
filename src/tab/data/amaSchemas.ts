import { z } from 'zod';

/** The shapes of /api/v1/…/amas as the community page's Ask me anything section reads them. */
export const amaSchema = z.object({
  id: z.string(),
  title: z.string(),
  host: z.object({ userId: z.string(), displayName: z.string() }),
  startsAt: z.string(),
  endsAt: z.string(),
  closedAt: z.string().optional(),
  phase: z.enum(['upcoming', 'live', 'closed']),
  isHost: z.boolean(),
  asked: z.number().optional(),
  answered: z.number().optional(),
});
export type AmaView = z.infer<typeof amaSchema>;
export const amaListSchema = z.object({ amas: z.array(amaSchema) });

export const amaQuestionSchema = z.object({
  id: z.string(),
  text: z.string(),
  anonymous: z.boolean(),
  author: z.object({ displayName: z.string(), userId: z.string().optional() }),
  mine: z.boolean(),
  votes: z.number(),
  upvoted: z.boolean(),
  createdAt: z.string(),
  answer: z.object({ text: z.string(), answeredAt: z.string(), byName: z.string() }).optional(),
});
export type AmaQuestionView = z.infer<typeof amaQuestionSchema>;
export const amaDetailSchema = z.object({ ama: amaSchema, questions: z.array(amaQuestionSchema), continuationToken: z.string().optional() });
export const amaVoteSchema = z.object({ questionId: z.string(), upvoted: z.boolean(), changed: z.boolean(), votes: z.number() });
