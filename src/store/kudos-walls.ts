import type { Container } from '@azure/cosmos';
import { dayOf } from '../domain/kudos-periods';
import { tenantKey } from './containers';
import { patchOrCreate, readDocument, StoredDocument, updateDocument } from './documents';

/**
 * Kudos walls: for each scope (the tenant, a department, a team, a person's received
 * and given kudos) one small document per UTC day, appended to with a patch (no
 * read-modify-write, so a burst of kudos never contends on one tenant-wide list),
 * and an index of the days that have any. A wall page is the index plus the few
 * newest day buckets: point reads only, whatever the tenant's size.
 */
export interface WallEntry {
  postId: string;
  createdAt: string;
}

type DayDocument = StoredDocument & { type: 'kudosWallDay'; scope: string; day: string; entries: WallEntry[] };
type DaysDocument = StoredDocument & { type: 'kudosWallDays'; scope: string; days: string[] };

/** Days remembered per scope (newest first); older kudos stay readable by id. */
export const WALL_DAYS_KEPT = 400;
/** Day buckets read at once while filling a page. */
const DAYS_PER_READ = 4;

export const WALL_SCOPES = {
  tenant: () => 'tenant',
  department: (department: string) => `dept:${department.toLowerCase()}`,
  /** The people who report to `managerId`, and that manager. */
  team: (managerId: string) => `team:${managerId}`,
  received: (userId: string) => `received:${userId}`,
  given: (userId: string) => `given:${userId}`,
};

export interface WallPage {
  entries: WallEntry[];
  /** Pass back as `before` for the next page. */
  next?: string;
}

export class KudosWalls {
  constructor(private readonly container: Container) {}

  /** Adds the kudos to the scope's day; `repairing` also checks the day index (the first try may have died before it). */
  async append(tenantId: string, scope: string, entry: WallEntry, repairing = false): Promise<void> {
    const day = dayOf(new Date(entry.createdAt));
    const id = tenantKey(tenantId, 'wall', scope, day);
    const { created } = await patchOrCreate<DayDocument>(this.container, id, id, [{ op: 'add', path: '/entries/-', value: entry }], {
      id, pk: id, tenantId, type: 'kudosWallDay', scope, day, entries: [entry],
    });
    if (created || repairing) await this.addDay(tenantId, scope, day);
  }

  /** Takes a deleted kudos off the scope's day (its day index may keep an empty day). */
  async remove(tenantId: string, scope: string, entry: WallEntry): Promise<void> {
    const id = tenantKey(tenantId, 'wall', scope, dayOf(new Date(entry.createdAt)));
    await updateDocument<DayDocument>(this.container, id, id, (current) =>
      current?.entries.some((e) => e.postId === entry.postId) ? { ...current, entries: current.entries.filter((e) => e.postId !== entry.postId) } : undefined,
    );
  }

  private async addDay(tenantId: string, scope: string, day: string): Promise<void> {
    const id = tenantKey(tenantId, 'wall', scope, 'days');
    await updateDocument<DaysDocument>(this.container, id, id, (current) => {
      if (current?.days.includes(day)) return undefined;
      const days = [day, ...(current?.days ?? [])].sort().reverse().slice(0, WALL_DAYS_KEPT);
      return { id, pk: id, tenantId, type: 'kudosWallDays', scope, days, _etag: current?._etag };
    });
  }

  /**
   * Entries of the given scopes, newest first, older than `before`, until `accept`
   * has let `limit` through (it decides visibility, and may load the post).
   */
  async page(tenantId: string, scopes: string[], limit: number, accept: (entry: WallEntry) => Promise<boolean>, before?: string): Promise<WallPage> {
    const indexes = await Promise.all(scopes.map((scope) => readDocument<DaysDocument>(this.container, tenantKey(tenantId, 'wall', scope, 'days'), tenantKey(tenantId, 'wall', scope, 'days'))));
    const beforeDay = before ? before.slice(0, 10) : undefined;
    const buckets = scopes
      .flatMap((scope, i) => (indexes[i]?.days ?? []).filter((day) => !beforeDay || day <= beforeDay).map((day) => ({ scope, day })))
      .sort((a, b) => b.day.localeCompare(a.day));
    const shown: WallEntry[] = [];
    const seen = new Set<string>();
    let last: string | undefined;
    for (let start = 0; start < buckets.length && shown.length < limit; ) {
      // Read whole days together: one day's entries from several scopes must merge in order.
      const days = [...new Set(buckets.slice(start).map((b) => b.day))].slice(0, DAYS_PER_READ);
      const batch = buckets.filter((b) => days.includes(b.day));
      start += batch.length;
      const documents = await Promise.all(batch.map(({ scope, day }) => readDocument<DayDocument>(this.container, tenantKey(tenantId, 'wall', scope, day), tenantKey(tenantId, 'wall', scope, day))));
      const fresh = new Map<string, WallEntry>();
      for (const entry of documents.flatMap((d) => d?.entries ?? [])) {
        if ((!before || entry.createdAt < before) && !seen.has(entry.postId)) fresh.set(entry.postId, entry);
      }
      const ordered = [...fresh.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.postId.localeCompare(a.postId));
      for (let i = 0; i < ordered.length && shown.length < limit; ) {
        const chunk = ordered.slice(i, i + limit - shown.length);
        i += chunk.length;
        const accepted = await Promise.all(chunk.map(accept));
        chunk.forEach((entry, j) => {
          seen.add(entry.postId);
          last = entry.createdAt;
          if (accepted[j]) shown.push(entry);
        });
      }
    }
    return { entries: shown, ...(shown.length >= limit && last && { next: last }) };
  }
}
