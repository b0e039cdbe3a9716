import { z } from 'zod';

/** What the tab reads of a sent post (GET /api/v1/announcements/:id and its follow-ups). */
export const announcementSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    body: z.string(),
    status: z.string(),
    activity: z.string().nullable(),
    version: z.number(),
    progress: z.object({ total: z.number(), sent: z.number(), failed: z.number(), pending: z.number() }).passthrough(),
    followUp: z.object({ kind: z.string(), total: z.number(), done: z.number(), failed: z.number(), finished: z.boolean() }).passthrough().nullable(),
  })
  .passthrough();
export type AnnouncementView = z.infer<typeof announcementSchema>;

const person = z.object({ userId: z.string(), displayName: z.string() });
export const acknowledgementsSchema = z.object({
  required: z.boolean(),
  count: z.number(),
  acknowledged: z.array(person.extend({ at: z.string() })),
  notYet: z.array(person),
});
export type AcknowledgementTrail = z.infer<typeof acknowledgementsSchema>;

export const reportSchema = z.object({
  total: z.number(),
  delivered: z.number(),
  failed: z.number(),
  failedByReason: z.record(z.number()),
  notReachable: z.number(),
  pending: z.number(),
  acknowledgement: z.object({ required: z.boolean(), count: z.number(), ofNamed: z.number() }),
  engagement: z.object({
    reactions: z.object({ total: z.number(), byType: z.record(z.number()) }),
    comments: z.number(),
    engagedPeople: z.number(),
    byDepartment: z.array(z.object({ department: z.string(), people: z.number() })),
    overTime: z.array(z.object({ unit: z.enum(['hour', 'day']), index: z.number(), start: z.string(), events: z.number() })),
  }),
});
export type Report = z.infer<typeof reportSchema>;

export const reminderSchema = z.object({ reminderId: z.string(), people: z.number(), nextReminderAt: z.string() });
export const testSentSchema = z.object({ sentTo: z.string() });

/** `#/sent/<announcement id>`: the post the Sent page shows, if any. */
export function announcementIdFromHash(hash: string): string | undefined {
  const match = /^#\/?sent\/([0-9a-f-]{36})/i.exec(hash);
  return match?.[1].toLowerCase();
}
