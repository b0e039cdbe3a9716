import { z } from 'zod';

/**
 * The shapes the tab reads from /api/v1. Parsed rather than trusted, so a server
 * change shows a kind error instead of a blank page. Fields the tab can live
 * without are optional or nullable.
 */
const optionalText = z.string().nullish().transform((value) => value ?? undefined);

export const devIdentitiesSchema = z.object({
  tenantId: z.string(),
  tenantName: optionalText,
  users: z.array(
    z.object({
      userId: z.string(),
      displayName: z.string(),
      department: optionalText,
      jobTitle: optionalText,
    }),
  ),
});
export type DevIdentities = z.infer<typeof devIdentitiesSchema>;
export type DevUser = DevIdentities['users'][number];

export const meSchema = z.object({
  tenantId: z.string(),
  userId: z.string(),
  displayName: z.string(),
  department: optionalText,
  jobTitle: optionalText,
  roles: z.array(z.string()).default([]),
  devIdentity: z.boolean().default(false),
});
export type Me = z.infer<typeof meSchema>;

export const postSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: optionalText,
  body: z.string().default(''),
  author: z.object({
    userId: z.string(),
    displayName: z.string(),
    department: optionalText,
  }),
  createdAt: z.string(),
  reactionCount: z.number().int().nonnegative().default(0),
  commentCount: z.number().int().nonnegative().default(0),
  important: z.boolean().default(false),
  pinned: z.boolean().default(false),
  reactionCounts: z.record(z.number().int().nonnegative()).default({}),
  /** The reader's own reaction; absent where the list does not say (then the bar shows none pressed). */
  myReaction: z.string().nullish().transform((value) => value ?? null),
  /** Only on an announcement that asks "I've read this". */
  acknowledgement: z.object({ acknowledged: z.boolean() }).optional(),
});
export type Post = z.infer<typeof postSchema>;
export const feedSchema = z.object({ posts: z.array(postSchema), pinned: z.array(postSchema).default([]), continuationToken: optionalText, newest: optionalText });
export type FeedPage = z.infer<typeof feedSchema>;
export const feedNewSchema = z.object({ count: z.number().int().nonnegative(), more: z.boolean() });

const conversationSchema = z.object({
  /** Absent for personal chats: their ids stay on the server; they are named by their person. */
  conversationId: optionalText,
  userId: optionalText,
  kind: z.enum(['channel', 'groupChat', 'personal']),
  teamName: optionalText,
  channelName: optionalText,
  active: z.boolean().default(true),
  installedAt: optionalText,
});
export type Conversation = z.infer<typeof conversationSchema>;
export const conversationsSchema = z.object({ conversations: z.array(conversationSchema), continuationToken: optionalText });

const personSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  email: optionalText,
  department: optionalText,
  jobTitle: optionalText,
  managerId: optionalText,
  managerName: optionalText,
  roles: z.array(z.string()).default([]),
});
export type Person = z.infer<typeof personSchema>;
export const peopleSchema = z.object({ people: z.array(personSchema) });
export const peoplePageSchema = z.object({ people: z.array(personSchema), continuation: optionalText });
export const ROLE_NAMES = ['admin', 'author', 'approver', 'moderator', 'manager'] as const;
const roleChangeSchema = z.object({ roles: z.array(z.string()), previousRoles: z.array(z.string()).default([]), changedBy: z.string(), changedAt: z.string() });
export type RoleChange = z.infer<typeof roleChangeSchema>;
export const roleChangeResponseSchema = z.object({ person: personSchema, change: roleChangeSchema });
export const roleHistorySchema = z.object({ changes: z.array(roleChangeSchema) });

export const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string().optional() }),
});

const reactionOptionSchema = z.object({ type: z.string(), emoji: z.string(), label: z.string() });
export type ReactionOption = z.infer<typeof reactionOptionSchema>;
export const reactionSetSchema = z.object({ reactions: z.array(reactionOptionSchema) });
export type ReactionSet = z.infer<typeof reactionSetSchema>;

export const deliverySettingsSchema = z.object({ proactiveInstall: z.boolean(), proactiveInstallAvailable: z.boolean() });
export type DeliverySettings = z.infer<typeof deliverySettingsSchema>;

/** GET /api/v1/directory/reach: who Commons can reach, and the last weekly digest run. */
export const directoryReachSchema = z.object({
  people: z.number(),
  reachable: z.number(),
  unreachable: z.record(z.number()).default({}),
  outsideDirectory: z.number().default(0),
  weeklyDigest: z
    .object({
      at: z.string(),
      people: z.number(),
      off: z.number(),
      scheduled: z.number(),
      newlyScheduled: z.number(),
      installed: z.number(),
      unreachable: z.record(z.number()).default({}),
    })
    .optional(),
});
export type DirectoryReachView = z.infer<typeof directoryReachSchema>;
