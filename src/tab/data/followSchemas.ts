import { z } from 'zod';

/** The shapes of /api/v1/me/follows… and /api/v1/me/digest as the tab reads them. */
export const FOLLOW_KINDS = ['person', 'community', 'thread'] as const;
export type FollowKind = (typeof FOLLOW_KINDS)[number];
export interface FollowTarget {
  kind: FollowKind;
  id: string;
}

export const followSchema = z.object({ kind: z.enum(FOLLOW_KINDS), id: z.string(), name: z.string(), since: z.string() });
export const followsSchema = z.object({ follows: z.array(followSchema) });
export const unfollowedSchema = z.object({ following: z.literal(false), removed: z.boolean() });

export const DIGEST_FREQUENCIES = ['hourly', 'daily', 'off'] as const;
export const digestSettingsSchema = z.object({ frequency: z.enum(DIGEST_FREQUENCIES), weekly: z.boolean() });
export type DigestSettingsView = z.infer<typeof digestSettingsSchema>;

export const followKey = (target: FollowTarget) => `${target.kind}:${target.id.toLowerCase()}`;
