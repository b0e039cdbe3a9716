import type { Container } from '@azure/cosmos';
import { tenantKey } from './containers';
import { StoredDocument, updateDocument } from './documents';

/**
 * Instances sending for a tenant right now, each with the time its last beat expires:
 * one small document per tenant (`tenant|senders`) in the deliveries container. It is
 * written once a second per sending instance, never per message.
 */
interface SendersDocument extends StoredDocument {
  type: 'senders';
  tenantId: string;
  expiresAt: Record<string, number>;
}

export class SenderRepository {
  /** Cosmos operations issued, for the benchmark's "operations per delivery". */
  operations = 0;

  constructor(private readonly container: Container) {}

  /**
   * Records that `instanceId` sends for the tenant until `expiresAt` and drops expired
   * entries; returns how many instances send for it now, this one included.
   */
  async beat(tenantId: string, instanceId: string, now: number, expiresAt: number): Promise<number> {
    const pk = tenantKey(tenantId, 'senders');
    this.operations += 2;
    const saved = await updateDocument<SendersDocument>(this.container, `${pk}|senders`, pk, (current) => {
      const live = Object.entries(current?.expiresAt ?? {}).filter(([id, until]) => until > now && id !== instanceId);
      return { ...(current ?? { id: `${pk}|senders`, pk, tenantId, type: 'senders' }), expiresAt: { ...Object.fromEntries(live), [instanceId]: expiresAt } } as SendersDocument;
    });
    return Object.keys(saved?.expiresAt ?? {}).length || 1;
  }

  /** This instance no longer sends for the tenant: the others may use its share. */
  async leave(tenantId: string, instanceId: string): Promise<void> {
    const pk = tenantKey(tenantId, 'senders');
    this.operations += 2;
    await updateDocument<SendersDocument>(this.container, `${pk}|senders`, pk, (current) => {
      if (!current?.expiresAt[instanceId]) return undefined;
      const { [instanceId]: _left, ...others } = current.expiresAt;
      return { ...current, expiresAt: others };
    });
  }
}
