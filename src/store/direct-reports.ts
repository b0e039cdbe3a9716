import type { Container } from '@azure/cosmos';
import { tenantKey } from './containers';
import { readDocument, StoredDocument, updateDocument } from './documents';

/**
 * Who reports to whom, kept beside the people so that "does this person have direct
 * reports?" (who may send kudos) and "my team" are one point read, never a query over
 * the directory. One document per manager; the people save path keeps it current.
 */
type ReportsDocument = StoredDocument & { type: 'directReports'; managerId: string; reports: string[] };

export interface ManagerChange {
  userId: string;
  /** Manager before and after, counting only active people (a departed person reports to nobody). */
  before?: string;
  after?: string;
}

const keyOf = (tenantId: string, managerId: string) => tenantKey(tenantId, 'reports', managerId);

export class DirectReports {
  constructor(private readonly container: Container) {}

  async of(tenantId: string, managerId: string): Promise<string[]> {
    const key = keyOf(tenantId, managerId);
    return (await readDocument<ReportsDocument>(this.container, key, key))?.reports ?? [];
  }

  /** Deletes a manager's list (erasure). */
  async forget(tenantId: string, managerId: string): Promise<void> {
    const key = keyOf(tenantId, managerId);
    await this.container.item(key, key).delete().catch((error) => {
      if (error?.code !== 404) throw error;
    });
  }

  async apply(tenantId: string, changes: readonly ManagerChange[]): Promise<void> {
    const edits = new Map<string, { add: Set<string>; remove: Set<string> }>();
    const edit = (managerId: string) => edits.get(managerId) ?? edits.set(managerId, { add: new Set(), remove: new Set() }).get(managerId)!;
    for (const { userId, before, after } of changes) {
      if (before === after) continue;
      if (before) edit(before).remove.add(userId);
      if (after) edit(after).add.add(userId);
    }
    for (const [managerId, { add, remove }] of edits) {
      const key = keyOf(tenantId, managerId);
      await updateDocument<ReportsDocument>(this.container, key, key, (current) => {
        const reports = new Set(current?.reports ?? []);
        for (const id of remove) reports.delete(id);
        for (const id of add) reports.add(id);
        const next = [...reports].sort();
        if (current && next.join() === current.reports.join()) return undefined;
        return { id: key, pk: key, tenantId, type: 'directReports', managerId, reports: next, _etag: current?._etag };
      });
    }
  }
}
