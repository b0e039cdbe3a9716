import type { Container } from '@azure/cosmos';
import { randomBytes } from 'crypto';
import { DEFAULT_PRIVACY_SETTINGS, PrivacySettings } from '../domain/privacy';
import { tenantKey } from './containers';
import { isCosmosError } from './cosmos';
import { readDocument, StoredDocument } from './documents';
import { SETTINGS_CACHE_TTL_MS } from './tenants';
import { TtlCache } from './ttl-cache';

type SettingsDocument = StoredDocument & PrivacySettings & { type: 'privacySettings' };
type KeyDocument = StoredDocument & { type: 'pseudonymKey'; key: string };

/**
 * A tenant's privacy settings and its pseudonym key, in the tenants container
 * (pk = tenantId). The key is made on first use by a create, so two instances racing
 * agree on one; it never leaves the store (pseudonyms are HMACs under it).
 */
export class PrivacySettingsRepository {
  private readonly cache = new TtlCache<PrivacySettings>(SETTINGS_CACHE_TTL_MS, 10_000);
  private readonly keys = new Map<string, Promise<Buffer>>();

  constructor(private readonly container: Container) {}

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

  async pseudonymKey(tenantId: string): Promise<Buffer> {
    let key = this.keys.get(tenantId);
    if (!key) {
      key = this.loadKey(tenantId);
      this.keys.set(tenantId, key);
      key.catch(() => this.keys.delete(tenantId));
    }
    return key;
  }

  private async loadKey(tenantId: string): Promise<Buffer> {
    const id = tenantKey(tenantId, 'pseudonymKey');
    try {
      await this.container.items.create<KeyDocument>({ id, pk: tenantId, tenantId, type: 'pseudonymKey', key: randomBytes(32).toString('base64') });
    } catch (error) {
      if (!isCosmosError(error, 409)) throw error;
    }
    const stored = await readDocument<KeyDocument>(this.container, id, tenantId);
    if (!stored) throw new Error('PrivacySettingsRepository.pseudonymKey() could not read the key back');
    return Buffer.from(stored.key, 'base64');
  }
}
