import { z } from 'zod';

/** The Studio shapes the tab reads; content is kept as the server sent it (it validates on save and send). */
const content = z
  .object({
    title: z.string().optional(),
    body: z.string().optional(),
    image: z.object({ url: z.string(), alt: z.string() }).optional(),
    buttons: z.array(z.object({ title: z.string(), url: z.string() })).optional(),
    importance: z.enum(['normal', 'important']).optional(),
    pinDays: z.number().optional(),
    acknowledge: z.boolean().optional(),
    kind: z.enum(['announcement', 'update']).optional(),
  })
  .passthrough();
export type DraftContent = z.infer<typeof content>;

const audience = z.object({ channels: z.array(z.string()).optional(), people: z.array(z.string()).optional(), everyone: z.boolean().optional() }).passthrough();
export type DraftAudience = z.infer<typeof audience>;

export const draftSchema = z.object({
  id: z.string(),
  revision: z.number(),
  state: z.enum(['draft', 'submitted', 'rejected', 'sent']),
  content,
  audience,
  scheduledAt: z.string().nullable(),
  timeZone: z.string().nullable(),
  review: z.object({ decision: z.string(), byName: z.string(), comment: z.string().optional() }).nullable(),
  announcementId: z.string().nullable(),
  authorName: z.string(),
  updatedAt: z.string(),
});
export type StudioDraft = z.infer<typeof draftSchema>;

/** The answer to a submit: the draft, and the approvers no approval card can reach (no personal chat with Commons). */
export const submittedSchema = draftSchema.extend({ approvers: z.object({ count: z.number(), unreachable: z.array(z.object({ userId: z.string(), name: z.string() })) }) });
export const sentSchema = z.object({ draft: draftSchema, announcement: z.object({ id: z.string(), status: z.string(), note: z.string().optional() }) });

export const accessSchema = z.object({
  canAuthor: z.boolean(),
  canApprove: z.boolean(),
  rule: z.object({ everyone: z.boolean(), people: z.boolean(), channels: z.union([z.literal('all'), z.array(z.string())]), requiresApproval: z.boolean() }).optional(),
  grantors: z.array(z.object({ userId: z.string(), displayName: z.string() })),
});
export type StudioAccess = z.infer<typeof accessSchema>;

export const draftListSchema = z.object({ drafts: z.array(z.object({ draftId: z.string(), title: z.string(), state: z.string(), updatedAt: z.string(), announcementId: z.string().optional() })) });
export const queueSchema = z.object({ drafts: z.array(z.object({ draftId: z.string(), title: z.string(), authorName: z.string(), submittedAt: z.string() })) });
export const templatesSchema = z.object({ templates: z.array(z.object({ id: z.string(), name: z.string() })) });
export const reachSchema = z.object({ recipients: z.number(), channels: z.number(), unreachable: z.number() });
export const channelsSchema = z.object({
  conversations: z.array(z.object({ conversationId: z.string().optional(), id: z.string().optional(), channelName: z.string().nullish(), name: z.string().nullish(), teamName: z.string().nullish() }).passthrough()),
});
export const announcementStatsSchema = z
  .object({
    id: z.string(),
    status: z.string(),
    progress: z.object({ total: z.number(), sent: z.number(), failed: z.number(), pending: z.number(), failedByReason: z.record(z.number()).default({}) }).passthrough(),
  })
  .passthrough();

/** GET /api/v1/announcements: a page of the tenant's announcements by scheduled time. */
export const announcementListSchema = z.object({
  announcements: z.array(
    z.object({ id: z.string(), title: z.string(), status: z.string(), scheduledAt: z.string(), completedAt: z.string().nullable(), authorName: z.string(), importance: z.string() }).passthrough(),
  ),
  continuation: z.string().nullable(),
});
export type AnnouncementSummary = z.infer<typeof announcementListSchema>['announcements'][number];
