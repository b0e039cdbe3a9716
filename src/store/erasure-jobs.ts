import type { Container } from '@azure/cosmos';
import type { ErasureJob } from '../domain/erasure';
import { tenantKey } from './containers';
import { readDocument, StoredDocument } from './documents';

type JobDocument = StoredDocument & ErasureJob & { type: 'erasureJob' };

const keyOf = (tenantId: string, subject: string) => tenantKey(tenantId, 'erasure', subject);

/**
 * Erasure jobs in the moderation container (pk = id = tenantId|erasure|<pseudonym>):
 * keyed by the pseudonym, so the record of an erasure never names whom it erased (the
 * person's id rides along only while the job runs, for the background runner). One
 * writer at a time in practice (the held-notice runner's claim); a slice reads the last
 * saved progress and continues. Local snapshots copy this container first (see
 * src/store/snapshot.ts).
 */
export class ErasureJobRepository {
  constructor(private readonly container: Container) {}

  async get(tenantId: string, subject: string): Promise<ErasureJob | undefined> {
    const key = keyOf(tenantId, subject);
    const document = await readDocument<JobDocument>(this.container, key, key);
    if (!document) return undefined;
    const { id: _id, pk: _pk, type: _type, _etag, ...job } = document as JobDocument & Record<string, unknown>;
    for (const field of ['_rid', '_self', '_ts', '_attachments']) delete (job as Record<string, unknown>)[field];
    return job as unknown as ErasureJob;
  }

  async save(job: ErasureJob): Promise<void> {
    const key = keyOf(job.tenantId, job.subject);
    await this.container.items.upsert<JobDocument>({ ...job, id: key, pk: key, type: 'erasureJob' });
  }
}
