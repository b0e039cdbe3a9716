import { z } from 'zod';
import { postSchema } from './schemas';

/** The shapes of /api/v1/people/{id}/profile and the people search, as the People page reads them. */
const optionalText = z.string().nullish().transform((value) => value ?? undefined);

const personSummarySchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  initials: optionalText,
  jobTitle: optionalText,
  department: optionalText,
});
export type PersonSummary = z.infer<typeof personSummarySchema>;

export const profileSchema = z.object({
  person: personSummarySchema.extend({ email: optionalText, officeLocation: optionalText }),
  isMe: z.boolean(),
  manager: personSummarySchema.optional(),
  directReports: z.array(personSummarySchema),
  directReportCount: z.number().int().nonnegative(),
  communities: z.array(z.object({ id: z.string(), name: z.string(), emoji: z.string(), privacy: z.enum(['open', 'closed', 'secret']) })),
  kudos: z.object({
    received: z.number().int().nonnegative(),
    given: z.number().int().nonnegative(),
    badges: z.array(z.object({ id: z.string(), name: z.string(), emoji: z.string(), count: z.number().int().positive() })),
  }),
  recentPosts: z.array(postSchema),
  skills: z.array(z.string()),
  interests: z.array(z.string()),
});
export type ProfileView = z.infer<typeof profileSchema>;

export const savedProfileSchema = z.object({ skills: z.array(z.string()), interests: z.array(z.string()) });

export const peopleSearchSchema = z.object({
  people: z.array(personSummarySchema.extend({ skills: z.array(z.string()).optional() })),
  continuation: optionalText,
});
export type PersonResult = z.infer<typeof peopleSearchSchema>['people'][number];

/** Where a person's profile lives in the tab. */
export const profileHash = (userId: string) => `#/people/${encodeURIComponent(userId)}`;
