import type { Container } from '@azure/cosmos';
import { DomainError } from '../domain/errors';
import { DEFAULT_KUDOS_SETTINGS, isKudos, KudosPerson, KudosPost, KudosSettings } from '../domain/kudos';
import type { Post } from '../domain/posts';
import { periodsOf } from '../domain/kudos-periods';
import { tenantKey } from './containers';
import { readDocument, StoredDocument, updateDocument } from './documents';
import { boardScope, KudosBoards } from './kudos-boards';
import { KudosWalls, WALL_SCOPES } from './kudos-walls';
import { SETTINGS_CACHE_TTL_MS } from './tenants';
import { TtlCache } from './ttl-cache';

/**
 * Everything kudos adds beside its post (the post itself, with reactions and
 * comments, lives with the other posts): each sender's weekly allowance, walls,
 * leaderboards and each person's badge counts. All in the `kudos` container, one
 * document a logical partition, read by point reads.
 */
type AllowanceDocument = StoredDocument & { type: 'kudosAllowance'; senderId: string; week: string; used: number };
type StatsDocument = StoredDocument & { type: 'kudosStats'; userId: string; received: Record<string, number>; receivedTotal: number; given: number; recent?: string[] };
/** Kudos a person's counts remember having applied (a repeated recording changes nothing). */
const STATS_RECENT_OPS = 32;
type SettingsDocument = StoredDocument & { type: 'kudosSettings'; settings: KudosSettings; updatedAt: string; updatedBy: string };

export interface KudosStats {
  /** Kudos received per badge id. */
  received: Record<string, number>;
  receivedTotal: number;
  given: number;
}

/** Every wall a kudos is on: the tenant's, its sender's, and each recipient's own, team and department. */
function wallScopesOf(post: KudosPost): string[] {
  const scopes = new Set([WALL_SCOPES.tenant(), WALL_SCOPES.given(post.authorId)]);
  for (const r of post.kudos.recipients) {
    scopes.add(WALL_SCOPES.received(r.userId)).add(WALL_SCOPES.team(r.userId));
    if (r.managerId) scopes.add(WALL_SCOPES.team(r.managerId));
    if (r.department) scopes.add(WALL_SCOPES.department(r.department));
  }
  return [...scopes];
}

/**
 * The counts a kudos made, as `record` and `recordJoin` made them: its sender's at its
 * creation, and each joiner's at the moment they joined (joins from before that moment
 * was kept are taken as of the kudos' creation: most join within its week).
 */
function countedOps(post: KudosPost): Array<{ senderId: string; opId: string; at: string }> {
  return [
    { senderId: post.authorId, opId: post.postId, at: post.createdAt },
    ...post.kudos.joiners.map((j) => ({ senderId: j.userId, opId: `${post.postId}|join|${j.userId}`, at: j.joinedAt ?? post.createdAt })),
  ];
}

export class KudosRepository {
  readonly walls: KudosWalls;
  readonly boards: KudosBoards;
  private readonly settingsCache = new TtlCache<KudosSettings>(SETTINGS_CACHE_TTL_MS, 10_000);

  constructor(
    private readonly container: Container,
    /** Settings live with the tenant's other settings (a small, bounded partition). */
    private readonly tenants: Container,
  ) {
    this.walls = new KudosWalls(container);
    this.boards = new KudosBoards(container);
  }

  async settings(tenantId: string): Promise<KudosSettings> {
    return this.settingsCache.get(tenantId, async () => {
      const document = await readDocument<SettingsDocument>(this.tenants, tenantKey(tenantId, 'kudosSettings'), tenantId);
      return document ? { ...DEFAULT_KUDOS_SETTINGS, ...document.settings } : DEFAULT_KUDOS_SETTINGS;
    });
  }

  async setSettings(tenantId: string, settings: KudosSettings, updatedBy: string, now: string): Promise<void> {
    await this.tenants.items.upsert<SettingsDocument>({ id: tenantKey(tenantId, 'kudosSettings'), pk: tenantId, tenantId, type: 'kudosSettings', settings, updatedAt: now, updatedBy });
    this.settingsCache.set(tenantId, settings);
  }

  /**
   * Takes one kudos from the sender's allowance for the week, under the etag guard:
   * of any number of concurrent sends with one kudos left, exactly one gets it.
   * Returns how many are left after this one.
   */
  async reserveAllowance(tenantId: string, senderId: string, week: string, limit: number): Promise<number> {
    const id = tenantKey(tenantId, 'allowance', senderId, week);
    const stored = await updateDocument<AllowanceDocument>(this.container, id, id, (current) => {
      const used = current?.used ?? 0;
      if (used >= limit) throw new DomainError('rate_limited', 'weekly kudos allowance used', 'error.kudos.allowanceUsed', { limit });
      return { id, pk: id, tenantId, type: 'kudosAllowance', senderId, week, used: used + 1, _etag: current?._etag };
    });
    return limit - (stored?.used ?? limit);
  }

  /** Gives back a reserved kudos when sending failed. */
  async refundAllowance(tenantId: string, senderId: string, week: string): Promise<void> {
    const id = tenantKey(tenantId, 'allowance', senderId, week);
    await updateDocument<AllowanceDocument>(this.container, id, id, (current) => current && current.used > 0 ? { ...current, used: current.used - 1 } : undefined);
  }

  async allowanceUsed(tenantId: string, senderId: string, week: string): Promise<number> {
    const id = tenantKey(tenantId, 'allowance', senderId, week);
    return (await readDocument<AllowanceDocument>(this.container, id, id))?.used ?? 0;
  }

  /**
   * Puts a sent kudos on its walls, its recipients' leaderboards and everyone's counts.
   * Running it again for the same kudos (`repairing`: a process died part-way) completes
   * what is missing and counts nothing twice: walls dedupe by post when read and their
   * day index is checked, leaderboards and counts remember the kudos they applied.
   */
  async record(post: KudosPost, repairing = false): Promise<void> {
    const { tenantId, postId, createdAt, authorId } = post;
    const entry = { postId, createdAt };
    await Promise.all(wallScopesOf(post).map((scope) => this.walls.append(tenantId, scope, entry, repairing)));
    await this.countRecognition(post, authorId, createdAt, postId);
    await Promise.all([
      this.bumpStats(tenantId, authorId, `${postId}|given`, (s) => ({ ...s, given: s.given + 1 })),
      ...post.kudos.recipients.map((r) =>
        this.bumpStats(tenantId, r.userId, `${postId}|received`, (s) => ({ ...s, receivedTotal: s.receivedTotal + 1, received: { ...s.received, [post.kudos.badge.id]: (s.received[post.kudos.badge.id] ?? 0) + 1 } })),
      ),
    ]);
  }

  /**
   * Takes back what a kudos counted, so leaderboards, counts and walls stay exact once
   * it is gone: `whole` when it is removed (by its sender or a moderator), deleted by
   * retention or erasure (its sender's and every joiner's counts for each recipient,
   * their received counts, its sender's given count, its wall entries); `join` when an
   * erased person only leaves it as a joiner. `erasedId`: the erased person, whose own
   * entries go separately (nothing is written under their id). A kudos already removed
   * was taken back then. Safe to repeat.
   */
  async unrecord(post: KudosPost, what: 'whole' | 'join', erasedId?: string): Promise<void> {
    if (post.state === 'removed') return;
    const { tenantId, postId } = post;
    const recipients = post.kudos.recipients.filter((r) => r.userId !== erasedId);
    const ops = countedOps(post).filter((op) => what === 'whole' || op.senderId === erasedId);
    const scopes = [boardScope(), boardScope(post.kudos.badge.id)];
    for (const op of ops) {
      await Promise.all(
        recipients.flatMap((r) => periodsOf(new Date(op.at)).flatMap((period) => scopes.map((scope) => this.boards.uncount({ tenantId, period, scope, recipientId: r.userId, senderId: op.senderId, opId: op.opId })))),
      );
    }
    if (what === 'join') return;
    const badge = post.kudos.badge.id;
    await Promise.all([
      ...recipients.map((r) => this.bumpStats(tenantId, r.userId, `${postId}|unreceived`, (s) => ({ ...s, receivedTotal: Math.max(0, s.receivedTotal - 1), received: { ...s.received, [badge]: Math.max(0, (s.received[badge] ?? 0) - 1) } }))),
      ...(post.authorId === erasedId ? [] : [this.bumpStats(tenantId, post.authorId, `${postId}|ungiven`, (s) => ({ ...s, given: Math.max(0, s.given - 1) }))]),
    ]);
    await Promise.all(wallScopesOf(post).map((scope) => this.walls.remove(tenantId, scope, { postId, createdAt: post.createdAt })));
  }

  /** Before a post is removed or deleted: a kudos among them stops counting (first, so a crash in between only repeats it). */
  async takeBack(post: Post | undefined): Promise<void> {
    if (post && isKudos(post)) await this.unrecord(post, 'whole');
  }

  /** A joiner counts as a sender for every recipient, in the periods of the moment they joined. */
  async recordJoin(post: KudosPost, joiner: KudosPerson, at: string): Promise<void> {
    await this.countRecognition(post, joiner.userId, at, `${post.postId}|join|${joiner.userId}`);
  }

  private async countRecognition(post: KudosPost, senderId: string, at: string, opId: string): Promise<void> {
    const periods = periodsOf(new Date(at));
    const scopes = [boardScope(), boardScope(post.kudos.badge.id)];
    await Promise.all(
      post.kudos.recipients.flatMap((recipient) =>
        periods.flatMap((period) => scopes.map((scope) => this.boards.count({ tenantId: post.tenantId, period, scope, recipient, senderId, at, opId }))),
      ),
    );
  }

  async stats(tenantId: string, userId: string): Promise<KudosStats> {
    const id = tenantKey(tenantId, 'stats', userId);
    const document = await readDocument<StatsDocument>(this.container, id, id);
    return { received: document?.received ?? {}, receivedTotal: document?.receivedTotal ?? 0, given: document?.given ?? 0 };
  }

  private async bumpStats(tenantId: string, userId: string, op: string, change: (stats: KudosStats) => KudosStats): Promise<void> {
    const id = tenantKey(tenantId, 'stats', userId);
    await updateDocument<StatsDocument>(this.container, id, id, (current) => {
      if (current?.recent?.includes(op)) return undefined;
      const next = change({ received: current?.received ?? {}, receivedTotal: current?.receivedTotal ?? 0, given: current?.given ?? 0 });
      const recent = [...(current?.recent ?? []), op].slice(-STATS_RECENT_OPS);
      return { id, pk: id, tenantId, type: 'kudosStats', userId, ...next, recent, _etag: current?._etag };
    });
  }
}
