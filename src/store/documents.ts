import { Container, PatchRequestBody } from '@azure/cosmos';
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

/** Full jitter before another attempt of an If-Match write: concurrent writers spread out instead of colliding again in lockstep. */
export function retryPause(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(MAX_BACKOFF_MS, 2 ** attempt * 2)));
}

/** Deletes a document; one already gone is fine. */
export async function deleteIfThere(container: Container, id: string, pk = id): Promise<void> {
  await container
    .item(id, pk)
    .delete()
    .catch((error) => {
      if (!isCosmosError(error, 404)) throw error;
    });
}

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
        await retryPause(attempt);
        continue;
      }
      throw error;
    }
  }
  throw new ConcurrencyError(id);
}

/**
 * Patches the document, or creates it as `initial` when it does not exist yet. Patch
 * operations (`incr`, `add` to a list) let any number of writers append at once
 * without read-modify-write conflicts. `created` says which happened.
 */
export async function patchOrCreate<T extends StoredDocument>(container: Container, id: string, pk: string, operations: PatchRequestBody, initial: T): Promise<{ resource: T; created: boolean }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const { resource } = await container.item(id, pk).patch<T>(operations);
      return { resource: resource!, created: false };
    } catch (error) {
      if (!isCosmosError(error, 404)) throw error;
    }
    try {
      const { resource } = await container.items.create<T>(initial);
      return { resource: resource!, created: true };
    } catch (error) {
      if (!isCosmosError(error, 409)) throw error; // someone created it first: patch theirs
    }
  }
  throw new Error(`patchOrCreate() could not write ${id}`);
}

/** FNV-1a: stable across processes and versions, which a shard choice must be. */
export function stableHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
