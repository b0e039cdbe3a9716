import type { Container } from '@azure/cosmos';
import { dayOf } from '../domain/privacy';
import { tenantKey } from './containers';
import { readDocument, StoredDocument } from './documents';
import type { PrivacyDayKind, PrivacyIndexRepository } from './privacy-index';

/** Posts read per page: small, so one page is cheap even where queries are not (the embedded server). */
export const BACKFILL_PAGE_SIZE = 100;
/** Pages per privacy run; the run after continues from the marker. */
export const BACKFILL_PAGES_PER_RUN = 5;

type MarkerDocument = StoredDocument & { type: 'privacyBackfill'; tenantId: string; continuation?: string; pages: number; filed: number; done: boolean; completedAt?: string };
type PostRow = { postId: string; createdAt: string; state?: string; purgedAt?: string; updatedAt?: string; announcementId?: string };

const markerKey = (tenantId: string) => tenantKey(tenantId, 'privacy', 'backfill');

/**
 * Files a tenant's posts from before the per-day privacy index existed into it, once
 * (issue 17, item 6): retention and the removed-post purge find posts only through
 * that index, so without this a store older than it keeps its old posts for ever.
 * The posts container is paged in tenant order by id with a continuation token (ORDER
 * BY id makes the token a position among ids, which survives deletes and, in the
 * embedded server, a restore that renumbers documents); after each page the marker
 * keeps the token, so a restart continues where the last page ended (a page filed
 * twice changes nothing: day lists are merged), and a finished marker is never
 * started again. Announcements' engagement records are not filed: an announcement's
 * retention is not a post's.
 */
export class PrivacyBackfill {
  constructor(
    private readonly posts: Container,
    private readonly timelines: Container,
    private readonly index: Pick<PrivacyIndexRepository, 'fileDay'>,
  ) {}

  async state(tenantId: string): Promise<Pick<MarkerDocument, 'pages' | 'filed' | 'done' | 'continuation'> | undefined> {
    const key = markerKey(tenantId);
    return readDocument<MarkerDocument>(this.timelines, key, key);
  }

  /** Runs up to `pages` pages; whether the backfill is finished, and how many posts this call filed. */
  async run(tenantId: string, options: { pages?: number; pageSize?: number; now?: Date } = {}): Promise<{ done: boolean; filed: number }> {
    const key = markerKey(tenantId);
    let marker = (await readDocument<MarkerDocument>(this.timelines, key, key)) ?? { id: key, pk: key, tenantId, type: 'privacyBackfill', pages: 0, filed: 0, done: false };
    let filed = 0;
    for (let page = 0; !marker.done && page < (options.pages ?? BACKFILL_PAGES_PER_RUN); page++) {
      const { resources, continuationToken } = await this.posts.items
        .query<PostRow>(
          {
            query: 'SELECT c.postId, c.createdAt, c.state, c.purgedAt, c.updatedAt, c.announcementId FROM c WHERE c.tenantId = @tenantId AND c.type = "post" ORDER BY c.id',
            parameters: [{ name: '@tenantId', value: tenantId }],
          },
          { maxItemCount: options.pageSize ?? BACKFILL_PAGE_SIZE, continuationToken: marker.continuation },
        )
        .fetchNext();
      filed += await this.file(tenantId, resources);
      const { continuation: _done, ...rest } = marker;
      marker = { ...rest, pages: marker.pages + 1, filed: marker.filed + resources.length, done: !continuationToken, ...(continuationToken ? { continuation: continuationToken } : { completedAt: (options.now ?? new Date()).toISOString() }) };
      const { _etag, ...saved } = marker;
      await this.timelines.items.upsert<MarkerDocument>(saved as MarkerDocument);
    }
    return { done: marker.done, filed };
  }

  /** One page: each day's posts merged into that day's list with one write. */
  private async file(tenantId: string, rows: PostRow[]): Promise<number> {
    const days = new Map<string, string[]>();
    const add = (kind: PrivacyDayKind, at: string, postId: string) => {
      const day = `${kind} ${dayOf(at)}`;
      days.set(day, [...(days.get(day) ?? []), postId]);
    };
    const posts = rows.filter((row) => row.postId && row.createdAt && !row.announcementId);
    for (const row of posts) {
      add('created', row.createdAt, row.postId);
      // A removed post's removal time was not kept before the index: its last change is it.
      if (row.state === 'removed' && !row.purgedAt) add('removed', row.updatedAt ?? row.createdAt, row.postId);
    }
    for (const [day, postIds] of days) {
      const [kind, date] = day.split(' ') as [PrivacyDayKind, string];
      await this.index.fileDay(tenantId, kind, date, postIds);
    }
    return posts.length;
  }
}
