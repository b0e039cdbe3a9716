import type { Container } from '@azure/cosmos';
import { tenantKey } from './containers';
import { StoredDocument, updateDocument } from './documents';

/**
 * Instances sending for a tenant right now: for each, when its last beat expires, the
 * rate it asks for and the rate it has taken. One small document per tenant
 * (`tenant|senders`) in the deliveries container, written once a second per sending
 * instance, never per message (the per-message budget is sharded by conversation:
 * outbound-budgets.ts).
 */
interface SendersDocument extends StoredDocument {
  type: 'senders';
  tenantId: string;
  expiresAt: Record<string, number>;
  demand?: Record<string, number>;
  ceiling?: Record<string, number>;
}

/** Another live sender as the document states it (fields absent for an entry written without them). */
export interface OtherSender {
  instanceId: string;
  demand?: number;
  ceiling?: number;
}

/** This instance's entry: the rate it asks for, and the rate it takes given the others. */
export type ShareDecision = (others: OtherSender[]) => { demand: number; ceiling: number };

export interface BeatResult {
  /** The rate this instance may use now (requests per second). */
  ceiling: number;
  /** Instances sending for the tenant, this one included. */
  senders: number;
}

export class SenderRepository {
  /** Cosmos operations issued, for the benchmark's "operations per delivery". */
  operations = 0;

  constructor(private readonly container: Container) {}

  /**
   * Records that `instanceId` sends for the tenant until `expiresAt`, with what
   * `decide` makes of the other live entries (read under the same _etag as the write,
   * so two instances never both take the same room), and drops expired entries.
   */
  async beat(tenantId: string, instanceId: string, now: number, expiresAt: number, decide: ShareDecision): Promise<BeatResult> {
    const pk = tenantKey(tenantId, 'senders');
    let decision = { demand: 0, ceiling: 0 };
    let senders = 1;
    this.operations += 2;
    await updateDocument<SendersDocument>(this.container, `${pk}|senders`, pk, (current) => {
      const live = Object.entries(current?.expiresAt ?? {}).filter(([id, until]) => until > now && id !== instanceId);
      const others = live.map(([id]) => ({ instanceId: id, demand: current?.demand?.[id], ceiling: current?.ceiling?.[id] }));
      decision = decide(others);
      senders = live.length + 1;
      const pick = (values: Record<string, number> | undefined, mine: number) => ({ ...Object.fromEntries(live.filter(([id]) => values?.[id] !== undefined).map(([id]) => [id, values![id]])), [instanceId]: mine });
      return {
        ...(current ?? { id: `${pk}|senders`, pk, tenantId, type: 'senders' }),
        expiresAt: { ...Object.fromEntries(live), [instanceId]: expiresAt },
        demand: pick(current?.demand, decision.demand),
        ceiling: pick(current?.ceiling, decision.ceiling),
      } as SendersDocument;
    });
    return { ceiling: decision.ceiling, senders };
  }

  /** This instance no longer sends for the tenant: the others may use its share. */
  async leave(tenantId: string, instanceId: string): Promise<void> {
    const pk = tenantKey(tenantId, 'senders');
    this.operations += 2;
    await updateDocument<SendersDocument>(this.container, `${pk}|senders`, pk, (current) => {
      if (!current?.expiresAt[instanceId]) return undefined;
      const without = (values: Record<string, number> | undefined) => Object.fromEntries(Object.entries(values ?? {}).filter(([id]) => id !== instanceId));
      return { ...current, expiresAt: without(current.expiresAt), demand: without(current.demand), ceiling: without(current.ceiling) };
    });
  }
}
