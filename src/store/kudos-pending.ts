import { randomUUID } from 'crypto';
import type { Container } from '@azure/cosmos';
import type { KudosDetails, KudosDraft } from '../domain/kudos';
import { tenantKey } from './containers';
import { isCosmosError } from './cosmos';
import { readDocument, StoredDocument, updateDocument } from './documents';

/**
 * A kudos being written in the message extension, from the moment its form opens to
 * the moment it is sent. Teams round-trips the preview card through the client, so
 * nothing in it is trusted: the form, the preview and the send carry only this
 * document's unguessable id, and what is sent is what is stored here, for this
 * sender, in this tenant. Taken (deleted under its _etag) on send, so a replayed send
 * finds nothing; one never sent is ignored after PENDING_KUDOS_TTL_MS.
 */
export const PENDING_KUDOS_TTL_MS = 60 * 60_000;

export interface PendingKudos {
  senderId: string;
  /** The conversation the extension was opened in (without a thread suffix). */
  conversationId?: string;
  quote?: KudosDetails['quote'];
  /** What the form last submitted; absent until then. */
  draft?: KudosDraft & { private: boolean };
  createdAt: string;
}

type PendingDocument = StoredDocument & PendingKudos & { type: 'pendingKudos' };
const keyOf = (tenantId: string, pendingId: string) => tenantKey(tenantId, 'pending', pendingId);

export class PendingKudosRepository {
  constructor(
    private readonly container: Container,
    private readonly now: () => number = Date.now,
  ) {}

  async open(tenantId: string, pending: Omit<PendingKudos, 'createdAt'>): Promise<string> {
    const pendingId = randomUUID();
    const key = keyOf(tenantId, pendingId);
    await this.container.items.create<PendingDocument>({ ...pending, createdAt: new Date(this.now()).toISOString(), id: key, pk: key, tenantId, type: 'pendingKudos' });
    return pendingId;
  }

  /** This sender's pending kudos: undefined for another person's, an expired, a sent or an unknown id. */
  async find(tenantId: string, senderId: string, pendingId: string): Promise<(PendingKudos & { etag: string }) | undefined> {
    const key = keyOf(tenantId, pendingId);
    const document = await readDocument<PendingDocument>(this.container, key, key);
    if (!document || document.senderId !== senderId || this.now() - Date.parse(document.createdAt) > PENDING_KUDOS_TTL_MS) return undefined;
    const { senderId: s, conversationId, quote, draft, createdAt } = document;
    return { senderId: s, conversationId, quote, draft, createdAt, etag: document._etag ?? '' };
  }

  async saveDraft(tenantId: string, pendingId: string, draft: NonNullable<PendingKudos['draft']>): Promise<void> {
    const key = keyOf(tenantId, pendingId);
    await updateDocument<PendingDocument>(this.container, key, key, (current) => current && { ...current, draft });
  }

  /** Takes it for sending: true for exactly one caller, whatever the number of concurrent or replayed sends. */
  async take(tenantId: string, pendingId: string, etag: string): Promise<boolean> {
    const key = keyOf(tenantId, pendingId);
    try {
      await this.container.item(key, key).delete({ accessCondition: { type: 'IfMatch', condition: etag } });
      return true;
    } catch (error) {
      if (isCosmosError(error, 404) || isCosmosError(error, 412)) return false;
      throw error;
    }
  }
}
