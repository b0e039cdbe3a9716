import type { Identity, Role } from './identity';

/**
 * The audit log: who did what, when and from where, for every admin, moderator and
 * role change, recall, Studio submission and approval decision, export and erasure. Append-only by construction: the port has
 * one write, `append`, and the repository behind it only ever creates documents
 * (test/http/audit.spec.ts checks that no route and no repository method alters one).
 */
export const AUDIT_ACTIONS = [
  'roles.change',
  'announcement.pause',
  'announcement.resume',
  'announcement.cancel',
  'announcement.recall',
  'announcement.edit',
  'announcement.remind',
  'settings.reactions',
  'settings.kudos',
  'settings.guardrails',
  'studio.submit',
  'studio.approve',
  'studio.reject',
  'settings.delivery',
  'settings.moderation',
  'settings.privacy',
  'directory.sync',
  'post.repair',
  'post.edit',
  'post.remove',
  'moderation.approve',
  'moderation.hide',
  'moderation.remove',
  'moderation.warn',
  'moderation.autoHide',
  'wordList.change',
  'guidelines.draft',
  'guidelines.publish',
  'audit.export',
  'privacy.export',
  'privacy.erase',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Where an action came from: the tab API (with the caller's address) or Teams (with the conversation). */
export interface AuditSource {
  channel: 'api' | 'teams' | 'system';
  /** The connecting address, and the forwarded-for chain as the front end stated it. */
  address?: string;
  forwardedFor?: string;
  userAgent?: string;
  conversationId?: string;
}

export interface AuditTarget {
  kind: 'person' | 'announcement' | 'post' | 'comment' | 'settings' | 'audit' | 'directory' | 'draft';
  id: string;
}

/** Small, flat facts about the change (before/after roles, a reason): never a whole document. */
export type AuditDetails = Record<string, string | number | boolean | null | string[]>;

export interface AuditEntry {
  entryId: string;
  tenantId: string;
  at: string;
  actorId: string;
  actorRoles: Role[];
  action: AuditAction;
  target: AuditTarget;
  details: AuditDetails;
  source: AuditSource;
}

export interface AuditFilter {
  action?: AuditAction;
  actorId?: string;
  targetId?: string;
  /** ISO times: from inclusive, to exclusive. */
  from?: string;
  to?: string;
}

export interface AuditLog {
  /** `onceAs`: the entry is written at most once under this key (a job's entry, rewritten after a crash). */
  append(entry: Omit<AuditEntry, 'entryId'>, options?: { onceAs?: string }): Promise<AuditEntry>;
}

/** Caps what one entry may carry, so a log line cannot become a copy of the content. */
export const AUDIT_DETAIL_TEXT_MAX = 500;
const SOURCE_TEXT_MAX = 300;

function capped(details: AuditDetails): AuditDetails {
  const cap = (value: string) => (value.length > AUDIT_DETAIL_TEXT_MAX ? `${value.slice(0, AUDIT_DETAIL_TEXT_MAX)}…` : value);
  return Object.fromEntries(
    Object.entries(details).map(([key, value]) => [key, typeof value === 'string' ? cap(value) : Array.isArray(value) ? value.slice(0, 50).map(cap) : value]),
  );
}

function cappedSource(source: AuditSource): AuditSource {
  const out: AuditSource = { channel: source.channel };
  for (const key of ['address', 'forwardedFor', 'userAgent', 'conversationId'] as const) {
    const value = source[key];
    if (value) out[key] = value.slice(0, SOURCE_TEXT_MAX);
  }
  return out;
}

/** Appends one entry for what `actor` just did. */
export function recordAudit(
  log: AuditLog,
  actor: Identity,
  action: AuditAction,
  target: AuditTarget,
  source: AuditSource,
  details: AuditDetails = {},
  { now = new Date(), onceAs }: { now?: Date; onceAs?: string } = {},
): Promise<AuditEntry> {
  return log.append({
    tenantId: actor.tenantId,
    at: now.toISOString(),
    actorId: actor.userId,
    actorRoles: [...actor.roles],
    action,
    target,
    details: capped(details),
    source: cappedSource(source),
  }, { onceAs });
}
