import type { DeliveryState, FailureReason, WorkKind } from '../domain/announcements';
import type { ConversationKind } from '../domain/conversations';
import type { StoredDocument } from './documents';

/** The documents of one send (see DeliveryRepository in ./deliveries.ts): a recipient's record, the lease and its checkpoint. */
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
  /**
   * Further copies of this message in the chat: sent by a holder that stalled past its
   * lease while its successor resent the recipient (the platform has no idempotency
   * key). Edits and recalls reach them too.
   */
  strayCopies?: Array<{ activityId: string; conversationId: string }>;
  recalled?: boolean;
  sentAt?: string;
  updatedAt: string;
}

export type DeliveryDocument = StoredDocument & DeliveryRecord & { type: 'delivery' };

/** A record as stored, with the _etag that guards the next write of it. */
export type StoredRecord = DeliveryRecord & { _etag: string };

/** A record to write only if the stored one still has `etag` (nobody wrote it since). */
export interface GuardedWrite {
  record: DeliveryRecord;
  etag: string;
}

/** How a guarded write went: written (its new _etag), refused (someone wrote first: 412), or not done (retry). */
export type GuardedResult = { status: 'written'; etag: string } | { status: 'conflict' } | { status: 'failed' };

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
