import { z } from 'zod';

/** The shapes of /api/v1/kudos… as the Kudos page reads them. */
const optionalText = z.string().optional();
export const badgeSchema = z.object({ id: z.string(), name: z.string(), emoji: z.string(), colour: z.string(), hex: z.string() });
export type BadgeView = z.infer<typeof badgeSchema>;
const personSchema = z.object({ userId: z.string(), displayName: z.string(), department: optionalText });

export const kudosSchema = z.object({
  id: z.string(),
  badge: badgeSchema,
  recipients: z.array(personSchema),
  sender: personSchema,
  message: z.string(),
  createdAt: z.string(),
  private: z.boolean(),
  joiners: z.array(personSchema),
  reactionCount: z.number(),
  commentCount: z.number(),
});
export type KudosView = z.infer<typeof kudosSchema>;

export const kudosPageSchema = z.object({
  kudos: z.array(kudosSchema),
  next: optionalText,
  stats: z.object({ received: z.record(z.number()), receivedTotal: z.number(), given: z.number() }).optional(),
});
export type KudosPage = z.infer<typeof kudosPageSchema>;

export const leaderboardSchema = z.object({
  period: z.enum(['week', 'month', 'quarter']),
  key: z.string(),
  entries: z.array(z.object({ rank: z.number(), userId: z.string(), displayName: z.string(), department: optionalText, senders: z.number(), kudos: z.number() })),
});
export type Leaderboard = z.infer<typeof leaderboardSchema>;

export const kudosSettingsSchema = z.object({
  sendPolicy: z.enum(['managers', 'everyone']),
  weeklyAllowance: z.number().nullable(),
  notifyManagers: z.boolean(),
  badges: z.array(badgeSchema),
  canEdit: z.boolean().optional(),
  colours: z.array(z.object({ name: z.string(), hex: z.string() })).optional(),
});
export type KudosSettingsView = z.infer<typeof kudosSettingsSchema>;
