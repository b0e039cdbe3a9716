import type { Announcement } from './announcements';
import { DomainError } from './errors';

/**
 * "I've read this" on announcements that ask for it: each person once, whoever
 * clicks how often and on however many copies. The author sees who has and who
 * has not. Pure rules; src/store/acknowledgements.ts keeps the once-ness.
 */
export interface Acknowledgement {
  userId: string;
  /** UTC, ISO-8601: the first click. */
  at: string;
}

/** The "who acknowledged" list is kept in this many documents, so one never grows past Cosmos' 2 MB item limit. */
export const ACKNOWLEDGEMENT_SHARDS = 16;

/** Only a sent (or sending) announcement that asked for acknowledgement takes one. */
export function assertAcknowledgeable(announcement: Announcement | undefined): asserts announcement is Announcement {
  if (!announcement) throw new DomainError('not_found', 'no such announcement', 'error.announcement.ackUnknown');
  if (!announcement.extras?.acknowledge) throw new DomainError('bad_request', 'this announcement asks for no acknowledgement', 'error.announcement.ackNotAsked');
}

/**
 * Named recipients who have not acknowledged yet. Channel members are not listed:
 * Commons knows a channel's members only by asking Teams for its roster, which a
 * report does not do (counts cover them).
 */
export function notYetAcknowledged(announcement: Announcement, acknowledged: readonly Acknowledgement[]): string[] {
  const done = new Set(acknowledged.map((a) => a.userId));
  return [...new Set((announcement.audience.people ?? []).map((id) => id.toLowerCase()))].filter((id) => !done.has(id));
}
