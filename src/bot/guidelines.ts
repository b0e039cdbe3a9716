import { z } from 'zod';
import { guidelinesAcceptedCard, guidelinesCard } from '../cards/guidelines';
import { VERBS } from '../cards/verbs';
import { acceptGuidelines, GuidelinesRequiredError } from '../domain/guidelines';
import type { FeatureContext } from './features';
import { BotRoutes, reply } from './routes';

/** The data the "I accept" button carries: the version the person was shown. */
const AcceptData = z.object({ version: z.number().int().positive() });

/**
 * "I accept" on the guidelines card (the inline step before a first post, comment,
 * kudos or poll). Accepting a version a newer one replaced is refused and the card
 * shows the current version instead; the person then retries what they were doing.
 */
export function registerGuidelinesRoutes(routes: BotRoutes, features: FeatureContext): void {
  routes.cardVerb(VERBS.guidelinesAccept, AcceptData, async (identity, { version }) => {
    try {
      const { acceptance, created } = await acceptGuidelines(features.repositories.guidelines, identity, version, features.now());
      if (created) features.logger.info({ tenantId: identity.tenantId, userId: identity.userId, version }, 'guidelines accepted');
      return reply.card(guidelinesAcceptedCard(identity.locale, acceptance));
    } catch (error) {
      if (error instanceof GuidelinesRequiredError) return reply.card(guidelinesCard(identity.locale, error.guidelines, { superseded: true }));
      throw error;
    }
  }, { writes: true });
}
