import { Container } from '@azure/cosmos';
import { isCosmosError } from './cosmos';

/** Fields every stored document carries; `pk` always starts with `tenantId`. */
export interface StoredDocument {
  id: string;
  pk: string;
  tenantId: string;
  type: string;
  _etag?: string;
}

export const MAX_ETAG_ATTEMPTS = 10;
const MAX_BACKOFF_MS = 200;

export class ConcurrencyError extends Error {
  constructor(readonly id: string) {
    super(`updateDocument() gave up on ${id} after ${MAX_ETAG_ATTEMPTS} concurrent changes`);
    this.name = 'ConcurrencyError';
  }
}

/** Point read; undefined when the document does not exist. */
export async function readDocument<T extends StoredDocument>(container: Container, id: string, pk: string): Promise<T | undefined> {
  try {
    const { resource } = await container.item(id, pk).read<T>();
    return resource ?? undefined;
  } catch (error) {
    if (isCosmosError(error, 404)) return undefined;
    throw error;
  }
}

/**
 * The one read-modify-write path: read, let `change` decide the next version, and
 * write it only if nobody else wrote in between (`_etag` If-Match); on 412, or on
 * 409 when two writers create the same new document, start again with fresh data.
 * `change` returns undefined to leave the document as it is.
 */
export async function updateDocument<T extends StoredDocument>(
  container: Container,
  id: string,
  pk: string,
  change: (current: T | undefined) => T | undefined,
  /** The version this process wrote last, if any: tried first, saving the read. */
  known?: T,
): Promise<T | undefined> {
  for (let attempt = 1; attempt <= MAX_ETAG_ATTEMPTS; attempt++) {
    const current = attempt === 1 && known?._etag ? known : await readDocument<T>(container, id, pk);
    const next = change(current ? structuredClone(current) : undefined);
    if (next === undefined) return current;
    if (next.id !== id || next.pk !== pk) throw new Error(`updateDocument() cannot move ${id} to another id or partition`);
    try {
      if (current?._etag) {
        const { resource } = await container
          .item(id, pk)
          .replace<T>(next, { accessCondition: { type: 'IfMatch', condition: current._etag } });
        return resource;
      }
      const { resource } = await container.items.create<T>(next);
      return resource;
    } catch (error) {
      if (isCosmosError(error, 412) || isCosmosError(error, 409)) {
        // Full jitter: concurrent writers spread out instead of colliding again in lockstep.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(MAX_BACKOFF_MS, 2 ** attempt * 2)));
        continue;
      }
      throw error;
    }
  }
  throw new ConcurrencyError(id);
}
