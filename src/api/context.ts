import type { Request } from 'restify';
import type { Authenticator } from '../auth/authenticator';
import { identityOf } from '../auth/identity';
import type { Config } from '../config';
import type { Identity } from '../domain/identity';
import { AuditAction, AuditDetails, AuditSource, AuditTarget, recordAudit } from '../domain/audit';
import type { PostAccessPorts } from '../domain/post-access';
import type { Person } from '../domain/people';
import type { Logger } from '../log';
import type { Repositories } from '../store';
import type { DirectorySync } from '../directory/sync';
import type { ProactiveMessenger } from '../bot/proactive';
import type { EngagementPorts } from '../domain/engagement';
import type { EngagementActionPorts } from '../domain/engagement-actions';
import { localeOf } from './http';

export interface ApiDependencies {
  config: Config;
  repositories: Repositories;
  authenticator: Authenticator;
  logger: Logger;
  /** Refreshes every delivered copy of a post's card (the bot's card refresher); absent in API-only tests. */
  refreshCards?(post: import('../domain/posts').Post): void;
  /** Sends a card into a conversation where Commons is installed (the bot's proactive messenger); absent in API-only tests. */
  sendCard?(conversation: import('../domain/conversations').InstalledConversation, card: import('../cards/types').AdaptiveCard): Promise<string>;
  /** Absent where no Graph is configured (local mode without GRAPH_BASE_URL). */
  directorySync?: DirectorySync;
  /** Sends into personal chats through the outbound budgets ("Send me a test"); absent in API-only tests. */
  bot?: { messenger: Pick<ProactiveMessenger, 'sendCard'>; engagement?: EngagementPorts; actions?: EngagementActionPorts };
  /** Records activity into followers' digests and schedules them (one per process; made from the repositories when absent). */
  digests?: import('../delivery/digests').DigestFanout;
}

/** Every /api/v1 response in local mode says it trusted a dev identity (set in security.ts). */
export const DEV_IDENTITY_HEADER = 'X-Commons-Dev-Identity';
export const DEV_IDENTITY_NOTICE = 'true; local mode only';

/** Authenticates the request and loads the caller's roles: the first step of every /api/v1 route. */
export async function callerOf(deps: ApiDependencies, req: Request): Promise<{ identity: Identity; person?: Person }> {
  const caller = await deps.authenticator.authenticate(req.headers);
  return identityOf(caller, deps.repositories.people, deps.config.admins, req.header('accept-language')?.split(',')[0]);
}

/**
 * The caller of a list read (the feed), from their token alone. Who may see a post
 * depends on who reads, never on their roles (domain/post-access.ts), so a page need
 * not wait for the stored person first: one round trip fewer on every page. Roles are
 * left empty, so nothing downstream can take them as the caller's.
 */
export async function readerOf(deps: ApiDependencies, req: Request): Promise<Identity> {
  const caller = await deps.authenticator.authenticate(req.headers);
  return { ...caller, roles: [], locale: localeOf(req) };
}

/** What the post gate needs, from the repositories: single-post checks may ask Teams' roster. */
export function postAccess(deps: Pick<ApiDependencies, 'repositories'>): PostAccessPorts {
  const { repositories } = deps;
  return {
    posts: repositories.posts,
    membership: repositories.memberships,
    place: (tenantId, conversationId) => repositories.conversations.get(tenantId, conversationId),
  };
}

/** Where an API call came from, for the audit log: the connecting address, the forwarded chain, the client. */
export function auditSourceOf(req: Request): AuditSource {
  const forwarded = req.header('x-forwarded-for');
  return {
    channel: 'api',
    address: req.socket?.remoteAddress,
    ...(forwarded && { forwardedFor: forwarded }),
    ...(req.header('user-agent') && { userAgent: req.header('user-agent') }),
  };
}

/** Appends the audit entry for what the caller just did through the API. */
export function audit(deps: ApiDependencies, req: Request, actor: Identity, action: AuditAction, target: AuditTarget, details?: AuditDetails) {
  return recordAudit(deps.repositories.audit, actor, action, target, auditSourceOf(req), details);
}
