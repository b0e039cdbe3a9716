import { z } from 'zod';

const version = z.object({ version: z.number(), markdown: z.string(), publishedAt: z.string(), publishedBy: z.string() });
const acceptance = z.object({ userId: z.string(), version: z.number(), acceptedAt: z.string() });

/** GET /api/v1/guidelines: no `current` when the tenant has published none. */
export const guidelinesSchema = z.object({ current: version.optional(), accepted: acceptance.optional() });
export const acceptSchema = z.object({ acceptance, created: z.boolean() });
/** GET/PUT /api/v1/settings/guidelines (admins). */
export const guidelinesSettingsSchema = z.object({
  current: version.optional(),
  draft: z.object({ markdown: z.string(), savedAt: z.string(), savedBy: z.string() }).optional(),
});
export type Guidelines = z.infer<typeof guidelinesSchema>;
export type GuidelinesSettings = z.infer<typeof guidelinesSettingsSchema>;
