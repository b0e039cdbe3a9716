import type { Container, JSONObject, OperationInput, PatchOperation } from '@azure/cosmos';
import type { DeliveryState, FailureReason, WorkKind } from '../domain/announcements';
import type { ConversationKind } from '../domain/conversations';
import { tenantKey } from './containers';
import { isCosmosError } from './cosmos';
import { readDocument, StoredDocument, updateDocument } from './documents';

/**
 * Everything one send needs, in the announcement's own partition
 * (pk = tenantId|announcementId; 100k recipients is ~100 MB, far from 20 GB):
 *  - the recipient list, resolved once and stored in chunks (`…|r|n`);
 *  - the lease (`…|lease`): who drives the send, until when, and its checkpoint;
 *  - one delivery record per recipient (`…|d|seq`). The id comes from the
 *    recipient's position, so every access is a point read or write: the embedded
 *    server's queries cost O(n²) and would stall a 10k send.
 */
export const RECIPIENT_CHUNK_SIZE = 1000;

export interface DeliveryRecord {
  tenantId: string;
  announcementId: string;
  seq: number;
  conversationId: string;
  kind?: ConversationKind;
  userId?: string;
  serviceUrl?: string;
  /** The stored conversation reference, copied so edits and recalls need no other read. */
  reference?: Record<string, unknown>;
  state: Exclude<DeliveryState, 'pending'>;
  /** Lease epoch of the driver that last claimed it: a newer driver may resend only older "sending" records. */
  epoch: number;
  attempts: number;
  reason?: FailureReason;
  lastError?: string;
  nextAttemptAt?: number;
  activityId?: string;
  /** Where the copy lives: a channel post starts its own conversation (thread). */
  postConversationId?: string;
  contentVersion?: number;
  recalled?: boolean;
  sentAt?: string;
  updatedAt: string;
}

type DeliveryDocument = StoredDocument & DeliveryRecord & { type: 'delivery' };

export interface Checkpoint {
  jobId: number;
  kind: WorkKind;
  /** Every seq below it is final (sent/failed for delivery, done for edit and recall). */
  cursor: number;
  /** No seq at or above it has been touched: recovery scans [cursor, reservedUpTo) only. */
  reservedUpTo: number;
  /** Counts of the final seqs below the cursor. */
  below: { sent: number; failed: number; skipped: number; failedByReason: Record<string, number> };
}

export interface Progress {
  jobId: number;
  kind: WorkKind;
  total: number;
  counts: Record<DeliveryState, number> & { skipped: number };
  failedByReason: Record<string, number>;
  ratePerSecond: number;
  updatedAt: string;
  done: boolean;
}

export interface LeaseDocument extends StoredDocument {
  type: 'lease';
  holder: string;
  epoch: number;
  /** Epoch milliseconds. */
  expiresAt: number;
  checkpoint?: Checkpoint;
  /** The latest progress of each kind of job, for the API's progress bar. */
  progress?: Partial<Record<WorkKind, Progress>>;
}

interface RecipientChunk extends StoredDocument {
  type: 'recipients';
  conversationIds: string[];
}

const partitionOf = (tenantId: string, announcementId: string) => tenantKey(tenantId, announcementId);

export class DeliveryRepository {
  /** Cosmos operations issued, for the benchmark's "operations per delivery". */
  operations = 0;

  constructor(private readonly container: Container) {}

  // ---- Recipients -------------------------------------------------------------------

  async saveRecipients(tenantId: string, announcementId: string, conversationIds: string[]): Promise<void> {
    const pk = partitionOf(tenantId, announcementId);
    for (let index = 0; index * RECIPIENT_CHUNK_SIZE < conversationIds.length; index++) {
      const id = `${pk}|r|${index}`;
      this.operations++;
      await this.container.items.upsert<RecipientChunk>({
        id,
        pk,
        tenantId,
        type: 'recipients',
        conversationIds: conversationIds.slice(index * RECIPIENT_CHUNK_SIZE, (index + 1) * RECIPIENT_CHUNK_SIZE),
      });
    }
  }

  async recipients(tenantId: string, announcementId: string, count: number): Promise<string[]> {
    const pk = partitionOf(tenantId, announcementId);
    const all: string[] = [];
    for (let index = 0; index * RECIPIENT_CHUNK_SIZE < count; index++) {
      this.operations++;
      const chunk = await readDocument<RecipientChunk>(this.container, `${pk}|r|${index}`, pk);
      if (!chunk) throw new Error(`DeliveryRepository.recipients() found no chunk ${index} of ${announcementId}`);
      all.push(...chunk.conversationIds);
    }
    return all.slice(0, count);
  }

  // ---- Lease ------------------------------------------------------------------------

  async readLease(tenantId: string, announcementId: string): Promise<LeaseDocument | undefined> {
    const pk = partitionOf(tenantId, announcementId);
    this.operations++;
    return readDocument<LeaseDocument>(this.container, `${pk}|lease`, pk);
  }

  /**
   * Takes the lease when it is free or expired; the epoch grows with every new holder.
   * Returns the lease when `holder` now has it, undefined otherwise.
   */
  async acquireLease(tenantId: string, announcementId: string, holder: string, now: number, durationMs: number): Promise<LeaseDocument | undefined> {
    const pk = partitionOf(tenantId, announcementId);
    const id = `${pk}|lease`;
    let acquired = false;
    this.operations += 2;
    const lease = await updateDocument<LeaseDocument>(this.container, id, pk, (current) => {
      acquired = false;
      if (current && current.holder !== holder && current.expiresAt > now) return undefined;
      acquired = true;
      return { ...(current ?? { id, pk, tenantId, type: 'lease' }), holder, epoch: (current?.epoch ?? 0) + 1, expiresAt: now + durationMs } as LeaseDocument;
    });
    return acquired ? lease : undefined;
  }

  /** Extends the lease and saves checkpoint/progress; undefined when the lease was lost to another holder. */
  async renewLease(
    tenantId: string,
    announcementId: string,
    holder: string,
    epoch: number,
    expiresAt: number,
    update: { checkpoint?: Checkpoint; progress?: Progress },
  ): Promise<LeaseDocument | undefined> {
    const pk = partitionOf(tenantId, announcementId);
    let kept = false;
    this.operations += 2;
    const lease = await updateDocument<LeaseDocument>(this.container, `${pk}|lease`, pk, (current) => {
      kept = current?.holder === holder && current.epoch === epoch;
      if (!kept) return undefined;
      const progress = update.progress ? { ...current!.progress, [update.progress.kind]: update.progress } : current!.progress;
      return { ...current!, expiresAt, checkpoint: update.checkpoint ?? current!.checkpoint, progress };
    });
    return kept ? lease : undefined;
  }

  // ---- Delivery records ---------------------------------------------------------------

  recordId(tenantId: string, announcementId: string, seq: number): string {
    return `${partitionOf(tenantId, announcementId)}|d|${seq}`;
  }

  async read(tenantId: string, announcementId: string, seq: number): Promise<DeliveryRecord | undefined> {
    this.operations++;
    return readDocument<DeliveryDocument>(this.container, this.recordId(tenantId, announcementId, seq), partitionOf(tenantId, announcementId));
  }

  /**
   * Claims several fresh records at once: one transactional batch per 100 records
   * (they share the announcement's partition, so the SDK hashes no partition keys,
   * which in bulk mode cost a tenth of the engine's CPU). Per record, false when it
   * already existed. A batch with a conflict fails as a whole; its records are then
   * created one bulk request at a time, which reports each on its own.
   */
  async createMany(records: DeliveryRecord[]): Promise<boolean[]> {
    const statuses = await this.batched(records, 'Create');
    const retry = records.filter((_, i) => statuses[i] !== 201 && statuses[i] !== 409);
    const retried = retry.length ? await this.createEach(retry) : [];
    let next = 0;
    return statuses.map((status) => (status === 201 ? true : status === 409 ? false : retried[next++]));
  }

  private async createEach(records: DeliveryRecord[]): Promise<boolean[]> {
    this.operations++;
    const results = await this.container.items.bulk(
      records.map((record) => ({ operationType: 'Create' as const, partitionKey: partitionOf(record.tenantId, record.announcementId), resourceBody: this.documentOf(record) })),
      { continueOnError: true },
    );
    return results.map((result) => {
      if (result.statusCode === 201) return true;
      if (result.statusCode === 409) return false;
      throw new Error(`DeliveryRepository.createMany() got status ${result.statusCode}`);
    });
  }

  /**
   * Replaces several whole records in transactional batches (the lease makes this
   * driver their only writer). Per record, whether it was written; a record that was
   * not (throttled, timed out, its batch failed) is the caller's to retry.
   */
  async replaceMany(records: DeliveryRecord[]): Promise<boolean[]> {
    return (await this.batched(records, 'Replace')).map((status) => status === 200);
  }

  /** The stored form of a record, without the server's system properties. */
  private documentOf(record: DeliveryRecord): JSONObject {
    const { _etag, _ts, _rid, _self, _attachments, ...fields } = record as DeliveryRecord & Partial<Record<'_etag' | '_ts' | '_rid' | '_self' | '_attachments', unknown>>;
    const pk = partitionOf(record.tenantId, record.announcementId);
    return { ...fields, id: this.recordId(record.tenantId, record.announcementId, record.seq), pk, type: 'delivery' } as unknown as JSONObject;
  }

  /** One operation per record in transactional batches of up to 100 per partition; the status of each. */
  private async batched(records: DeliveryRecord[], operationType: 'Create' | 'Replace'): Promise<number[]> {
    const statuses = new Array<number>(records.length);
    const byPartition = new Map<string, number[]>();
    records.forEach((record, i) => {
      const pk = partitionOf(record.tenantId, record.announcementId);
      const indexes = byPartition.get(pk);
      if (indexes) indexes.push(i);
      else byPartition.set(pk, [i]);
    });
    for (const [pk, indexes] of byPartition) {
      for (let start = 0; start < indexes.length; start += 100) {
        const slice = indexes.slice(start, start + 100);
        const operations = slice.map((i): OperationInput => {
          const resourceBody = this.documentOf(records[i]);
          // Each operation names the partition too: the embedded server reads it there.
          return operationType === 'Create' ? { operationType, partitionKey: pk, resourceBody } : { operationType, partitionKey: pk, id: String(resourceBody.id), resourceBody };
        });
        this.operations++;
        const { result } = await this.container.items.batch(operations, pk);
        slice.forEach((i, k) => (statuses[i] = result?.[k]?.statusCode ?? 500));
      }
    }
    return statuses;
  }

  /** Sets fields unconditionally (the lease makes this driver the record's only writer). */
  async patch(tenantId: string, announcementId: string, seq: number, fields: Partial<DeliveryRecord>): Promise<DeliveryRecord | undefined> {
    const operations: PatchOperation[] = Object.entries(fields)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]): PatchOperation => ({ op: 'set', path: `/${key}`, value }));
    this.operations++;
    const { resource } = await this.container.item(this.recordId(tenantId, announcementId, seq), partitionOf(tenantId, announcementId)).patch<DeliveryDocument>(operations);
    return resource;
  }

  /**
   * Moves a record on only if it is still what the caller expects: a point read,
   * then a replace guarded by its _etag. Returns the new record, or undefined when
   * the record was not as expected or changed in between (the caller re-reads).
   * Not a conditional patch: the embedded server evaluates a patch condition as a
   * query over the whole container, O(n²) in its size.
   */
  async transition(
    tenantId: string,
    announcementId: string,
    seq: number,
    expected: (record: DeliveryRecord) => boolean,
    change: (record: DeliveryRecord) => Partial<DeliveryRecord>,
  ): Promise<DeliveryRecord | undefined> {
    const id = this.recordId(tenantId, announcementId, seq);
    const pk = partitionOf(tenantId, announcementId);
    this.operations += 2;
    const current = await readDocument<DeliveryDocument>(this.container, id, pk);
    if (!current || !expected(current)) return undefined;
    try {
      const { resource } = await this.container
        .item(id, pk)
        .replace<DeliveryDocument>({ ...current, ...change(current) }, { accessCondition: { type: 'IfMatch', condition: current._etag! } });
      return resource;
    } catch (error) {
      if (isCosmosError(error, 412)) return undefined;
      throw error;
    }
  }
}
