import type { Container } from '@azure/cosmos';
import { randomBytes } from 'crypto';
import { tenantKey } from './containers';
import { isCosmosError } from './cosmos';
import { readDocument, StoredDocument } from './documents';

type SecretDocument = StoredDocument & { key: string };

/**
 * One random 32-byte secret per tenant, in the tenants container (pk = tenantId, id =
 * tenantId|<type>): made on first use by a create, so two instances racing agree on the
 * first one, then read once per process. It never leaves the store.
 */
export class TenantSecrets {
  private readonly keys = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly container: Container,
    private readonly type: string,
  ) {}

  get(tenantId: string): Promise<Buffer> {
    let key = this.keys.get(tenantId);
    if (!key) {
      key = this.load(tenantId);
      this.keys.set(tenantId, key);
      key.catch(() => this.keys.delete(tenantId));
    }
    return key;
  }

  private async load(tenantId: string): Promise<Buffer> {
    const id = tenantKey(tenantId, this.type);
    const existing = await readDocument<SecretDocument>(this.container, id, tenantId);
    if (existing) return Buffer.from(existing.key, 'base64');
    try {
      await this.container.items.create<SecretDocument>({ id, pk: tenantId, tenantId, type: this.type, key: randomBytes(32).toString('base64') });
    } catch (error) {
      if (!isCosmosError(error, 409)) throw error;
    }
    const stored = await readDocument<SecretDocument>(this.container, id, tenantId);
    if (!stored) throw new Error(`TenantSecrets(${this.type}) could not read the key back`);
    return Buffer.from(stored.key, 'base64');
  }
}
