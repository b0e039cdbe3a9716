import { z } from 'zod';
import { GUID } from '../auth/authenticator';

/**
 * The least an activity must carry before botbuilder and our handlers touch it.
 * Botbuilder trusts the body's shape; a malformed one would fail deep inside a turn,
 * so it is refused here with a 400 instead.
 */
/** Entra ids (tenants, people) form partition keys and document ids: a GUID, or absent. */
const EntraId = z.string().regex(GUID, 'must be an Entra id (GUID)');
const Account = z.object({ id: z.string().min(1).max(512), aadObjectId: EntraId.optional() }).passthrough();
const TenantId = EntraId;

export const IncomingActivity = z
  .object({
    type: z.string().min(1).max(64),
    channelId: z.string().min(1).max(64),
    serviceUrl: z.string().url().max(2048).refine((url) => /^https?:\/\//i.test(url), 'must be an http(s) URL'),
    conversation: z.object({ id: z.string().min(1).max(1024), tenantId: TenantId.optional() }).passthrough(),
    channelData: z.object({ tenant: z.object({ id: TenantId.optional() }).passthrough().optional() }).passthrough().optional(),
    from: Account,
    recipient: Account,
    text: z.string().max(64 * 1024).optional(),
    name: z.string().max(256).optional(),
    membersAdded: z.array(Account).max(1000).optional(),
    membersRemoved: z.array(Account).max(1000).optional(),
  })
  .passthrough()
  .refine(
    (activity) => {
      const [a, b] = [activity.conversation.tenantId, activity.channelData?.tenant?.id];
      return !a || !b || a.toLowerCase() === b.toLowerCase();
    },
    { message: 'conversation.tenantId and channelData.tenant.id name different tenants', path: ['channelData', 'tenant', 'id'] },
  );

export function activityProblem(body: unknown): string | undefined {
  const result = IncomingActivity.safeParse(body);
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  return `${issue.path.join('.') || 'activity'}: ${issue.message}`;
}
