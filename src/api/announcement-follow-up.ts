import { randomUUID } from 'crypto';
import type { Server } from 'restify';
import { z } from 'zod';
import { announcementCard, deliveredAnnouncementCard } from '../cards/announcement';
import type { AdaptiveCard } from '../cards/types';
import { notYetAcknowledged } from '../domain/acknowledgements';
import type { Announcement } from '../domain/announcements';
import { assertControlsAnnouncement } from '../domain/authority';
import { DomainError } from '../domain/errors';
import { hasRole, Identity } from '../domain/identity';
import { assertMayRemind, reminderOf, REMINDER_INTERVAL_MS } from '../domain/reminders';
import { assertMaySeeDraft, assertStudioAccess } from '../domain/studio';
import { ApiDependencies, audit, callerOf } from './context';
import { handler, parse } from './http';
import { jsonResponse, pathParameter, schemaOf } from './openapi-zod';
import { ContentSchema, DraftIdParam } from './studio-schemas';

export const AnnouncementIdParam = z.string().uuid('must be an announcement id');

export const ReminderSentSchema = z
  .object({
    reminderId: z.string().uuid().describe('The reminder, an announcement of its own (GET /api/v1/announcements/{id} shows its progress)'),
    people: z.number().int().describe('Named recipients who had not acknowledged, and are reminded'),
    nextReminderAt: z.string().datetime().describe('The earliest time the next reminder can go'),
  })
  .strict();
export const TestSentSchema = z.object({ sentTo: z.string().describe('The caller\'s personal chat with Commons') }).strict();

/**
 * What an author does around a post besides sending it: "Send me a test" (the card as
 * it will look, into their own personal chat, through the outbound budgets), and a
 * reminder to those who have not acknowledged (src/domain/reminders.ts).
 */
/** The announcement `rawId` names, if the caller (its author or an admin) controls it; another tenant's is not found. */
export async function controlledAnnouncement(deps: ApiDependencies, identity: Identity, rawId: string): Promise<Announcement> {
  if (!hasRole(identity, 'author') && !hasRole(identity, 'admin')) throw new DomainError('forbidden', 'requires the author role');
  const announcement = await deps.repositories.announcements.get(identity.tenantId, parse(AnnouncementIdParam, rawId).toLowerCase());
  if (!announcement) throw new DomainError('not_found');
  assertControlsAnnouncement(identity, announcement);
  return announcement;
}

export function registerAnnouncementFollowUpRoutes(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;
  const controlled = (identity: Identity, rawId: string) => controlledAnnouncement(deps, identity, rawId);

  /** Into the caller's own personal chat, or a clear word on why it cannot go. */
  async function sendToMe(identity: Identity, card: AdaptiveCard) {
    const chatId = await repositories.rosters.personalChatOf(identity.tenantId, identity.userId);
    const chat = chatId ? await repositories.conversations.get(identity.tenantId, chatId) : undefined;
    if (!chat?.active || !deps.bot) throw new DomainError('conflict', 'no personal chat with Commons', 'error.test.unreachable');
    await deps.bot.messenger.sendCard(chat, card);
    logger.info({ tenantId: identity.tenantId }, 'test card sent');
    return { sentTo: chat.conversationId };
  }

  server.post('/api/v1/announcements/:id/test', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    const announcement = await controlled(identity, req.params.id);
    return sendToMe(identity, deliveredAnnouncementCard(announcement, { locale: identity.locale, test: true }));
  }));

  server.post('/api/v1/studio/drafts/:id/test', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    assertStudioAccess(identity);
    const draft = await repositories.studio.getDraft(identity.tenantId, parse(DraftIdParam, req.params.id).toLowerCase());
    if (!draft) throw new DomainError('not_found');
    assertMaySeeDraft(identity, draft);
    const content = parse(ContentSchema, draft.content);
    return sendToMe(identity, announcementCard({ ...content, locale: identity.locale, test: true }));
  }));

  server.post('/api/v1/announcements/:id/remind', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    const announcement = await controlled(identity, req.params.id);
    const now = new Date();
    assertMayRemind(announcement, now);
    const people = notYetAcknowledged(announcement, await repositories.acknowledgements.list(identity.tenantId, announcement.announcementId));
    const reminder = reminderOf(announcement, people, randomUUID(), now);
    // The time is taken under _etag first: of any number of clicks at once, one reminds.
    const taken = await repositories.announcements.update(identity.tenantId, announcement.announcementId, (current) => {
      assertMayRemind(current, now);
      return { ...current, remindedAt: now.toISOString() };
    });
    if (!taken) throw new DomainError('not_found');
    try {
      await repositories.announcements.create(reminder);
    } catch (error) {
      await repositories.announcements.update(identity.tenantId, announcement.announcementId, (current) => ({ ...current, remindedAt: announcement.remindedAt })).catch(() => undefined);
      throw error;
    }
    logger.info({ tenantId: identity.tenantId, announcementId: announcement.announcementId, people: people.length }, 'acknowledgement reminder scheduled');
    await audit(deps, req, identity, 'announcement.remind', { kind: 'announcement', id: announcement.announcementId }, { reminderId: reminder.announcementId, people: people.length });
    return { reminderId: reminder.announcementId, people: people.length, nextReminderAt: new Date(now.getTime() + REMINDER_INTERVAL_MS).toISOString() };
  }, 202));
}

const error = { $ref: '#/components/responses/Error' };
const idParameter = [pathParameter('id', AnnouncementIdParam)];

export const FOLLOW_UP_OPENAPI_PATHS = {
  '/api/v1/announcements/{id}/remind': {
    post: {
      operationId: 'remindAnnouncement',
      summary: 'Remind the named recipients who have not acknowledged (its author and admins; once per 24 hours; sent by the delivery engine as an announcement of its own)',
      parameters: idParameter,
      responses: { '202': jsonResponse('The reminder is on its way', schemaOf(ReminderSentSchema)), '400': error, '401': error, '403': error, '404': error, '409': error },
    },
  },
  '/api/v1/announcements/{id}/test': {
    post: { operationId: 'testAnnouncement', summary: 'Send me a test: the delivered card, marked as a test, into the caller\'s personal chat', parameters: idParameter, responses: { '200': jsonResponse('Sent', schemaOf(TestSentSchema)), '401': error, '403': error, '404': error, '409': error } },
  },
  '/api/v1/studio/drafts/{id}/test': {
    post: { operationId: 'testDraft', summary: 'Send me a test: the draft\'s card as it would be delivered, marked as a test, into the caller\'s personal chat', parameters: [pathParameter('id', DraftIdParam)], responses: { '200': jsonResponse('Sent', schemaOf(TestSentSchema)), '400': error, '401': error, '403': error, '404': error, '409': error } },
  },
};
