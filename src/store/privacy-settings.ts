import type { Container } from '@azure/cosmos';
import { DEFAULT_PRIVACY_SETTINGS, PrivacySettings } from '../domain/privacy';
import { tenantKey } from './containers';
import { TenantSecrets } from './tenant-secrets';
import { readDocument, StoredDocument } from './documents';
import { SETTINGS_CACHE_TTL_MS } from './tenants';
import { TtlCache } from './ttl-cache';

type SettingsDocument = StoredDocument & PrivacySettings & { type: 'privacySettings' };

/**
 * A tenant's privacy settings and its pseudonym key (a TenantSecrets), in the tenants
 * container (pk = tenantId).
 */
export class PrivacySettingsRepository {
  private readonly cache = new TtlCache<PrivacySettings>(SETTINGS_CACHE_TTL_MS, 10_000);
  private readonly keys: TenantSecrets;

  constructor(private readonly container: Container) {
    this.keys = new TenantSecrets(container, 'pseudonymKey');
  }

  async settings(tenantId: string): Promise<PrivacySettings> {
    return this.cache.get(tenantId, async () => {
      const document = await readDocument<SettingsDocument>(this.container, tenantKey(tenantId, 'privacy'), tenantId);
      if (!document) return DEFAULT_PRIVACY_SETTINGS;
      const { erasureMode, removedPurgeDays, retentionMonths, updatedAt, updatedBy } = document;
      return { erasureMode, removedPurgeDays, retentionMonths, updatedAt, updatedBy };
    });
  }

  async setSettings(tenantId: string, settings: Pick<PrivacySettings, 'erasureMode' | 'removedPurgeDays' | 'retentionMonths'>, updatedBy: string, now: string): Promise<PrivacySettings> {
    const saved: PrivacySettings = { erasureMode: settings.erasureMode, removedPurgeDays: settings.removedPurgeDays, retentionMonths: settings.retentionMonths, updatedAt: now, updatedBy };
    await this.container.items.upsert<SettingsDocument>({ id: tenantKey(tenantId, 'privacy'), pk: tenantId, tenantId, type: 'privacySettings', ...saved });
    this.cache.set(tenantId, saved);
    return saved;
  }

  /** The key pseudonyms are HMACs under. */
  pseudonymKey(tenantId: string): Promise<Buffer> {
    return this.keys.get(tenantId);
  }
}
