import type { TurnContext } from 'botbuilder';
import { AuditAction, AuditDetails, AuditTarget, recordAudit } from '../domain/audit';
import type { Identity } from '../domain/identity';
import type { Repositories } from '../store';

/** Appends the audit entry for what someone did from Teams: "from where" is the conversation. */
export function auditFromTeams(repositories: Pick<Repositories, 'audit'>, context: TurnContext, actor: Identity, action: AuditAction, target: AuditTarget, details?: AuditDetails) {
  return recordAudit(repositories.audit, actor, action, target, { channel: 'teams', conversationId: context.activity.conversation?.id }, details);
}
