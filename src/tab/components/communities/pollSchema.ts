import { z } from 'zod';

/** What GET /api/v1/posts/{id}/poll and PUT …/poll/vote answer. */
export const pollResultsSchema = z.object({
  closed: z.boolean(),
  multiple: z.boolean(),
  anonymous: z.boolean(),
  resultsShown: z.boolean(),
  voters: z.number(),
  myChoices: z.array(z.string()),
  options: z.array(z.object({ id: z.string(), label: z.string(), votes: z.number().optional(), percent: z.number().optional(), voterNames: z.array(z.string()).optional() })),
});
export type PollResultsData = z.infer<typeof pollResultsSchema>;
