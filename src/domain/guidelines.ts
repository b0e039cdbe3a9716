import { DomainError } from './errors';
import type { Identity } from './identity';

/**
 * The tenant's community guidelines (issue 17, item 1): admins write them in Markdown
 * and publish numbered versions; once a version is published, each person accepts it
 * before their first post, comment, kudos or poll, and accepts again when a new
 * version replaces it. A tenant that never published asks nothing.
 */
export const GUIDELINES_MAX_LENGTH = 20_000;

/** The kinds of writes the guidelines gate (item 1 names them; communities are not among them). */
export const GUIDED_KINDS: ReadonlySet<string> = new Set(['post', 'comment', 'kudos', 'poll']);

export interface GuidelinesVersion {
  version: number;
  markdown: string;
  publishedAt: string;
  publishedBy: string;
}

/** The tenant's one current-state document: the published version (if any) and the admins' working draft. */
export interface GuidelinesState {
  current?: GuidelinesVersion;
  draft?: { markdown: string; savedAt: string; savedBy: string };
}

export interface GuidelinesAcceptance {
  userId: string;
  version: number;
  acceptedAt: string;
}

export interface GuidelinesPorts {
  state(tenantId: string): Promise<GuidelinesState>;
  acceptance(tenantId: string, userId: string): Promise<GuidelinesAcceptance | undefined>;
}

export interface GuidelinesStore extends GuidelinesPorts {
  saveDraft(tenantId: string, markdown: string, by: string, now: string): Promise<GuidelinesState>;
  /** Appends version `expected + 1`; a concurrent publish of the same number loses with a conflict. */
  publish(tenantId: string, markdown: string, expected: number, by: string, now: string): Promise<GuidelinesState>;
  /** Stores `version` as accepted unless this person already accepted it (then theirs stays, `created` false). */
  accept(tenantId: string, acceptance: GuidelinesAcceptance): Promise<{ acceptance: GuidelinesAcceptance; created: boolean }>;
}

/**
 * A write the guidelines stop: the person has not accepted the current version. It
 * carries that version so the bot can show it on the card and the tab can link to it.
 */
export class GuidelinesRequiredError extends DomainError {
  constructor(readonly guidelines: GuidelinesVersion) {
    super('guidelines_required', `version ${guidelines.version} not accepted`, 'error.guidelines.required', { version: guidelines.version });
    this.name = 'GuidelinesRequiredError';
  }
}

/** Throws GuidelinesRequiredError unless the tenant has no published guidelines or the person accepted the current version. */
export async function requireGuidelinesAccepted(ports: GuidelinesPorts, identity: Identity, kind: string): Promise<void> {
  if (!GUIDED_KINDS.has(kind)) return;
  const { current } = await ports.state(identity.tenantId);
  if (!current) return;
  const accepted = await ports.acceptance(identity.tenantId, identity.userId);
  if (accepted?.version !== current.version) throw new GuidelinesRequiredError(current);
}

/**
 * Accepts the version the person was shown. Only the current version can be accepted:
 * accepting one a newer version replaced is refused with the current one, so nobody
 * is taken to accept words they never saw.
 */
export async function acceptGuidelines(store: GuidelinesStore, identity: Identity, version: number, now: Date): Promise<{ acceptance: GuidelinesAcceptance; created: boolean }> {
  const { current } = await store.state(identity.tenantId);
  if (!current) throw new DomainError('not_found', 'no published guidelines', 'error.guidelines.none');
  if (version !== current.version) throw new GuidelinesRequiredError(current);
  return store.accept(identity.tenantId, { userId: identity.userId, version, acceptedAt: now.toISOString() });
}

/** What a person sees of the guidelines: the current version and whether they accepted it. */
export async function guidelinesFor(ports: GuidelinesPorts, identity: Identity): Promise<{ current?: GuidelinesVersion; accepted?: GuidelinesAcceptance }> {
  const { current } = await ports.state(identity.tenantId);
  if (!current) return {};
  const accepted = await ports.acceptance(identity.tenantId, identity.userId);
  return { current, ...(accepted?.version === current.version && { accepted }) };
}

export function checkGuidelinesText(markdown: string): string {
  const text = markdown.replace(/\r\n/g, '\n').trim();
  if (!text) throw new DomainError('bad_request', 'guidelines are empty', 'error.guidelines.empty');
  if (text.length > GUIDELINES_MAX_LENGTH) throw new DomainError('too_large', `guidelines longer than ${GUIDELINES_MAX_LENGTH}`, 'error.guidelines.tooLong', { max: GUIDELINES_MAX_LENGTH });
  return text;
}
