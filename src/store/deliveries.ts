import type { Container, JSONObject, OperationInput } from '@azure/cosmos';
import type { DeliveryState, FailureReason, WorkKind } from '../domain/announcements';
import type { ConversationKind } from '../domain/conversations';
import { executeBulk } from './bulk';
import { tenantKey } from './containers';
import { isCosmosError } from './cosmos';
import { readDocument, StoredDocument, updateDocument } from './documents';
import type { Checkpoint, DeliveryDocument, DeliveryRecord, GuardedResult, GuardedWrite, LeaseDocument, Progress, StoredRecord } from './delivery-records';

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

export type { Checkpoint, DeliveryRecord, GuardedResult, GuardedWrite, LeaseDocument, Progress, StoredRecord } from './delivery-records';

interface RecipientChunk extends StoredDocument {
  type: 'recipients';
  conversationIds: string[];
}

const partitionOf = (tenantId: string, announcementId: string) => tenantKey(tenantId, announcementId);

interface RecordOperation {
  operationType: 'Create' | 'Replace';
  record: DeliveryRecord;
  /** Replace only over this version. */
  ifMatch?: string;
}

interface OperationResult {
  statusCode: number;
  eTag?: string;
}

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

  async read(tenantId: string, announcementId: string, seq: number): Promise<StoredRecord | undefined> {
    this.operations++;
    return readDocument<DeliveryDocument & StoredRecord>(this.container, this.recordId(tenantId, announcementId, seq), partitionOf(tenantId, announcementId));
  }

  /**
   * Claims several fresh records at once: one transactional batch per 100 records
   * (they share the announcement's partition, so the SDK hashes no partition keys,
   * which in bulk mode cost a tenth of the engine's CPU). Per record, the _etag of the
   * created record, or undefined when it already existed. A batch with a conflict
   * fails as a whole; its records are then created one bulk request at a time, which
   * reports each on its own.
   */
  async createMany(records: DeliveryRecord[]): Promise<Array<string | undefined>> {
    const results = await this.batched(records.map((record) => ({ operationType: 'Create' as const, record })));
    const retry = records.filter((_, i) => results[i].statusCode !== 201 && results[i].statusCode !== 409);
    const retried = retry.length ? await this.createEach(retry) : [];
    let next = 0;
    return results.map(({ statusCode, eTag }) => (statusCode === 201 ? eTag : statusCode === 409 ? undefined : retried[next++]));
  }

  private async createEach(records: DeliveryRecord[]): Promise<Array<string | undefined>> {
    this.operations++;
    const results = await executeBulk(
      this.container,
      records.map((record) => ({ operationType: 'Create' as const, partitionKey: partitionOf(record.tenantId, record.announcementId), resourceBody: this.documentOf(record) })),
    );
    return results.map((result) => {
      if (result.statusCode === 201) return result.eTag;
      if (result.statusCode === 409) return undefined;
      throw new Error(`DeliveryRepository.createMany() got status ${result.statusCode}`);
    });
  }

  /**
   * Replaces several whole records in transactional batches, each only if it is still
   * the version its writer claimed (_etag If-Match): a holder that stalled past its
   * lease cannot overwrite what its successor wrote. Per record, how it went. In
   * Azure a refused operation fails its whole batch (the others answer 424: "failed",
   * to retry); the embedded server's batch is not atomic but stops at the first
   * refusal the same way. Either way nothing is written over another writer.
   */
  async replaceMany(writes: GuardedWrite[]): Promise<GuardedResult[]> {
    const results = await this.batched(writes.map(({ record, etag }) => ({ operationType: 'Replace' as const, record, ifMatch: etag })));
    return results.map(({ statusCode, eTag }): GuardedResult => (statusCode === 200 && eTag ? { status: 'written', etag: eTag } : statusCode === 412 ? { status: 'conflict' } : { status: 'failed' }));
  }

  /** One record, only if it is still the version read (`_etag`); false when someone wrote it since. */
  async replaceIfUnchanged(record: StoredRecord): Promise<boolean> {
    this.operations++;
    try {
      const item = this.container.item(this.recordId(record.tenantId, record.announcementId, record.seq), partitionOf(record.tenantId, record.announcementId));
      await item.replace(this.documentOf(record), { accessCondition: { type: 'IfMatch', condition: record._etag } });
      return true;
    } catch (error) {
      if (isCosmosError(error, 412)) return false;
      throw error;
    }
  }

  /**
   * Notes a copy its sender may no longer record as the outcome (a newer holder claimed
   * the record again meanwhile): appended under _etag, whatever the record's state.
   */
  async addStrayCopy(tenantId: string, announcementId: string, seq: number, copy: { activityId: string; conversationId: string }): Promise<void> {
    this.operations += 2;
    await updateDocument<DeliveryDocument>(this.container, this.recordId(tenantId, announcementId, seq), partitionOf(tenantId, announcementId), (current) =>
      current ? { ...current, strayCopies: [...(current.strayCopies ?? []), copy] } : undefined,
    );
  }

  /** The stored form of a record, without the server's system properties. */
  private documentOf(record: DeliveryRecord): JSONObject {
    const { _etag, _ts, _rid, _self, _attachments, ...fields } = record as DeliveryRecord & Partial<Record<'_etag' | '_ts' | '_rid' | '_self' | '_attachments', unknown>>;
    const pk = partitionOf(record.tenantId, record.announcementId);
    return { ...fields, id: this.recordId(record.tenantId, record.announcementId, record.seq), pk, type: 'delivery' } as unknown as JSONObject;
  }

  /** One operation per record in transactional batches of up to 100 per partition; the status and _etag of each. */
  private async batched(operations: RecordOperation[]): Promise<OperationResult[]> {
    const results = new Array<OperationResult>(operations.length);
    const byPartition = new Map<string, number[]>();
    operations.forEach(({ record }, i) => {
      const pk = partitionOf(record.tenantId, record.announcementId);
      const indexes = byPartition.get(pk);
      if (indexes) indexes.push(i);
      else byPartition.set(pk, [i]);
    });
    for (const [pk, all] of byPartition) {
      // A batch stops at its first refused operation (409, 412) and answers the rest 424
      // (in Azure it is undone as a whole): those go again without it, so each operation
      // is answered for itself. Every round settles at least the refused one.
      for (let indexes = all; indexes.length; ) {
        for (let start = 0; start < indexes.length; start += 100) await this.batch(pk, indexes.slice(start, start + 100), operations, results);
        const dependent = indexes.filter((i) => results[i].statusCode === 424);
        indexes = dependent.length < indexes.length ? dependent : [];
      }
    }
    return results;
  }

  private async batch(pk: string, slice: number[], operations: RecordOperation[], results: OperationResult[]): Promise<void> {
    const inputs = slice.map((i): OperationInput => {
      const { operationType, record, ifMatch } = operations[i];
      const resourceBody = this.documentOf(record);
      // Each operation names the partition too: the embedded server reads it there.
      return operationType === 'Create' ? { operationType, partitionKey: pk, resourceBody } : { operationType, partitionKey: pk, id: String(resourceBody.id), resourceBody, ifMatch };
    });
    this.operations++;
    const { result } = await this.container.items.batch(inputs, pk);
    slice.forEach((i, k) => (results[i] = { statusCode: result?.[k]?.statusCode ?? 500, eTag: result?.[k]?.eTag }));
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
  ): Promise<StoredRecord | undefined> {
    const id = this.recordId(tenantId, announcementId, seq);
    const pk = partitionOf(tenantId, announcementId);
    this.operations += 2;
    const current = await readDocument<DeliveryDocument>(this.container, id, pk);
    if (!current || !expected(current)) return undefined;
    try {
      const { resource } = await this.container
        .item(id, pk)
        .replace<DeliveryDocument>({ ...current, ...change(current) }, { accessCondition: { type: 'IfMatch', condition: current._etag! } });
      return resource as StoredRecord | undefined;
    } catch (error) {
      if (isCosmosError(error, 412)) return undefined;
      throw error;
    }
  }
}
