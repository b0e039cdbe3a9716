import type { Identity } from './identity';
import { PostAccessPorts, visiblePost } from './post-access';

/**
 * Moderation: what people may do about posts that are not theirs. Today, anyone who
 * may see a post may report it, with a reason moderators read; moderators and admins
 * may edit and remove any post they can see (canEditPost). Governance grows here:
 * the review queue, decisions on reports, who may moderate which community.
 */
export const REPORT_REASON_MAX = 1000;

export interface ReportPorts extends PostAccessPorts {
  reports: { report(tenantId: string, postId: string, userId: string, reason: string, now: string): Promise<void> };
}

/** Reports a post the reporter can see; a post they cannot see is "not found", as everywhere. */
export async function reportPost(ports: ReportPorts, identity: Identity, postId: string, reason: string, now: Date): Promise<void> {
  await visiblePost(ports, identity, postId);
  await ports.reports.report(identity.tenantId, postId, identity.userId, reason, now.toISOString());
}
