import type { Container } from '@azure/cosmos';
import { tenantKey } from './containers';
import { readDocument, StoredDocument } from './documents';

/** Settings that belong to a whole organisation. Later issues add badges, kudos rules, word lists. */
export interface TenantSettings {
  tenantId: string;
  name: string;
  createdAt: string;
}

type TenantDocument = StoredDocument & TenantSettings & { type: 'tenant' };

export class TenantRepository {
  constructor(private readonly container: Container) {}

  async get(tenantId: string): Promise<TenantSettings | undefined> {
    const document = await readDocument<TenantDocument>(this.container, tenantKey(tenantId, 'settings'), tenantId);
    return document && { tenantId: document.tenantId, name: document.name, createdAt: document.createdAt };
  }

  /** Creates the tenant once; returns false when it already existed. */
  async createIfMissing(settings: TenantSettings): Promise<boolean> {
    if (await this.get(settings.tenantId)) return false;
    await this.container.items.upsert<TenantDocument>({
      ...settings,
      id: tenantKey(settings.tenantId, 'settings'),
      pk: settings.tenantId,
      type: 'tenant',
    });
    return true;
  }
}
