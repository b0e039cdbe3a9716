import { z } from 'zod';

/**
 * The least an activity must carry before botbuilder and our handlers touch it.
 * Botbuilder trusts the body's shape; a malformed one would fail deep inside a turn,
 * so it is refused here with a 400 instead.
 */
const Account = z.object({ id: z.string().min(1).max(512) }).passthrough();

export const IncomingActivity = z
  .object({
    type: z.string().min(1).max(64),
    channelId: z.string().min(1).max(64),
    serviceUrl: z.string().url().max(2048).refine((url) => /^https?:\/\//i.test(url), 'must be an http(s) URL'),
    conversation: z.object({ id: z.string().min(1).max(1024) }).passthrough(),
    from: Account,
    recipient: Account,
    text: z.string().max(64 * 1024).optional(),
    name: z.string().max(256).optional(),
    membersAdded: z.array(Account).max(1000).optional(),
    membersRemoved: z.array(Account).max(1000).optional(),
  })
  .passthrough();

export function activityProblem(body: unknown): string | undefined {
  const result = IncomingActivity.safeParse(body);
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  return `${issue.path.join('.') || 'activity'}: ${issue.message}`;
}
