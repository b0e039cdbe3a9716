import type { Container } from '@azure/cosmos';
import { tenantKey } from './containers';
import { readDocument, StoredDocument } from './documents';
import { TtlCache } from './ttl-cache';
import { DEFAULT_REACTIONS, ReactionOption } from '../domain/reactions';
import { TenantSecrets } from './tenant-secrets';

/** Settings that belong to a whole organisation. Later issues add badges, kudos rules, word lists. */
export interface TenantSettings {
  tenantId: string;
  name: string;
  createdAt: string;
}

type TenantDocument = StoredDocument & TenantSettings & { type: 'tenant' };
/** How announcements reach people; admins change it on the Admin page. */
export interface DeliverySettings {
  /** Install Commons through Graph for people who never opened it, when an announcement targets them. */
  proactiveInstall: boolean;
  updatedAt?: string;
  updatedBy?: string;
}
type DeliverySettingsDocument = StoredDocument & DeliverySettings & { type: 'deliverySettings'; tenantId: string };
type ReactionSetDocument = StoredDocument & { type: 'reactionSet'; reactions: ReactionOption[]; updatedAt: string; updatedBy: string };

/** Every card render reads the tenant's reaction set; it changes rarely. */
export const SETTINGS_CACHE_TTL_MS = 30_000;

export class TenantRepository {
  private readonly reactionSets = new TtlCache<readonly ReactionOption[]>(SETTINGS_CACHE_TTL_MS, 10_000);
  private readonly deliveries = new TtlCache<DeliverySettings>(SETTINGS_CACHE_TTL_MS, 10_000);

  private readonly tokenKeys: TenantSecrets;

  constructor(private readonly container: Container) {
    this.tokenKeys = new TenantSecrets(container, 'feedTokenKey');
  }

  /** The tenant's reactions, or the default set when the tenant chose none. */
  async reactionSet(tenantId: string): Promise<readonly ReactionOption[]> {
    return this.reactionSets.get(tenantId, async () => {
      const document = await readDocument<ReactionSetDocument>(this.container, tenantKey(tenantId, 'reactions'), tenantId);
      return document?.reactions ?? DEFAULT_REACTIONS;
    });
  }

  async setReactionSet(tenantId: string, reactions: ReactionOption[], updatedBy: string, now: string): Promise<void> {
    await this.container.items.upsert<ReactionSetDocument>({ id: tenantKey(tenantId, 'reactions'), pk: tenantId, tenantId, type: 'reactionSet', reactions, updatedAt: now, updatedBy });
    this.reactionSets.set(tenantId, reactions);
  }

  /** Off unless an admin turned it on. A send reads it once per person it cannot reach, so it is cached. */
  async deliverySettings(tenantId: string): Promise<DeliverySettings> {
    return this.deliveries.get(tenantId, async () => {
      const document = await readDocument<DeliverySettingsDocument>(this.container, tenantKey(tenantId, 'delivery'), tenantId);
      return document ? { proactiveInstall: document.proactiveInstall, updatedAt: document.updatedAt, updatedBy: document.updatedBy } : { proactiveInstall: false };
    });
  }

  async setDeliverySettings(tenantId: string, settings: Pick<DeliverySettings, 'proactiveInstall'>, updatedBy: string, now: string): Promise<DeliverySettings> {
    const saved: DeliverySettings = { proactiveInstall: settings.proactiveInstall, updatedAt: now, updatedBy };
    await this.container.items.upsert<DeliverySettingsDocument>({ id: tenantKey(tenantId, 'delivery'), pk: tenantId, tenantId, type: 'deliverySettings', ...saved });
    this.deliveries.set(tenantId, saved);
    return saved;
  }

  /** The tenant's key for signing feed continuation tokens. */
  feedTokenKey(tenantId: string): Promise<Buffer> {
    return this.tokenKeys.get(tenantId);
  }

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
