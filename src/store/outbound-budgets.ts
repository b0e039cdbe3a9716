import type { Container } from '@azure/cosmos';
import { tenantKey } from './containers';
import { isCosmosError } from './cosmos';
import { readDocument, StoredDocument } from './documents';

/**
 * One conversation's outbound budget: what Commons sent into it lately (see
 * delivery/conversation-windows.ts), shared by every instance on the store. One small
 * document per conversation (`tenant|outbound|conversation`, its own partition) in the
 * deliveries container, so the budget is sharded by conversation: a send reads and
 * writes only its own conversation's document, with point operations.
 */
export interface BudgetDocument<S> extends StoredDocument {
  type: 'outbound';
  conversationId: string;
  windows: S;
}

export class OutboundBudgetRepository {
  /** Cosmos operations issued, for the benchmark's "operations per delivery". */
  operations = 0;

  constructor(private readonly container: Container) {}

  keyOf(tenantId: string, conversationId: string): { id: string; pk: string } {
    const pk = tenantKey(tenantId, 'outbound', conversationId);
    return { id: `${pk}|budget`, pk };
  }

  async read<S>(tenantId: string, conversationId: string): Promise<BudgetDocument<S> | undefined> {
    const { id, pk } = this.keyOf(tenantId, conversationId);
    this.operations++;
    return readDocument<BudgetDocument<S>>(this.container, id, pk);
  }

  /**
   * Writes the next version over `etag` (or creates it when there was none);
   * undefined when another instance wrote first (412, or 409 for a creation).
   */
  async write<S>(tenantId: string, conversationId: string, windows: S, etag: string | undefined): Promise<BudgetDocument<S> | undefined> {
    const { id, pk } = this.keyOf(tenantId, conversationId);
    const document: BudgetDocument<S> = { id, pk, tenantId, type: 'outbound', conversationId, windows };
    this.operations++;
    try {
      if (etag) {
        const { resource } = await this.container.item(id, pk).replace<BudgetDocument<S>>(document, { accessCondition: { type: 'IfMatch', condition: etag } });
        return resource;
      }
      const { resource } = await this.container.items.create<BudgetDocument<S>>(document);
      return resource;
    } catch (error) {
      if (isCosmosError(error, 412) || isCosmosError(error, 409)) return undefined;
      throw error;
    }
  }
}
