import { z } from 'zod';

/** What GET /api/v1/analytics/scopes and GET /api/v1/analytics answer (src/api/analytics.ts). */
export const ANALYTICS_SCOPES_PATH = '/api/v1/analytics/scopes';

export const analyticsScopesSchema = z.object({
  tenant: z.boolean(),
  communities: z.array(z.object({ communityId: z.string(), name: z.string() })),
});
export type AnalyticsScopes = z.infer<typeof analyticsScopesSchema>;

const counts = { posts: z.number(), reactions: z.number(), comments: z.number(), kudos: z.number(), acknowledgements: z.number(), delivered: z.number() };

export const analyticsSchema = z.object({
  from: z.string(),
  to: z.string(),
  totals: z.object({ activePeople: z.number(), ...counts }),
  contributors: z.object({ new: z.number(), returning: z.number() }),
  announcements: z.object({ delivered: z.number(), acknowledged: z.number(), reacted: z.number(), commented: z.number(), engaged: z.number(), engagementRate: z.number() }),
  daily: z.array(z.object({ day: z.string(), activePeople: z.number(), ...counts })),
  departments: z.array(z.object({ department: z.string(), people: z.number() })),
  topPosts: z.array(z.object({ postId: z.string(), title: z.string(), authorName: z.string(), reactions: z.number(), comments: z.number() })),
});
export type Analytics = z.infer<typeof analyticsSchema>;

export const hasAnalyticsScope = (scopes: AnalyticsScopes) => scopes.tenant || scopes.communities.length > 0;
