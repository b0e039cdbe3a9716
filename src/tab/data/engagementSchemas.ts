import { z } from 'zod';

/** What the engagement routes answer (src/api/engagement.ts). */
export const reactionResultSchema = z.object({ id: z.string(), reactionCounts: z.record(z.number().int().nonnegative()), reactionCount: z.number().int().nonnegative(), myReaction: z.string().nullable() });
export type ReactionResult = z.infer<typeof reactionResultSchema>;

export const commentSchema = z.object({
  id: z.string(),
  author: z.object({ userId: z.string(), displayName: z.string() }),
  text: z.string(),
  createdAt: z.string(),
  /** A reply: the top-level comment it answers, and that comment's author. */
  replyTo: z.string().optional(),
  replyToName: z.string().optional(),
});
export type Comment = z.infer<typeof commentSchema>;
/** A top-level comment with its replies (one level deep). */
export const commentThreadSchema = commentSchema.extend({ replies: z.array(commentSchema).default([]) });
export type CommentThread = z.infer<typeof commentThreadSchema>;

export const commentsPageSchema = z.object({ comments: z.array(commentThreadSchema), commentCount: z.number().int().nonnegative(), page: z.number().int(), earlierPage: z.number().int().optional() });

/** 201: stored; 202: held for review by the word list (not published). */
export const commentPostedSchema = z.union([
  z.object({ comment: commentSchema, commentCount: z.number().int().nonnegative() }),
  z.object({ held: z.literal(true), message: z.string() }),
]);

export const acknowledgedSchema = z.object({ acknowledged: z.literal(true), first: z.boolean() });
