import { heldTerms, HeldKind, screenBeforePublishing } from '../domain/held';
import { t } from '../i18n';
import { contentScreenPorts } from '../store/reports';
import type { FeatureContext } from './features';
import type { BotIdentity } from './identity';

/**
 * The word-list check of every bot path that publishes (posts, discussions, polls,
 * comments, kudos): blocked text throws the DomainError that names the rule (the
 * route shows it in the card or dialog, nothing is stored); held text is stored as
 * held and the words to tell the person come back; otherwise undefined, publish.
 */
export async function heldNotice(features: FeatureContext, identity: BotIdentity, kind: HeldKind, texts: Array<string | undefined>, payload: Record<string, unknown>): Promise<string | undefined> {
  const outcome = await screenBeforePublishing(contentScreenPorts(features.repositories), identity, kind, texts, payload, features.now());
  if (!outcome) return undefined;
  features.logger.info({ tenantId: identity.tenantId, heldId: outcome.held.heldId, kind }, 'held for review');
  return t(identity.locale, 'card.held.body', { terms: heldTerms(outcome.held) });
}
