import { randomUUID } from 'crypto';
import type { Identity } from './identity';
import { DomainError } from './errors';
import { GuidelinesPorts, requireGuidelinesAccepted } from './guidelines';
import { blockedError, screenText, WordListEntry, WordListMatch } from './word-list';

/**
 * What the word list held for review instead of publishing (issue 17, item 3): the
 * words as written, the terms that matched, and what publishing it needs (`payload`,
 * the create path's own input), so the moderation queue can show it and, on approval,
 * publish it through the path it came from.
 */
export const HELD_KINDS = ['post', 'comment', 'kudos', 'poll', 'community'] as const;
export type HeldKind = (typeof HELD_KINDS)[number];

export interface HeldItem {
  heldId: string;
  tenantId: string;
  kind: HeldKind;
  authorId: string;
  /** The texts that were screened, in the order the path gave them. */
  texts: string[];
  matches: Array<{ rule: number; term: string; pattern: string }>;
  payload: Record<string, unknown>;
  createdAt: string;
  /** A moderator's decision: `approved` (then published through its path) or `rejected` (never published). */
  state: 'held' | 'approved' | 'rejected';
  decidedBy?: string;
  decidedAt?: string;
}

export interface ContentScreenPorts {
  guidelines: GuidelinesPorts;
  wordList(tenantId: string): Promise<{ entries: WordListEntry[] }>;
  held: { hold(item: HeldItem): Promise<void> };
}

/** Why a write was not published: it is held, and the person is told so. */
export interface HeldOutcome {
  held: HeldItem;
}

/**
 * The check every create path makes before publishing. First the guidelines: a person
 * who has not accepted the tenant's current version is refused (GuidelinesRequiredError
 * with that version, nothing stored, not even a held item). Then the word list:
 * blocked text is refused (a DomainError naming the rule, nothing stored); held text
 * is stored as held and returned; otherwise undefined, and the path publishes as before.
 */
export async function screenBeforePublishing(
  ports: ContentScreenPorts,
  identity: Identity,
  kind: HeldKind,
  texts: Array<string | undefined>,
  payload: Record<string, unknown>,
  now: Date,
): Promise<HeldOutcome | undefined> {
  await requireGuidelinesAccepted(ports.guidelines, identity, kind);
  const { entries } = await ports.wordList(identity.tenantId);
  const result = screenText(entries, texts);
  if (result.action === 'publish') return undefined;
  if (result.action === 'block') throw blockedError(result.match);
  const held: HeldItem = {
    heldId: randomUUID(),
    tenantId: identity.tenantId,
    kind,
    authorId: identity.userId,
    texts: texts.filter((text): text is string => Boolean(text)),
    matches: result.matches.map(({ rule, term, entry }: WordListMatch) => ({ rule, term, pattern: entry.pattern })),
    payload,
    createdAt: now.toISOString(),
    state: 'held',
  };
  await ports.held.hold(held);
  return { held };
}

/**
 * The check of an edit to something already published: an edit cannot wait for review
 * (the published version stays), so held words are refused like blocked ones, with a
 * message saying why; otherwise an edit would slip past the list.
 */
export async function screenEdit(ports: Pick<ContentScreenPorts, 'wordList'>, identity: Identity, texts: Array<string | undefined>): Promise<void> {
  const result = screenText((await ports.wordList(identity.tenantId)).entries, texts);
  if (result.action === 'block') throw blockedError(result.match);
  if (result.action === 'hold') {
    const terms = [...new Set(result.matches.map((m) => `“${m.term}”`))].join(', ');
    throw new DomainError('bad_request', `word list holds ${terms}`, 'error.wordList.heldEdit', { terms });
  }
}

/** The matched terms, for the person's "held for review" message. */
export const heldTerms = (held: HeldItem) => [...new Set(held.matches.map((m) => `“${m.term}”`))].join(', ');
