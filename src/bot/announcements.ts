import { z } from 'zod';
import { deliveredAnnouncementCard } from '../cards/announcement';
import { VERBS } from '../cards/verbs';
import { assertAcknowledgeable } from '../domain/acknowledgements';
import type { FeatureContext } from './features';
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
    const announcement = await repositories.announcements.get(identity.tenantId, announcementId.toLowerCase());
    assertAcknowledgeable(announcement);
    const recorded = await repositories.acknowledgements.record(identity.tenantId, announcement.announcementId, identity.userId, now().toISOString());
    if (recorded.first) logger.info({ tenantId: identity.tenantId, announcementId: announcement.announcementId }, 'announcement acknowledged');
    return reply.card(deliveredAnnouncementCard(announcement, { ...view, locale: identity.locale, acknowledged: true }));
  }, { writes: true });
}
