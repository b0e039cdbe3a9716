import type { Container } from '@azure/cosmos';
import { tenantKey } from './containers';
import { readDocument, StoredDocument } from './documents';
import { SETTINGS_CACHE_TTL_MS } from './tenants';
import { TtlCache } from './ttl-cache';
import { DEFAULT_REPORT_THRESHOLD } from '../domain/reports';
import type { WordListEntry } from '../domain/word-list';

/** A tenant's moderation settings; admins change them on the Admin page. */
export interface ModerationSettings {
  /** Distinct reporters that hide an item pending review. */
  reportThreshold: number;
  updatedAt?: string;
  updatedBy?: string;
}

export interface StoredWordList {
  entries: WordListEntry[];
  updatedAt?: string;
  updatedBy?: string;
}

type SettingsDocument = StoredDocument & ModerationSettings & { type: 'moderationSettings' };
type WordListDocument = StoredDocument & StoredWordList & { type: 'wordList' };

/**
 * Moderation settings and the word list, in the tenants container (pk = tenantId).
 * Every report reads the threshold and every write is screened against the word list,
 * so both are cached for SETTINGS_CACHE_TTL_MS (an admin's change is seen at once in
 * this instance, within the TTL in others).
 */
export class ModerationSettingsRepository {
  private readonly settingsCache = new TtlCache<ModerationSettings>(SETTINGS_CACHE_TTL_MS, 10_000);
  private readonly wordLists = new TtlCache<StoredWordList>(SETTINGS_CACHE_TTL_MS, 10_000);

  constructor(private readonly container: Container) {}

  async settings(tenantId: string): Promise<ModerationSettings> {
    return this.settingsCache.get(tenantId, async () => {
      const document = await readDocument<SettingsDocument>(this.container, tenantKey(tenantId, 'moderation'), tenantId);
      return document ? { reportThreshold: document.reportThreshold, updatedAt: document.updatedAt, updatedBy: document.updatedBy } : { reportThreshold: DEFAULT_REPORT_THRESHOLD };
    });
  }

  async setSettings(tenantId: string, settings: Pick<ModerationSettings, 'reportThreshold'>, updatedBy: string, now: string): Promise<ModerationSettings> {
    const saved: ModerationSettings = { reportThreshold: settings.reportThreshold, updatedAt: now, updatedBy };
    await this.container.items.upsert<SettingsDocument>({ id: tenantKey(tenantId, 'moderation'), pk: tenantId, tenantId, type: 'moderationSettings', ...saved });
    this.settingsCache.set(tenantId, saved);
    return saved;
  }

  async wordList(tenantId: string): Promise<StoredWordList> {
    return this.wordLists.get(tenantId, async () => {
      const document = await readDocument<WordListDocument>(this.container, tenantKey(tenantId, 'wordList'), tenantId);
      return document ? { entries: document.entries, updatedAt: document.updatedAt, updatedBy: document.updatedBy } : { entries: [] };
    });
  }

  async setWordList(tenantId: string, entries: WordListEntry[], updatedBy: string, now: string): Promise<StoredWordList> {
    const saved: StoredWordList = { entries, updatedAt: now, updatedBy };
    await this.container.items.upsert<WordListDocument>({ id: tenantKey(tenantId, 'wordList'), pk: tenantId, tenantId, type: 'wordList', ...saved });
    this.wordLists.set(tenantId, saved);
    return saved;
  }
}
