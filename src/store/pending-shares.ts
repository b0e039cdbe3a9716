import { randomUUID } from 'crypto';
import type { Container } from '@azure/cosmos';
import { tenantKey } from './containers';
import { readDocument, StoredDocument } from './documents';
import { isCosmosError } from './cosmos';

/**
 * "Share to Commons" credits the original message's author and links back to it.
 * Both come from the message-action invoke Teams sent (fetchTask), and are kept here
 * until the person submits the dialog: the dialog's submit data carries only an
 * unguessable id, so nobody can put words in another person's name or a button to an
 * arbitrary site. One document per open dialog, keyed by that id; taken (deleted) on
 * submit; one nobody submitted is ignored after PENDING_SHARE_TTL_MS.
 */
export const PENDING_SHARE_TTL_MS = 60 * 60_000;

export interface PendingShare {
  userId: string;
  authorName?: string;
  url?: string;
  createdAt: string;
}

type PendingShareDocument = StoredDocument & PendingShare & { type: 'pendingShare' };

const keyOf = (tenantId: string, shareId: string) => tenantKey(tenantId, 'share', shareId);

export class PendingShareRepository {
  constructor(
    private readonly container: Container,
    private readonly now: () => number = Date.now,
  ) {}

  async open(tenantId: string, share: Omit<PendingShare, 'createdAt'>): Promise<string> {
    const shareId = randomUUID();
    const key = keyOf(tenantId, shareId);
    await this.container.items.create<PendingShareDocument>({ ...share, createdAt: new Date(this.now()).toISOString(), id: key, pk: key, tenantId, type: 'pendingShare' });
    return shareId;
  }

  /** The share this person opened: undefined for another person's, an expired or an unknown id. */
  async find(tenantId: string, userId: string, shareId: string): Promise<PendingShare | undefined> {
    const key = keyOf(tenantId, shareId);
    const document = await readDocument<PendingShareDocument>(this.container, key, key);
    if (!document || document.userId !== userId || this.now() - Date.parse(document.createdAt) > PENDING_SHARE_TTL_MS) return undefined;
    return { userId: document.userId, authorName: document.authorName, url: document.url, createdAt: document.createdAt };
  }

  /** Once posted, the dialog's share is gone: a second submit of it is refused. */
  async discard(tenantId: string, shareId: string): Promise<void> {
    const key = keyOf(tenantId, shareId);
    await this.container.item(key, key).delete().catch((error) => {
      if (!isCosmosError(error, 404)) throw error;
    });
  }
}
