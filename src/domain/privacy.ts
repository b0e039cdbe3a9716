/**
 * A tenant's privacy rules (issue 17, item 6): what erasing a person does to what they
 * wrote, how long a removed post keeps its words, and how old content may grow. Admins
 * change them on the Admin page; the erasure route and the privacy job read them.
 */
export const ERASURE_MODES = ['anonymise', 'delete'] as const;
export type ErasureMode = (typeof ERASURE_MODES)[number];

export const REMOVED_PURGE_DAYS_MIN = 1;
export const REMOVED_PURGE_DAYS_MAX = 365;
export const RETENTION_MONTHS_MIN = 1;
export const RETENTION_MONTHS_MAX = 120;

export interface PrivacySettings {
  /** Posts and comments of an erased person: kept under a pseudonym, or deleted. */
  erasureMode: ErasureMode;
  /** A removed post's body and comments are purged this many days after its removal. */
  removedPurgeDays: number;
  /** Content older than this many months is deleted; null keeps it. */
  retentionMonths: number | null;
  updatedAt?: string;
  updatedBy?: string;
}

export const DEFAULT_PRIVACY_SETTINGS: PrivacySettings = { erasureMode: 'anonymise', removedPurgeDays: 30, retentionMonths: null };

/** Who an erased person becomes wherever their words stay: stable within a tenant, meaningless outside it. */
export interface Pseudonym {
  /** Stands for the person's id in documents that keep an author id. */
  userId: string;
  /** What readers see instead of their name. */
  displayName: string;
}

/** When a post removed at `removedAt` loses its words. */
export function purgeDueAt(removedAt: string, settings: Pick<PrivacySettings, 'removedPurgeDays'>): number {
  return Date.parse(removedAt) + settings.removedPurgeDays * 24 * 60 * 60_000;
}

/** Content created before this moment is past retention (undefined: kept for ever). */
export function retentionCutoff(now: Date, settings: Pick<PrivacySettings, 'retentionMonths'>): Date | undefined {
  if (settings.retentionMonths === null) return undefined;
  const cutoff = new Date(now.getTime());
  cutoff.setUTCMonth(cutoff.getUTCMonth() - settings.retentionMonths);
  return cutoff;
}

/** A UTC day, the unit of the privacy job's indexes (YYYY-MM-DD). */
export const dayOf = (at: string | Date) => (typeof at === 'string' ? at : at.toISOString()).slice(0, 10);
