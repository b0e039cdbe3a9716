import type { Container } from '@azure/cosmos';
import { Follow, followKey, FollowTarget, withFollow, withoutFollow } from '../domain/follows';
import { DEFAULT_DIGEST_SETTINGS, DigestEntry, DigestSettings, DIGEST_FANOUT_MAX, DIGEST_PENDING_MAX, entryKey, WeeklyReachReport } from '../domain/digests';
import { tenantKey } from './containers';
import { isCosmosError } from './cosmos';
import { patchOrCreate, readDocument, stableHash, StoredDocument, updateDocument } from './documents';

/**
 * Who follows what, in the `follows` container (pk = id, point reads only):
 *   - each person's follows, one document (tenantId|following|userId): "my follows" is
 *     one point read, and the list is capped (FOLLOWS_MAX);
 *   - the reverse, who follows a target, over FOLLOWER_SHARDS documents
 *     (tenantId|followers|kind|id|n, a person's shard chosen by a stable hash): a
 *     popular community is not one document every follow and unfollow fights over;
 *   - each person's digest settings (tenantId|digest|userId) and the entries waiting
 *     for their next digest (tenantId|pending|userId), appended with patch so any
 *     number of events at once never conflict.
 * The person's list is the truth; a shard is brought in line on every follow and
 * unfollow, so retrying either repairs a crash between the two writes.
 */
export const FOLLOWER_SHARDS = 8;

type FollowingDocument = StoredDocument & { type: 'following'; userId: string; follows: Follow[] };
type FollowersDocument = StoredDocument & { type: 'followers'; target: FollowTarget; userIds: string[] };
type SettingsDocument = StoredDocument & { type: 'digestSettings'; userId: string } & DigestSettings & { updatedAt: string };
type PendingDocument = StoredDocument & {
  type: 'digestPending';
  userId: string;
  entries: DigestEntry[];
  /** Entries that did not fit in the list: still counted in the digest. */
  overflow?: number;
  lastSentAt?: number;
  lastWeeklyAt?: number;
  /** Which run sent the latest weekly digest (two runs in the same millisecond still send once). */
  weeklyBy?: string;
  /** Who is sending the digest now, until when (overlapping runs send it once). */
  sending?: { by: string; until: number };
  /** Keys of the latest entries sent or dropped (SENT_KEYS_MAX): a repeated record (appendPendingOnce) does not bring them back. */
  sentKeys?: string[];
};

/** Settled entry keys remembered per person: a crash's leftover record falls due within minutes, well inside this many digests' worth. */
export const SENT_KEYS_MAX = 2 * DIGEST_PENDING_MAX;

export interface PendingDigest {
  userId: string;
  entries: DigestEntry[];
  overflow: number;
  lastSentAt?: number;
  lastWeeklyAt?: number;
}

const followingKey = (tenantId: string, userId: string) => tenantKey(tenantId, 'following', userId.toLowerCase());
const shardKey = (tenantId: string, target: FollowTarget, shard: number) => tenantKey(tenantId, 'followers', target.kind, target.id.toLowerCase(), String(shard));
const shardOf = (userId: string) => stableHash(userId.toLowerCase()) % FOLLOWER_SHARDS;
const settingsKey = (tenantId: string, userId: string) => tenantKey(tenantId, 'digest', userId.toLowerCase());
const pendingKey = (tenantId: string, userId: string) => tenantKey(tenantId, 'pending', userId.toLowerCase());

const pendingOf = (document: PendingDocument): PendingDigest => ({
  userId: document.userId,
  entries: document.entries,
  overflow: document.overflow ?? 0,
  lastSentAt: document.lastSentAt,
  lastWeeklyAt: document.lastWeeklyAt,
});

export class FollowRepository {
  constructor(private readonly container: Container) {}

  async follows(tenantId: string, userId: string): Promise<Follow[]> {
    const id = followingKey(tenantId, userId);
    return (await readDocument<FollowingDocument>(this.container, id, id))?.follows ?? [];
  }

  /** Follows (once, however often or concurrently asked); the follow as stored. Throws at the cap. */
  async follow(tenantId: string, userId: string, follow: Follow): Promise<Follow> {
    const id = followingKey(tenantId, userId);
    const stored = await updateDocument<FollowingDocument>(this.container, id, id, (current) => {
      const follows = withFollow(current?.follows ?? [], follow);
      return follows && { id, pk: id, tenantId, type: 'following', userId: userId.toLowerCase(), follows, _etag: current?._etag };
    });
    await this.setShard(tenantId, follow, userId, true);
    return stored?.follows.find((f) => followKey(f) === followKey(follow)) ?? follow;
  }

  /** Unfollows; whether it was followed. */
  async unfollow(tenantId: string, userId: string, target: FollowTarget): Promise<boolean> {
    const id = followingKey(tenantId, userId);
    let removed = false;
    await updateDocument<FollowingDocument>(this.container, id, id, (current) => {
      const follows = current && withoutFollow(current.follows, target);
      removed = Boolean(follows);
      return follows && { ...current!, follows };
    });
    await this.setShard(tenantId, target, userId, false);
    return removed;
  }

  /**
   * Erasure: everything of the person here goes — what they follow (and their place in
   * each target's followers), who follows them (and the entry in each follower's
   * list), their digest settings and waiting entries. Safe to repeat.
   */
  async forget(tenantId: string, userId: string): Promise<number> {
    let removed = 0;
    for (const follow of await this.follows(tenantId, userId)) await this.setShard(tenantId, follow, userId, false);
    const asTarget: FollowTarget = { kind: 'person', id: userId.toLowerCase() };
    for (const follower of await this.followersOf(tenantId, asTarget, Number.MAX_SAFE_INTEGER)) {
      if (await this.unfollow(tenantId, follower, asTarget)) removed++;
    }
    const ids = [followingKey(tenantId, userId), settingsKey(tenantId, userId), pendingKey(tenantId, userId), ...Array.from({ length: FOLLOWER_SHARDS }, (_, n) => shardKey(tenantId, asTarget, n))];
    for (const id of ids) {
      await this.container
        .item(id, id)
        .delete()
        .then(() => removed++)
        .catch((error) => {
          if (!isCosmosError(error, 404)) throw error;
        });
    }
    return removed;
  }

  /** Who follows the target: every shard, one point read each, at most `max` people. */
  async followersOf(tenantId: string, target: FollowTarget, max = DIGEST_FANOUT_MAX): Promise<string[]> {
    const shards = await Promise.all(Array.from({ length: FOLLOWER_SHARDS }, (_, n) => readDocument<FollowersDocument>(this.container, shardKey(tenantId, target, n), shardKey(tenantId, target, n))));
    return shards.flatMap((shard) => shard?.userIds ?? []).slice(0, max);
  }

  private async setShard(tenantId: string, target: FollowTarget, userId: string, following: boolean): Promise<void> {
    const id = shardKey(tenantId, target, shardOf(userId));
    const who = userId.toLowerCase();
    await updateDocument<FollowersDocument>(this.container, id, id, (current) => {
      const userIds = current?.userIds ?? [];
      if (userIds.includes(who) === following) return undefined;
      const next = following ? [...userIds, who] : userIds.filter((u) => u !== who);
      return { id, pk: id, tenantId, type: 'followers', target: { kind: target.kind, id: target.id.toLowerCase() }, userIds: next, _etag: current?._etag };
    });
  }

  async digestSettings(tenantId: string, userId: string): Promise<DigestSettings> {
    const id = settingsKey(tenantId, userId);
    const document = await readDocument<SettingsDocument>(this.container, id, id);
    return document ? { frequency: document.frequency, weekly: document.weekly } : DEFAULT_DIGEST_SETTINGS;
  }

  async setDigestSettings(tenantId: string, userId: string, change: Partial<DigestSettings>, at: string): Promise<DigestSettings> {
    const id = settingsKey(tenantId, userId);
    const stored = await updateDocument<SettingsDocument>(this.container, id, id, (current) => ({
      id, pk: id, tenantId, type: 'digestSettings', userId: userId.toLowerCase(),
      frequency: change.frequency ?? current?.frequency ?? DEFAULT_DIGEST_SETTINGS.frequency,
      weekly: change.weekly ?? current?.weekly ?? DEFAULT_DIGEST_SETTINGS.weekly,
      updatedAt: at, _etag: current?._etag,
    }));
    return { frequency: stored!.frequency, weekly: stored!.weekly };
  }

  /**
   * Appends an entry to the person's next digest with one patch (no read, no conflict
   * however many events arrive at once); a list past DIGEST_PENDING_MAX is trimmed to
   * it, the rest counted. Whether this was the first entry waiting (its digest must be scheduled).
   */
  async appendPending(tenantId: string, userId: string, entry: DigestEntry): Promise<{ first: boolean; lastSentAt?: number }> {
    const id = pendingKey(tenantId, userId);
    const { resource, created } = await patchOrCreate<PendingDocument>(this.container, id, id, [{ op: 'add', path: '/entries/-', value: entry }], {
      id, pk: id, tenantId, type: 'digestPending', userId: userId.toLowerCase(), entries: [entry],
    });
    if (resource.entries.length > DIGEST_PENDING_MAX) {
      await updateDocument<PendingDocument>(this.container, id, id, (current) => {
        if (!current || current.entries.length <= DIGEST_PENDING_MAX) return undefined;
        const dropped = current.entries.length - DIGEST_PENDING_MAX;
        return { ...current, entries: current.entries.slice(dropped), overflow: (current.overflow ?? 0) + dropped };
      });
    }
    return { first: created || resource.entries.length === 1, lastSentAt: resource.lastSentAt };
  }

  /**
   * appendPending for a repeated record (a crash's leftover, delivery/digest-outbox.ts):
   * under the etag guard, and nothing added when the entry is waiting or was sent.
   */
  async appendPendingOnce(tenantId: string, userId: string, entry: DigestEntry): Promise<{ first: boolean; lastSentAt?: number }> {
    const id = pendingKey(tenantId, userId);
    const key = entryKey(entry);
    let first = false;
    const stored = await updateDocument<PendingDocument>(this.container, id, id, (current) => {
      first = false;
      const base: PendingDocument = current ?? { id, pk: id, tenantId, type: 'digestPending', userId: userId.toLowerCase(), entries: [] };
      if (base.entries.some((e) => entryKey(e) === key) || base.sentKeys?.includes(key)) return undefined;
      const entries = [...base.entries, entry];
      const dropped = Math.max(0, entries.length - DIGEST_PENDING_MAX);
      first = entries.length === 1;
      return { ...base, entries: entries.slice(dropped), ...(dropped && { overflow: (base.overflow ?? 0) + dropped }) };
    });
    return { first, lastSentAt: stored?.lastSentAt };
  }

  async pending(tenantId: string, userId: string): Promise<PendingDigest | undefined> {
    const id = pendingKey(tenantId, userId);
    const document = await readDocument<PendingDocument>(this.container, id, id);
    return document && pendingOf(document);
  }

  /**
   * Takes the person's digest to send until `until`, unless another sender holds it or
   * `mayStart` refuses (too soon after the last one); what it holds, or undefined.
   */
  async claimPending(tenantId: string, userId: string, by: string, now: number, until: number, mayStart: (pending: PendingDigest) => boolean): Promise<PendingDigest | undefined> {
    const id = pendingKey(tenantId, userId);
    let claimed: PendingDigest | undefined;
    await updateDocument<PendingDocument>(this.container, id, id, (current) => {
      claimed = undefined;
      if (!current || (current.sending && current.sending.by !== by && current.sending.until > now)) return undefined;
      if (!mayStart(pendingOf(current))) return undefined;
      claimed = pendingOf(current);
      return { ...current, sending: { by, until } };
    });
    return claimed;
  }

  /**
   * Ends a send: takes the entries it was about off the list (entries that arrived
   * meanwhile stay), frees the claim and, when it went out, notes when. What is left.
   */
  async settlePending(tenantId: string, userId: string, by: string, sent: PendingDigest | undefined, at: { sentAt?: number }): Promise<PendingDigest | undefined> {
    const id = pendingKey(tenantId, userId);
    const done = new Set((sent?.entries ?? []).map(entryKey));
    const stored = await updateDocument<PendingDocument>(this.container, id, id, (current) => {
      if (!current) return undefined;
      const { sending, ...rest } = current;
      const settled = current.entries.map(entryKey).filter((key) => done.has(key));
      return {
        ...rest,
        entries: current.entries.filter((e) => !done.has(entryKey(e))),
        ...(settled.length && { sentKeys: [...(current.sentKeys ?? []), ...settled].slice(-SENT_KEYS_MAX) }),
        overflow: sent ? 0 : current.overflow,
        lastSentAt: at.sentAt ?? current.lastSentAt,
        ...(sending && sending.by !== by && { sending }),
      };
    });
    return stored && pendingOf(stored);
  }

  /**
   * Notes a weekly digest going out now (by `by`) unless one went less than `minGapMs`
   * ago; whether this one may go, and when the latest went.
   */
  async claimWeekly(tenantId: string, userId: string, by: string, now: number, minGapMs: number): Promise<{ claimed: boolean; lastWeeklyAt: number }> {
    const id = pendingKey(tenantId, userId);
    const stored = await updateDocument<PendingDocument>(this.container, id, id, (current) => {
      if (current?.lastWeeklyAt !== undefined && now - current.lastWeeklyAt < minGapMs) return undefined;
      return { ...(current ?? { id, pk: id, tenantId, type: 'digestPending', userId: userId.toLowerCase(), entries: [] }), lastWeeklyAt: now, weeklyBy: by };
    });
    return { claimed: stored?.weeklyBy === by, lastWeeklyAt: stored?.lastWeeklyAt ?? now };
  }

  /** The latest weekly reach run's counts (delivery/weekly-reach.ts): one document per tenant, a point read. */
  async saveWeeklyReach(tenantId: string, report: WeeklyReachReport): Promise<void> {
    const id = tenantKey(tenantId, 'weeklyReach');
    await this.container.items.upsert({ id, pk: id, tenantId, type: 'weeklyReach', ...report });
  }

  async weeklyReach(tenantId: string): Promise<WeeklyReachReport | undefined> {
    const id = tenantKey(tenantId, 'weeklyReach');
    const stored = await readDocument<StoredDocument & WeeklyReachReport>(this.container, id, id);
    if (!stored) return undefined;
    const { at, people, off, scheduled, newlyScheduled, installed, unreachable } = stored;
    return { at, people, off, scheduled, newlyScheduled, installed, unreachable };
  }
}
