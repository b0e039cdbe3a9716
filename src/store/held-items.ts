import type { Container } from '@azure/cosmos';
import { tenantKey } from './containers';
import { readDocument, StoredDocument, updateDocument } from './documents';
import type { ModerationQueueIndex } from './moderation-queue';
import type { HeldItem } from '../domain/held';

type HeldDocument = StoredDocument & HeldItem & { type: 'heldItem' };

/** Held submissions, one document each (pk = id = tenantId|held|heldId), listed by the queue index. */
export class HeldItemRepository {
  constructor(
    private readonly container: Container,
    private readonly queue: ModerationQueueIndex,
  ) {}

  async hold(item: HeldItem): Promise<void> {
    const id = tenantKey(item.tenantId, 'held', item.heldId);
    await this.container.items.create<HeldDocument>({ ...item, id, pk: id, type: 'heldItem' });
    await this.queue.add(item.tenantId, { itemKey: `held:${item.heldId}`, cause: 'held', since: item.createdAt });
  }

  /** A moderator's decision: approved (published through its path) or rejected (never published); kept for the record. */
  async decide(tenantId: string, heldId: string, state: 'approved' | 'rejected', by: string, at: string): Promise<boolean> {
    const id = tenantKey(tenantId, 'held', heldId);
    const stored = await updateDocument<HeldDocument>(this.container, id, id, (current) => (current && current.state === 'held' ? { ...current, state, decidedBy: by, decidedAt: at } : undefined));
    return stored?.state === state;
  }

  async get(tenantId: string, heldId: string): Promise<HeldItem | undefined> {
    const id = tenantKey(tenantId, 'held', heldId);
    const document = await readDocument<HeldDocument>(this.container, id, id);
    if (!document) return undefined;
    const { id: _id, pk: _pk, type: _type, _etag, ...item } = document as HeldDocument & Record<string, unknown>;
    return item as HeldItem;
  }
}
