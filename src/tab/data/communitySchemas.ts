import { z } from 'zod';
import { ApiError } from '../api';
import { describeError } from './errorMessage';

/** The shapes of /api/v1/communities… as the Communities page reads them. */
export const PRIVACIES = ['open', 'closed', 'secret'] as const;
export const COVER_COLOURS = ['blue', 'teal', 'green', 'purple', 'pink', 'red', 'orange', 'yellow', 'grey'] as const;

export const communitySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  emoji: z.string(),
  colour: z.string(),
  hex: z.string(),
  privacy: z.enum(PRIVACIES),
  archived: z.boolean(),
  memberCount: z.number(),
  createdAt: z.string(),
  lastActivityAt: z.string(),
  myStanding: z.enum(['none', 'requested', 'member', 'moderator', 'owner']),
  canRead: z.boolean(),
  canModerate: z.boolean(),
  isOwner: z.boolean(),
  linkedChannelCount: z.number().optional(),
});
export type CommunityView = z.infer<typeof communitySchema>;

export const communityListSchema = z.object({ communities: z.array(communitySchema), continuationToken: z.string().optional() });
export const leftSchema = z.union([communitySchema, z.object({ id: z.string(), left: z.literal(true) })]);

export const memberSchema = z.object({ userId: z.string(), displayName: z.string(), role: z.string(), since: z.string() });
export const memberPageSchema = z.object({ members: z.array(memberSchema), continuationToken: z.string().optional() });

export const communityPostSchema = z.object({
  id: z.string(),
  kind: z.string(),
  body: z.string(),
  author: z.object({ userId: z.string(), displayName: z.string() }),
  createdAt: z.string(),
  reactionCount: z.number(),
  commentCount: z.number(),
  bestAnswer: z.object({ commentId: z.string(), authorName: z.string(), text: z.string() }).optional(),
  poll: z.object({ options: z.array(z.object({ id: z.string(), label: z.string() })) }).passthrough().optional(),
});
export type CommunityPostView = z.infer<typeof communityPostSchema>;
export const communityFeedSchema = z.object({ posts: z.array(communityPostSchema), continuationToken: z.string().optional() });

/** A refusal of a community action: the server's own words for conflicts ("already exists", "the last owner"), the catalog's for the rest. */
export function communityError(locale: string, error: unknown): string {
  if (error instanceof ApiError && (error.code === 'conflict' || error.code === 'forbidden') && error.serverMessage) return error.serverMessage;
  return describeError(locale, error);
}
