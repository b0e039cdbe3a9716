import type { Container, JSONObject, OperationInput } from '@azure/cosmos';
import { mapBounded } from '../bounded';
import { readDocument, StoredDocument } from './documents';

/** What became of one operation of a bulk request. */
export interface BulkOutcome {
  statusCode: number;
  eTag?: string;
  resourceBody?: JSONObject;
}

/**
 * Runs operations through the SDK's bulk executor (`executeBulkOperations`, which
 * replaced the deprecated `items.bulk()` in @azure/cosmos 4.10) and gives each one's
 * status in input order. The executor reports a failed operation as an error, not a
 * response; its status code is what callers decide on, so both become one shape.
 * Each call waits about a second for partial batches to fill (the SDK's fixed
 * interval), so it suits start-up and rare paths, not per-request work.
 */
export async function executeBulk(container: Container, operations: OperationInput[]): Promise<BulkOutcome[]> {
  if (operations.length === 0) return [];
  const results = await container.items.executeBulkOperations(operations);
  return results.map((result) => ({
    statusCode: result.response?.statusCode ?? Number(result.error?.code ?? 500),
    eTag: result.response?.eTag,
    resourceBody: result.response?.resourceBody,
  }));
}

/** Point reads in flight at once for one readMany call. */
const READ_CONCURRENCY = 32;

/**
 * Point-reads documents by id (each its own partition key), in input order; undefined
 * where there is none. Delivery claims read a batch of conversation references on its
 * critical path. Point reads, not a bulk request: the deprecated `items.bulk()` did it
 * in one request per 100, but `executeBulkOperations` waits a fixed second per call for
 * partial batches, and on Azure a point read is the cheapest operation there is (1 RU
 * per document, as in a bulk read). Measured with bench:fanout: see the README.
 */
export async function readMany(container: Container, keys: string[]): Promise<Array<JSONObject | undefined>> {
  return mapBounded(keys, READ_CONCURRENCY, (key) => readDocument<JSONObject & StoredDocument>(container, key, key));
}
