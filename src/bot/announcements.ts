import { z } from 'zod';
import { deliveredAnnouncementCard } from '../cards/announcement';
import { VERBS } from '../cards/verbs';
import { acknowledgeAnnouncement } from '../domain/engagement-actions';
import type { FeatureContext } from './features';
import { announcementCardWithEngagement } from './announcement-engagement';
import { BotRoutes, reply } from './routes';

const AcknowledgeData = z.object({ announcementId: z.string().uuid('not an announcement id') });

/**
 * Announcement cards' own verb: "I've read this". The person comes from the activity
 * (never the card data); the announcement from their tenant, so another tenant's id
 * is simply unknown. The answer is the card in their acknowledged view, for them alone.
 */
export function registerAnnouncementRoutes(routes: BotRoutes, features: FeatureContext, view: { tabUrl?: string }): void {
  const { repositories, logger, now } = features;
  routes.cardVerb(VERBS.announcementAcknowledge, AcknowledgeData, async (identity, { announcementId }) => {
    const { announcement, post, first } = await acknowledgeAnnouncement(features.actions, identity, announcementId, { viewer: identity.teamsUserId }, now());
    if (first) logger.info({ tenantId: identity.tenantId, announcementId: announcement.announcementId }, 'announcement acknowledged');
    if (!post) return reply.card(deliveredAnnouncementCard(announcement, { ...view, locale: identity.locale, acknowledged: true }));
    // The card keeps its reaction bar and counts; acknowledging counts as engaging.
    return reply.card(await announcementCardWithEngagement(repositories, post, { ...view, locale: identity.locale, viewer: identity, acknowledged: true }));
  }, { writes: true });
}
