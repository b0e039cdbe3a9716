import { z } from 'zod';
import { deliveredAnnouncementCard } from '../cards/announcement';
import { VERBS } from '../cards/verbs';
import { assertAcknowledgeable } from '../domain/acknowledgements';
import type { FeatureContext } from './features';
import { announcementCardWithEngagement, noteEngagementFor } from './announcement-engagement';
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
    // The card keeps its reaction bar and counts; acknowledging counts as engaging.
    const found = await features.engagement.posts.get(identity.tenantId, announcement.announcementId);
    // Listed as a personal viewer, their copy stays "Acknowledged" when a refresh of everyone's copies goes out
    // (Teams asks for their own view; the list holds the latest REFRESH_USERS_MAX people).
    const post = found && recorded.first ? await features.engagement.writer.apply(identity.tenantId, found.postId, { viewer: identity.teamsUserId }).catch(() => found) : found;
    if (!post) return reply.card(deliveredAnnouncementCard(announcement, { ...view, locale: identity.locale, acknowledged: true }));
    if (recorded.first) await noteEngagementFor(repositories, identity, post, now(), (err) => logger.warn({ err }, 'engagement not counted'));
    return reply.card(await announcementCardWithEngagement(repositories, post, { ...view, locale: identity.locale, viewer: identity, acknowledged: true }));
  }, { writes: true });
}
