import type { Post } from '../domain/posts';
import { dayOf, PrivacySettings, retentionCutoff } from '../domain/privacy';
import type { Logger } from '../log';
import type { PrivacyDayKind, PrivacyIndexRepository } from '../store/privacy-index';
import { PRIVACY_JOB_INTERVAL_MS } from '../store/privacy-schedule';

/** Days one run walks per kind at most (a point read each, most of them finding nothing); a run with more to do looks again soon. */
export const PRIVACY_DAYS_PER_RUN = 120;
export const PRIVACY_RETRY_SOON_MS = 60_000;
/** While an older store's posts are being filed into the index: the next pages soon after. */
export const PRIVACY_BACKFILL_RETRY_MS = 5_000;
const DAY_MS = 24 * 60 * 60_000;

export interface PrivacyJobPorts {
  settings(tenantId: string): Promise<PrivacySettings>;
  index: Pick<PrivacyIndexRepository, 'nextDay' | 'day' | 'forgetDay' | 'advance'>;
  /** Purges a removed post's words and comments; undefined when there was nothing to do. */
  purge(tenantId: string, postId: string, now: Date): Promise<Post | undefined>;
  /** Deletes a post past retention with everything people did to it. */
  remove(tenantId: string, postId: string, now: Date): Promise<Post | undefined>;
  post(tenantId: string, postId: string): Promise<Post | undefined>;
  /** Files a few pages of posts from before the index into it (src/store/privacy-backfill.ts); done once all are. */
  backfill(tenantId: string): Promise<{ done: boolean; filed: number }>;
  refresh(post: Post): void;
  logger: Logger;
}

const nextDayOf = (day: string) => dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS));

/**
 * A tenant's privacy run (issue 17, item 6), hourly through its held notice: removed
 * posts lose their body and comments once `removedPurgeDays` have passed, and posts
 * older than `retentionMonths` are deleted, each with explicit deletes (the embedded
 * store has no TTL, and Azure's would not recount anything). Posts are found through
 * per-day index documents walked from a cursor by point reads; a day is handled only
 * once all of it is due, then forgotten, and the cursor moves past it. Every step is
 * safe to repeat, so a run that dies is simply run again.
 */
export async function runPrivacyJob(ports: PrivacyJobPorts, tenantId: string, now: Date): Promise<{ purged: number; deleted: number; retryAt: number; backfilled?: number }> {
  // First the posts of an older store, which no day lists yet: until all are filed the
  // walks wait (they move the cursor past days the backfill may still file into).
  const backfill = await ports.backfill(tenantId);
  if (!backfill.done) {
    ports.logger.info({ tenantId, filed: backfill.filed }, 'privacy job filing older posts');
    return { purged: 0, deleted: 0, backfilled: backfill.filed, retryAt: now.getTime() + PRIVACY_BACKFILL_RETRY_MS };
  }
  const settings = await ports.settings(tenantId);
  // Whole days only: every removal on the last one is at least removedPurgeDays old.
  const purgeThrough = dayOf(new Date(now.getTime() - settings.removedPurgeDays * DAY_MS - DAY_MS));
  const purge = await walk(ports, tenantId, 'removed', purgeThrough, async (postId) => ports.purge(tenantId, postId, now));
  const cutoff = retentionCutoff(now, settings);
  const retain = cutoff
    ? await walk(ports, tenantId, 'created', dayOf(new Date(cutoff.getTime() - DAY_MS)), async (postId) => {
        const post = await ports.post(tenantId, postId);
        return post && Date.parse(post.createdAt) < cutoff.getTime() ? ports.remove(tenantId, postId, now) : undefined;
      })
    : { count: 0, more: false };
  if (purge.count || retain.count) ports.logger.info({ tenantId, purged: purge.count, deleted: retain.count }, 'privacy job ran');
  const more = purge.more || retain.more;
  return { purged: purge.count, deleted: retain.count, retryAt: now.getTime() + (more ? PRIVACY_RETRY_SOON_MS : PRIVACY_JOB_INTERVAL_MS) };
}

async function walk(ports: PrivacyJobPorts, tenantId: string, kind: PrivacyDayKind, through: string, act: (postId: string) => Promise<Post | undefined>) {
  let day = await ports.index.nextDay(tenantId, kind);
  let count = 0;
  for (let days = 0; day && day <= through && days < PRIVACY_DAYS_PER_RUN; days++) {
    for (const postId of await ports.index.day(tenantId, kind, day)) {
      const changed = await act(postId);
      if (!changed) continue;
      count += 1;
      ports.refresh(changed);
    }
    await ports.index.forgetDay(tenantId, kind, day);
    day = nextDayOf(day);
    await ports.index.advance(tenantId, kind, day);
  }
  return { count, more: Boolean(day && day <= through) };
}
