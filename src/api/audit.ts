import type { Server } from 'restify';
import { z } from 'zod';
import { AUDIT_ACTIONS, AuditEntry, AuditFilter } from '../domain/audit';
import { DomainError } from '../domain/errors';
import { requireRole } from '../domain/identity';
import { AUDIT_PAGE_MAX, isAuditEntryId } from '../store/audit';
import { ApiDependencies, audit, callerOf } from './context';
import { csvDocument } from './csv';
import { handler, parse } from './http';

/** The most rows one CSV export holds; narrow the filters (a time range) for more. */
export const AUDIT_EXPORT_MAX = 10_000;

const Time = z.string().datetime({ offset: true }).transform((value) => new Date(value).toISOString());
export const AuditFilterSchema = z
  .object({
    action: z.enum(AUDIT_ACTIONS).optional().describe('Only this kind of action'),
    actorId: z.string().min(1).max(100).optional().describe('Only what this person did (Entra object id)'),
    targetId: z.string().min(1).max(200).optional().describe('Only what was done to this person, post, announcement …'),
    from: Time.optional().describe('From this time (inclusive, ISO 8601)'),
    to: Time.optional().describe('Until this time (exclusive, ISO 8601)'),
  })
  .strict();
export const AuditQuerySchema = AuditFilterSchema.extend({
  limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(50),
  continuationToken: z.string().min(1).max(1000).optional().describe('From the previous page'),
}).strict();

const encodeToken = (entryId: string) => Buffer.from(JSON.stringify({ before: entryId })).toString('base64url');
function decodeToken(tenantId: string, token: string): string {
  try {
    const before = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))?.before;
    if (typeof before === 'string' && isAuditEntryId(tenantId, before)) return before;
  } catch {
    // falls through to the 400
  }
  throw new DomainError('bad_request', 'continuationToken: not a token from this list');
}

function filterOf(query: z.infer<typeof AuditFilterSchema>): AuditFilter {
  return { action: query.action, actorId: query.actorId?.toLowerCase(), targetId: query.targetId, from: query.from, to: query.to };
}

const CSV_COLUMNS = ['at', 'action', 'actorId', 'actorRoles', 'targetKind', 'targetId', 'details', 'channel', 'address', 'forwardedFor', 'userAgent', 'conversationId'] as const;
const csvRow = (e: AuditEntry) => [e.at, e.action, e.actorId, e.actorRoles.join(' '), e.target.kind, e.target.id, JSON.stringify(e.details), e.source.channel, e.source.address, e.source.forwardedFor, e.source.userAgent, e.source.conversationId];

/** The audit log for admins: a filtered, paged list, and the same filters as CSV. There is no route that changes an entry. */
export function registerAuditRoutes(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;

  server.get('/api/v1/audit', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    requireRole(identity, 'admin');
    const { limit, continuationToken, ...filters } = parse(AuditQuerySchema, req.query ?? {});
    const before = continuationToken === undefined ? undefined : decodeToken(identity.tenantId, continuationToken);
    const page = await repositories.audit.page(identity.tenantId, filterOf(filters), limit, before);
    return { entries: page.entries, ...(page.next && { continuationToken: encodeToken(page.next) }) };
  }));

  server.get('/api/v1/audit.csv', handler(logger, async (req, res) => {
    const { identity } = await callerOf(deps, req);
    requireRole(identity, 'admin');
    const filters = parse(AuditFilterSchema, req.query ?? {});
    const entries: AuditEntry[] = [];
    let before: string | undefined;
    do {
      const page = await repositories.audit.page(identity.tenantId, filterOf(filters), AUDIT_PAGE_MAX, before);
      entries.push(...page.entries);
      before = page.next;
    } while (before && entries.length < AUDIT_EXPORT_MAX);
    const rows = entries.slice(0, AUDIT_EXPORT_MAX);
    await audit(deps, req, identity, 'audit.export', { kind: 'audit', id: 'csv' }, { rows: rows.length, filters: JSON.stringify(filters) });
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', 'attachment; filename="commons-audit.csv"');
    res.sendRaw(200, csvDocument(CSV_COLUMNS, rows.map(csvRow)));
  }));
}
