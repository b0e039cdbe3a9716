import type { Announcement } from './announcements';
import { newAnnouncement } from './announcements';
import { DomainError } from './errors';

/**
 * "Send a reminder to those who have not acknowledged": at most once per
 * REMINDER_INTERVAL_MS per announcement (the original remembers when, written under
 * _etag, so of any number of clicks at once one sends). The reminder is an
 * announcement of its own to the named people who have not acknowledged, so the
 * delivery engine sends it within every limit an announcement respects; its card's
 * "I've read this" acknowledges the original.
 */
export const REMINDER_INTERVAL_MS = 24 * 60 * 60 * 1000;

export function assertMayRemind(announcement: Announcement, now: Date): void {
  if (!announcement.extras?.acknowledge) throw new DomainError('bad_request', 'this announcement asks for no acknowledgement', 'error.reminder.notAsked');
  if (!announcement.startedAt || announcement.status === 'recalled' || announcement.status === 'cancelled') {
    throw new DomainError('conflict', 'only a delivered announcement can be reminded of', 'error.reminder.notDelivered');
  }
  const last = announcement.remindedAt ? Date.parse(announcement.remindedAt) : undefined;
  if (last !== undefined && now.getTime() - last < REMINDER_INTERVAL_MS) {
    throw new DomainError('conflict', 'a reminder was sent less than 24 hours ago', 'error.reminder.tooSoon', { at: new Date(last + REMINDER_INTERVAL_MS).toISOString() });
  }
}

/** The reminder to `people` (named recipients who have not acknowledged), due now. */
export function reminderOf(original: Announcement, people: string[], reminderId: string, now: Date): Announcement {
  if (!people.length) throw new DomainError('conflict', 'every named recipient has acknowledged', 'error.reminder.nobody');
  const at = now.toISOString();
  return newAnnouncement(
    {
      tenantId: original.tenantId,
      announcementId: reminderId,
      authorId: original.authorId,
      title: original.title,
      body: original.body,
      ...(original.extras && { extras: original.extras }),
      audience: { people },
      remindsOf: original.announcementId,
    },
    at,
    at,
  );
}
