import type { Container } from '@azure/cosmos';
import type { PeriodKind } from '../domain/kudos-periods';
import { tenantKey } from './containers';
import { isCosmosError } from './cosmos';
import { readDocument, stableHash, StoredDocument, updateDocument } from './documents';

/**
 * Leaderboards, fair by design: a person's score in a period is the number of
 * DISTINCT people who recognised them, not how many kudos arrived. Each
 * (period, scope, recipient, sender) pair is a create-only document: the first
 * kudos from a sender in a period creates it and raises the score, later ones find
 * it taken (409) and only raise the raw count. Scores live in BOARD_SHARDS documents
 * per period and scope, chosen by a hash of the recipient, so a burst for many
 * people spreads over them and reading a leaderboard is BOARD_SHARDS point reads.
 * Scopes: every badge together ("all") and each badge on its own ("badge:<id>");
 * the department filter is applied to the entries when read.
 *
 * Counting is idempotent, so a kudos whose recording was cut short (a process that
 * died between the pair and the shard write) is completed by running it again: the
 * pair lists the kudos that count it, first the one that claimed it (a second try by
 * that kudos still counts it as a new sender; taking one back lowers the score only
 * when it was the last), and each shard remembers the last RECENT_OPS counts applied
 * to it (a second try of one of those changes nothing). The repair runs within
 * about a minute of the crash (KudosRecordJournal), long before that many others.
 */
export const BOARD_SHARDS = 8;
export const RECENT_OPS = 128;

export interface BoardEntry {
  userId: string;
  displayName: string;
  department?: string;
  /** Distinct people who sent or joined kudos for them: the score. */
  senders: number;
  /** Every kudos received, joins included: shown, never ranked by. */
  kudos: number;
}

type ShardDocument = StoredDocument & { type: 'kudosBoard'; period: string; scope: string; entries: Record<string, Omit<BoardEntry, 'userId'>>; recent?: string[] };
/** `ops`: the kudos (and joins) from this sender to this recipient here, the claiming one first; older pairs hold only `by`. */
type PairDocument = StoredDocument & { type: 'kudosPair'; period: string; scope: string; recipientId: string; senderId: string; at: string; by?: string; ops?: string[] };
const opsOf = (pair: PairDocument | undefined) => pair?.ops ?? (pair?.by ? [pair.by] : []);

export const boardScope = (badgeId?: string) => (badgeId ? `badge:${badgeId}` : 'all');

export interface Recognition {
  tenantId: string;
  period: { kind: PeriodKind; key: string };
  scope: string;
  recipient: { userId: string; displayName: string; department?: string };
  senderId: string;
  at: string;
  /** Which kudos (or join) this count is: the same op counted twice counts once. */
  opId: string;
}

export class KudosBoards {
  constructor(private readonly container: Container) {}

  /** Counts one kudos for a recipient; the score moves only for a sender new to them in this period and scope. */
  async count(recognition: Recognition): Promise<{ newSender: boolean }> {
    const newSender = await this.claimPair(recognition);
    const { tenantId, period, scope, recipient } = recognition;
    const id = tenantKey(tenantId, 'board', period.key, scope, String(stableHash(recipient.userId) % BOARD_SHARDS));
    const op = `${recognition.opId}|${recipient.userId}`;
    await updateDocument<ShardDocument>(this.container, id, id, (current) => {
      if (current?.recent?.includes(op)) return undefined; // applied before the process died
      const entries = current?.entries ?? {};
      const before = entries[recipient.userId] ?? { displayName: recipient.displayName, senders: 0, kudos: 0 };
      entries[recipient.userId] = { displayName: recipient.displayName, department: recipient.department ?? before.department, senders: before.senders + (newSender ? 1 : 0), kudos: before.kudos + 1 };
      const recent = [...(current?.recent ?? []), op].slice(-RECENT_OPS);
      return { id, pk: id, tenantId, type: 'kudosBoard', period: period.key, scope, entries, recent, _etag: current?._etag };
    });
    return { newSender };
  }

  /**
   * Takes back one count (a kudos removed, deleted by retention or erasure, or a join
   * withdrawn): the raw count drops by one, and the score by one when this was the last
   * kudos from that sender to them here (another one still counts them; then the pair
   * only forgets this one). Idempotent like `count`: the shard remembers the undo among
   * its recent ops, and the pair changes only after the shard is written.
   */
  async uncount({ tenantId, period, scope, recipientId, senderId, opId }: Omit<Recognition, 'recipient' | 'at'> & { recipientId: string }): Promise<void> {
    const pairId = tenantKey(tenantId, 'pair', period.key, scope, recipientId, senderId);
    const pair = await readDocument<PairDocument>(this.container, pairId, pairId);
    const ops = opsOf(pair);
    const counted = ops.includes(opId);
    const lastOfSender = counted && ops.length === 1;
    const id = tenantKey(tenantId, 'board', period.key, scope, String(stableHash(recipientId) % BOARD_SHARDS));
    const undo = `undo|${opId}|${recipientId}`;
    await updateDocument<ShardDocument>(this.container, id, id, (current) => {
      const entry = current?.entries[recipientId];
      if (!current || !entry || current.recent?.includes(undo)) return undefined;
      const { [recipientId]: _old, ...others } = current.entries;
      const next = { ...entry, kudos: Math.max(0, entry.kudos - 1), senders: Math.max(0, entry.senders - (lastOfSender ? 1 : 0)) };
      const entries = next.kudos === 0 ? others : { ...others, [recipientId]: next };
      return { ...current, entries, recent: [...(current.recent ?? []), undo].slice(-RECENT_OPS) };
    });
    if (!counted) return;
    if (lastOfSender) {
      await this.container.item(pairId, pairId).delete().catch((error) => {
        if (!isCosmosError(error, 404)) throw error;
      });
      return;
    }
    await updateDocument<PairDocument>(this.container, pairId, pairId, (current) => {
      const left = opsOf(current).filter((op) => op !== opId);
      return current && left.length < opsOf(current).length ? { ...current, by: left[0], ops: left } : undefined;
    });
  }

  /** Whether this sender is new to the recipient here: they are if this op claimed the pair, now or on an earlier try; a later op is listed on it. */
  private async claimPair({ tenantId, period, scope, recipient, senderId, at, opId }: Recognition): Promise<boolean> {
    const id = tenantKey(tenantId, 'pair', period.key, scope, recipient.userId, senderId);
    try {
      await this.container.items.create<PairDocument>({ id, pk: id, tenantId, type: 'kudosPair', period: period.key, scope, recipientId: recipient.userId, senderId, at, by: opId, ops: [opId] });
      return true;
    } catch (error) {
      if (!isCosmosError(error, 409)) throw error;
      const pair = await updateDocument<PairDocument>(this.container, id, id, (current) =>
        current && !opsOf(current).includes(opId) ? { ...current, ops: [...opsOf(current), opId] } : undefined,
      );
      return opsOf(pair)[0] === opId;
    }
  }

  /** The ranking: most distinct senders first, then most kudos, then by name. */
  async read(tenantId: string, periodKey: string, scope: string, options: { department?: string; limit: number }): Promise<BoardEntry[]> {
    const shards = await Promise.all(
      Array.from({ length: BOARD_SHARDS }, (_, n) => {
        const id = tenantKey(tenantId, 'board', periodKey, scope, String(n));
        return readDocument<ShardDocument>(this.container, id, id);
      }),
    );
    const wanted = options.department?.toLowerCase();
    return shards
      .flatMap((shard) => Object.entries(shard?.entries ?? {}).map(([userId, entry]) => ({ userId, ...entry })))
      .filter((entry) => !wanted || entry.department?.toLowerCase() === wanted)
      .sort((a, b) => b.senders - a.senders || b.kudos - a.kudos || a.displayName.localeCompare(b.displayName, 'en') || a.userId.localeCompare(b.userId))
      .slice(0, options.limit);
  }
}
