import { randomUUID } from 'crypto';
import type { Container } from '@azure/cosmos';
import type { KudosDetails, KudosDraft } from '../domain/kudos';
import { tenantKey } from './containers';
import { isCosmosError } from './cosmos';
import { readDocument, StoredDocument, updateDocument } from './documents';

/**
 * What a person started in a Teams dialog or message extension and has not finished
 * yet, kept server-side between the invokes. Teams round-trips dialog data and
 * preview cards through the client, so nothing in them is trusted: they carry only
 * this document's unguessable id, and what is used is what is stored here, for this
 * person, in this tenant. Taken (deleted, under its _etag when given) when finished,
 * so a replayed submit finds nothing; one never finished is ignored after its kind's
 * time to live.
 */
export interface PendingKind {
  /** The document type, and the word in its id. */
  type: string;
  key: string;
  ttlMs: number;
}

export type Pending<S> = S & { ownerId: string; createdAt: string; etag: string };

interface PendingDocument<S> extends StoredDocument {
  ownerId: string;
  createdAt: string;
  state: S;
}

export class PendingStateRepository<S extends object> {
  constructor(
    private readonly container: Container,
    private readonly kind: PendingKind,
    private readonly now: () => number = Date.now,
  ) {}

  async open(tenantId: string, ownerId: string, state: S): Promise<string> {
    const pendingId = randomUUID();
    const key = this.keyOf(tenantId, pendingId);
    const document: PendingDocument<S> = { id: key, pk: key, tenantId, type: this.kind.type, ownerId, createdAt: new Date(this.now()).toISOString(), state };
    await this.container.items.create(document);
    return pendingId;
  }

  /** This person's pending state: undefined for another person's, an expired, a taken or an unknown id. */
  async find(tenantId: string, ownerId: string, pendingId: string): Promise<Pending<S> | undefined> {
    const key = this.keyOf(tenantId, pendingId);
    const document = await readDocument<PendingDocument<S>>(this.container, key, key);
    if (!document || document.type !== this.kind.type || document.ownerId !== ownerId) return undefined;
    if (this.now() - Date.parse(document.createdAt) > this.kind.ttlMs) return undefined;
    return { ...document.state, ownerId, createdAt: document.createdAt, etag: document._etag ?? '' };
  }

  /** Keeps what the person has entered so far (a form submitted, not yet sent). */
  async update(tenantId: string, pendingId: string, change: Partial<S>): Promise<void> {
    const key = this.keyOf(tenantId, pendingId);
    await updateDocument<PendingDocument<S>>(this.container, key, key, (current) => current && { ...current, state: { ...current.state, ...change } });
  }

  /**
   * Takes it to finish: true for exactly one caller, however many concurrent or
   * replayed submits. With `etag`, only the version that caller read can be taken.
   */
  async take(tenantId: string, pendingId: string, etag?: string): Promise<boolean> {
    const key = this.keyOf(tenantId, pendingId);
    try {
      await this.container.item(key, key).delete(etag ? { accessCondition: { type: 'IfMatch', condition: etag } } : undefined);
      return true;
    } catch (error) {
      if (isCosmosError(error, 404) || isCosmosError(error, 412)) return false;
      throw error;
    }
  }

  private keyOf(tenantId: string, pendingId: string): string {
    return tenantKey(tenantId, this.kind.key, pendingId);
  }
}

/**
 * "Share to Commons" credits the original message's author and links back to it.
 * Both come from the message-action invoke Teams sent (fetchTask) and wait here for
 * the dialog's submit, so nobody can put words in another person's name or a button
 * to an arbitrary site.
 */
export interface PendingShare {
  authorName?: string;
  url?: string;
}
export const PENDING_SHARE: PendingKind = { type: 'pendingShare', key: 'share', ttlMs: 60 * 60_000 };

/** A kudos being written in the message extension, from the moment its form opens to the moment it is sent. */
export interface PendingKudos {
  /** The conversation the extension was opened in (without a thread suffix). */
  conversationId?: string;
  quote?: KudosDetails['quote'];
  /** What the form last submitted; absent until then. */
  draft?: KudosDraft & { private: boolean };
}
export const PENDING_KUDOS: PendingKind = { type: 'pendingKudos', key: 'pending', ttlMs: 60 * 60_000 };
