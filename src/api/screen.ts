import type { Response } from 'restify';
import type { Identity } from '../domain/identity';
import { heldTerms, HeldItem, HeldKind, screenBeforePublishing } from '../domain/held';
import { t } from '../i18n';
import { contentScreenPorts } from '../store/reports';
import type { ApiDependencies } from './context';

/** What a route answers when the word list held a write for review: 202, not published. */
export const HELD_RESPONSE = {
  type: 'object',
  properties: { held: { type: 'boolean', enum: [true] }, heldId: { type: 'string', format: 'uuid' }, matched: { type: 'array', items: { type: 'string' } }, message: { type: 'string' } },
};

/**
 * The word-list check of every API path that publishes: blocked text throws (400
 * naming the rule, nothing stored); held text is stored as held and answered here
 * with 202 (true: the route stops); otherwise false, and the route publishes.
 */
export async function answeredAsHeld(deps: ApiDependencies, res: Response, identity: Identity, kind: HeldKind, texts: Array<string | undefined>, payload: Record<string, unknown>): Promise<boolean> {
  const outcome = await screenBeforePublishing(contentScreenPorts(deps.repositories), identity, kind, texts, payload, new Date());
  if (!outcome) return false;
  answerHeld(deps, res, identity, outcome.held);
  return true;
}

/** 202 with what was held and the words to tell the person (HELD_RESPONSE). */
export function answerHeld(deps: Pick<ApiDependencies, 'logger'>, res: Response, identity: Identity, held: HeldItem): void {
  deps.logger.info({ tenantId: identity.tenantId, heldId: held.heldId, kind: held.kind }, 'held for review');
  res.send(202, { held: true, heldId: held.heldId, matched: held.matches.map((m) => m.term), message: t(identity.locale, 'card.held.body', { terms: heldTerms(held) }) });
}
