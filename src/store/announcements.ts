import { EventEmitter } from 'events';
import type { Container } from '@azure/cosmos';
import type { Announcement, AnnouncementStatus } from '../domain/announcements';
import { tenantKey } from './containers';
import { readDocument, StoredDocument, updateDocument } from './documents';

type AnnouncementDocument = StoredDocument & Announcement & { type: 'announcement'; hasWork: boolean; dueAt?: string };

export const announcementKey = (tenantId: string, announcementId: string) => tenantKey(tenantId, announcementId);

function toAnnouncement({ id: _id, pk: _pk, type: _type, _etag, hasWork: _h, dueAt: _d, ...announcement }: AnnouncementDocument): Announcement {
  for (const field of ['_rid', '_self', '_ts', '_attachments']) delete (announcement as Record<string, unknown>)[field];
  return announcement;
}

function toDocument(announcement: Announcement, etag?: string): AnnouncementDocument {
  const key = announcementKey(announcement.tenantId, announcement.announcementId);
  // Top-level copies of the work's due time so the scheduler's query filters on plain fields.
  return { ...announcement, id: key, pk: key, type: 'announcement', hasWork: announcement.work !== undefined, dueAt: announcement.work?.dueAt, _etag: etag };
}

export interface AnnouncementListFilter {
  /** Only these states; empty or absent: all. */
  statuses?: readonly AnnouncementStatus[];
  /** scheduledAt on or after, and before (UTC ISO-8601). */
  from?: string;
  to?: string;
  limit: number;
  /** Latest first (recent posts); by default earliest first. */
  descending?: boolean;
  continuation?: string;
}

export interface AnnouncementPage {
  announcements: Announcement[];
  continuation?: string;
}

export interface DueWork {
  tenantId: string;
  announcementId: string;
  dueAt: string;
}

/**
 * Announcements, one document each. Writers in this process emit "changed" so the
 * delivery engine reacts at once; other instances find changes on their next tick.
 */
export class AnnouncementRepository {
  private readonly events = new EventEmitter();

  constructor(private readonly container: Container) {
    this.events.setMaxListeners(50);
  }

  onChanged(listener: (tenantId: string, announcementId: string) => void): () => void {
    this.events.on('changed', listener);
    return () => this.events.off('changed', listener);
  }

  async create(announcement: Announcement): Promise<void> {
    await this.container.items.create(toDocument(announcement));
    this.events.emit('changed', announcement.tenantId, announcement.announcementId);
  }

  async get(tenantId: string, announcementId: string): Promise<Announcement | undefined> {
    const key = announcementKey(tenantId, announcementId);
    const document = await readDocument<AnnouncementDocument>(this.container, key, key);
    return document && toAnnouncement(document);
  }

  /** Read-modify-write under _etag; `change` returns undefined to leave it alone (or throws a DomainError). */
  async update(tenantId: string, announcementId: string, change: (current: Announcement) => Announcement | undefined): Promise<Announcement | undefined> {
    const key = announcementKey(tenantId, announcementId);
    let changed = false;
    const saved = await updateDocument<AnnouncementDocument>(this.container, key, key, (current) => {
      if (!current) return undefined;
      const next = change(toAnnouncement(current));
      changed = next !== undefined;
      return next && toDocument(next, current._etag);
    });
    if (changed) this.events.emit('changed', tenantId, announcementId);
    return saved && toAnnouncement(saved);
  }

  /**
   * One page of a tenant's announcements by scheduled time (Studio's list and week
   * calendar): a query, but over this small container (one document per
   * announcement), filtered in the store and paged by its continuation token.
   */
  async listPage(tenantId: string, filter: AnnouncementListFilter): Promise<AnnouncementPage> {
    const clauses = ['c.tenantId = @tenantId', 'c.type = "announcement"'];
    const parameters: Array<{ name: string; value: string | string[] }> = [{ name: '@tenantId', value: tenantId }];
    if (filter.statuses?.length) {
      clauses.push('ARRAY_CONTAINS(@statuses, c.status)');
      parameters.push({ name: '@statuses', value: [...filter.statuses] });
    }
    if (filter.from) {
      clauses.push('c.scheduledAt >= @from');
      parameters.push({ name: '@from', value: filter.from });
    }
    if (filter.to) {
      clauses.push('c.scheduledAt < @to');
      parameters.push({ name: '@to', value: filter.to });
    }
    const iterator = this.container.items.query<AnnouncementDocument>(
      { query: `SELECT * FROM c WHERE ${clauses.join(' AND ')} ORDER BY c.scheduledAt${filter.descending ? ' DESC' : ''}`, parameters },
      { maxItemCount: filter.limit, continuationToken: filter.continuation },
    );
    const { resources, continuationToken } = await iterator.fetchNext();
    return { announcements: resources.map(toAnnouncement), ...(continuationToken && { continuation: continuationToken }) };
  }

  /**
   * Work due before `horizon`, every tenant, the longest due first: a long send (or
   * many) still due must not starve work due after it. A query, but over this small
   * container (one document per announcement), once per scheduler tick: never per
   * delivery.
   */
  async due(horizon: string, limit = 100): Promise<DueWork[]> {
    const { resources } = await this.container.items
      .query<DueWork>({
        query: 'SELECT TOP @limit c.tenantId, c.announcementId, c.dueAt FROM c WHERE c.type = "announcement" AND c.hasWork = true AND c.dueAt <= @horizon ORDER BY c.dueAt',
        parameters: [
          { name: '@limit', value: limit },
          { name: '@horizon', value: horizon },
        ],
      })
      .fetchAll();
    return resources;
  }
}
