import { randomUUID } from 'crypto';
import type { Container } from '@azure/cosmos';
import type { AuditEntry, AuditFilter, AuditLog } from '../domain/audit';
import { tenantKey } from './containers';
import { isCosmosError } from './cosmos';
import type { StoredDocument } from './documents';

type AuditDocument = StoredDocument & AuditEntry & { type: 'audit' };

export const AUDIT_PAGE_MAX = 100;

/**
 * The audit log's only store. Entries are created, never replaced, patched, upserted
 * or deleted: this class has no such method, and no other module holds its container.
 * One partition per tenant and month (pk = tenantId|audit|YYYY-MM), so a busy tenant
 * never fills a logical partition. Ids sort by time (tenantId|audit|<ISO time>|<uuid>),
 * so a page is "the next N ids below the last one seen": keyset paging that neither
 * skips nor repeats entries written meanwhile. Reading is an admin path (a query).
 */
export class AuditRepository implements AuditLog {
  constructor(private readonly container: Container) {}

  async append(entry: Omit<AuditEntry, 'entryId'>, { onceAs }: { onceAs?: string } = {}): Promise<AuditEntry> {
    const entryId = tenantKey(entry.tenantId, 'audit', entry.at, onceAs ?? randomUUID());
    const document: AuditDocument = { ...entry, entryId, id: entryId, pk: tenantKey(entry.tenantId, 'audit', entry.at.slice(0, 7)), type: 'audit' };
    try {
      await this.container.items.create<AuditDocument>(document);
    } catch (error) {
      // Written before (by a run that died before noting it): still one entry, never a second.
      if (!(onceAs && isCosmosError(error, 409))) throw error;
    }
    return { ...entry, entryId };
  }

  /** Newest first; `before` is the last entry id of the previous page. */
  async page(tenantId: string, filter: AuditFilter, limit: number, before?: string): Promise<{ entries: AuditEntry[]; next?: string }> {
    const clauses = ['c.tenantId = @tenantId', 'c.type = "audit"'];
    const parameters: Array<{ name: string; value: string | number }> = [{ name: '@tenantId', value: tenantId }, { name: '@limit', value: Math.min(limit, AUDIT_PAGE_MAX) + 1 }];
    const add = (clause: string, name: string, value: string | undefined) => {
      if (value === undefined) return;
      clauses.push(clause);
      parameters.push({ name, value });
    };
    add('c.action = @action', '@action', filter.action);
    add('c.actorId = @actorId', '@actorId', filter.actorId);
    add('c.target.id = @targetId', '@targetId', filter.targetId);
    add('c.at >= @from', '@from', filter.from);
    add('c.at < @to', '@to', filter.to);
    add('c.id < @before', '@before', before);
    const { resources } = await this.container.items
      .query<AuditDocument>({ query: `SELECT TOP @limit * FROM c WHERE ${clauses.join(' AND ')} ORDER BY c.id DESC`, parameters })
      .fetchAll();
    const shown = resources.slice(0, Math.min(limit, AUDIT_PAGE_MAX)).map(toEntry);
    return { entries: shown, ...(resources.length > shown.length && { next: shown[shown.length - 1].entryId }) };
  }
}

function toEntry({ entryId, tenantId, at, actorId, actorRoles, action, target, details, source }: AuditDocument): AuditEntry {
  return { entryId, tenantId, at, actorId, actorRoles, action, target, details, source };
}

/** Whether a page token could have come from this tenant's log (checked before it reaches a query). */
export function isAuditEntryId(tenantId: string, value: string): boolean {
  return value.startsWith(tenantKey(tenantId, 'audit', '')) && value.length < 200;
}
