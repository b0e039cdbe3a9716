import type { Container } from '@azure/cosmos';
import { dayOf } from '../domain/privacy';
import { tenantKey } from './containers';
import { isCosmosError } from './cosmos';
import { patchOrCreate, readDocument, StoredDocument, updateDocument } from './documents';

/** Which posts of a tenant were created (retention) or removed (purge) on one UTC day. */
export type PrivacyDayKind = 'created' | 'removed';

type DayDocument = StoredDocument & { type: 'privacyDay'; kind: PrivacyDayKind; day: string; postIds: string[] };
/** How far the privacy job got, per kind: every day before `done[kind]` is handled. */
type CursorDocument = StoredDocument & { type: 'privacyCursor'; firstDay: string; done: Partial<Record<PrivacyDayKind, string>> };

const dayKey = (tenantId: string, kind: PrivacyDayKind, day: string) => tenantKey(tenantId, 'privacy', kind, day);
const cursorKey = (tenantId: string) => tenantKey(tenantId, 'privacy', 'cursor');

/**
 * The privacy job's indexes, in the timelines container: one small document per tenant,
 * kind and UTC day listing post ids (appended by patch `add`, so posting at once never
 * contends), and one cursor per tenant. The job walks days by point reads from its
 * cursor to the cutoff, never querying the posts container (the embedded server's query
 * cost grows with the square of a container's size, and posts is the biggest one).
 */
export class PrivacyIndexRepository {
  /** Per tenant and kind, the earliest day this process made the cursor reach: one write per tenant per process, not per post. */
  private readonly known = new Map<string, string>();

  constructor(
    private readonly container: Container,
    /** Hears of a tenant's first indexed post ever (the job is scheduled for it then). */
    private readonly onFirstIndex: (tenantId: string) => Promise<void> = async () => undefined,
  ) {}

  async note(tenantId: string, kind: PrivacyDayKind, postId: string, at: string): Promise<void> {
    const day = dayOf(at);
    const key = dayKey(tenantId, kind, day);
    await patchOrCreate<DayDocument>(this.container, key, key, [{ op: 'add', path: '/postIds/-', value: postId }], { id: key, pk: key, tenantId, type: 'privacyDay', kind, day, postIds: [postId] });
    await this.ensureCursor(tenantId, kind, day);
  }

  /**
   * Files several posts under one day at once (the backfill of an older store): ids
   * already listed are not added again, and the job's cursor is moved back to the day
   * whatever this process remembers (the job may have walked past it meanwhile).
   */
  async fileDay(tenantId: string, kind: PrivacyDayKind, day: string, postIds: string[]): Promise<void> {
    const key = dayKey(tenantId, kind, day);
    await updateDocument<DayDocument>(this.container, key, key, (current) => {
      const missing = [...new Set(postIds)].filter((id) => !current?.postIds.includes(id));
      if (!missing.length) return undefined;
      return current ? { ...current, postIds: [...current.postIds, ...missing] } : { id: key, pk: key, tenantId, type: 'privacyDay', kind, day, postIds: missing };
    });
    this.known.delete(`${tenantId}|${kind}`);
    await this.ensureCursor(tenantId, kind, day);
  }

  async day(tenantId: string, kind: PrivacyDayKind, day: string): Promise<string[]> {
    const key = dayKey(tenantId, kind, day);
    return [...new Set((await readDocument<DayDocument>(this.container, key, key))?.postIds ?? [])];
  }

  async forgetDay(tenantId: string, kind: PrivacyDayKind, day: string): Promise<void> {
    const key = dayKey(tenantId, kind, day);
    await this.container.item(key, key).delete().catch((error) => {
      if (!isCosmosError(error, 404)) throw error;
    });
  }

  /** The first day not yet handled for `kind` (the first indexed day when none is). */
  async nextDay(tenantId: string, kind: PrivacyDayKind): Promise<string | undefined> {
    const key = cursorKey(tenantId);
    const cursor = await readDocument<CursorDocument>(this.container, key, key);
    return cursor && (cursor.done[kind] ?? cursor.firstDay);
  }

  async advance(tenantId: string, kind: PrivacyDayKind, day: string): Promise<void> {
    const key = cursorKey(tenantId);
    await updateDocument<CursorDocument>(this.container, key, key, (current) => current && (current.done[kind] ?? '') < day ? { ...current, done: { ...current.done, [kind]: day } } : undefined);
  }

  /**
   * Makes sure the job's walk reaches `day`: creates the cursor on the tenant's first
   * indexed post, and moves it back for a post dated before where it stands (seeded or
   * imported content). This process remembers the earliest day it made sure of, so
   * posts of today cost no extra write.
   */
  private async ensureCursor(tenantId: string, kind: PrivacyDayKind, day: string): Promise<void> {
    const seen = `${tenantId}|${kind}`;
    if ((this.known.get(seen) ?? '9999') <= day) return;
    const key = cursorKey(tenantId);
    let created = false;
    await updateDocument<CursorDocument>(this.container, key, key, (current) => {
      created = !current;
      if (!current) return { id: key, pk: key, tenantId, type: 'privacyCursor', firstDay: day, done: {} };
      const done = current.done[kind];
      if (current.firstDay <= day && (!done || done <= day)) return undefined;
      return { ...current, firstDay: current.firstDay <= day ? current.firstDay : day, done: { ...current.done, ...(done && done > day && { [kind]: day }) } };
    });
    this.known.set(seen, day);
    if (created) await this.onFirstIndex(tenantId);
  }
}
