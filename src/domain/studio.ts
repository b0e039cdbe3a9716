import type { Audience } from './audience';
import { DomainError } from './errors';
import { hasRole, Identity } from './identity';

/**
 * The Comms Studio: who may compose and approve, what an author may target, and the
 * life of a draft until it becomes an announcement. Pure: no HTTP, no Teams, no store.
 */
export const POST_BUTTONS_MAX = 6;
export const BUTTON_TITLE_MAX = 40;
export const IMAGE_ALT_MAX = 200;
export const URL_MAX = 2000;
export const PIN_DAYS_MAX = 30;
export const REVIEW_COMMENT_MAX = 1000;
/** Drafts listed for one author (the newest first); older ones stay readable by id. */
export const AUTHOR_DRAFTS_MAX = 200;
/** Submitted drafts an approver's queue holds at once. */
export const APPROVAL_QUEUE_MAX = 500;

export type Importance = 'normal' | 'important';
export type PostKind = 'announcement' | 'update';

/** What the card shows beyond title and body; all optional so old announcements stay valid. */
export interface PostExtras {
  image?: { url: string; alt: string };
  buttons?: Array<{ title: string; url: string }>;
  importance?: Importance;
  /** Important posts stay pinned at the top of the feed this many days. */
  pinDays?: number;
  /** The card carries "I've read this" and the author sees who acknowledged. */
  acknowledge?: boolean;
  kind?: PostKind;
}

export interface PostContent extends PostExtras {
  title: string;
  body: string;
}

// ---- Who ----------------------------------------------------------------------------

export function canAuthor(identity: Identity): boolean {
  return hasRole(identity, 'author');
}

export function canApprove(identity: Identity): boolean {
  return hasRole(identity, 'approver');
}

/** Studio is for authors and approvers (admins are both); everyone else is refused. */
export function assertStudioAccess(identity: Identity): void {
  if (!canAuthor(identity) && !canApprove(identity)) throw new DomainError('forbidden', 'Studio is for authors and approvers', 'error.studio.noAccess');
}

export function assertAuthor(identity: Identity): void {
  if (!canAuthor(identity)) throw new DomainError('forbidden', 'requires the author role', 'error.studio.notAuthor');
}

// ---- Guardrails ---------------------------------------------------------------------

/** Which audiences one author may target, and whether their posts wait for an approver. */
export interface AuthorRule {
  everyone: boolean;
  people: boolean;
  /** "all" channels where Commons is installed, or only these conversation ids. */
  channels: 'all' | string[];
  requiresApproval: boolean;
}

export interface Guardrails {
  defaults: AuthorRule;
  /** Per author (Entra object id, lower case) overrides of the defaults. */
  authors: Record<string, AuthorRule>;
  updatedAt?: string;
  updatedBy?: string;
}

/** Until an admin says otherwise, authors reach everything and nothing waits for approval (as before Studio). */
export const DEFAULT_GUARDRAILS: Guardrails = {
  defaults: { everyone: true, people: true, channels: 'all', requiresApproval: false },
  authors: {},
};

/** The rule for this person; admins set the rules, so nothing limits them. */
export function ruleFor(guardrails: Guardrails, identity: Identity): AuthorRule {
  if (identity.roles.includes('admin')) return DEFAULT_GUARDRAILS.defaults;
  return guardrails.authors[identity.userId.toLowerCase()] ?? guardrails.defaults;
}

const outside = (detail: string) => new DomainError('forbidden', detail, 'error.studio.beyondGuardrails', { detail });

/** Refuses an audience beyond what the author may target, naming the first target beyond it. */
export function assertWithinGuardrails(rule: AuthorRule, audience: Audience): void {
  if (audience.everyone && !rule.everyone) throw outside('everyone');
  if (audience.people?.length && !rule.people) throw outside('people by name');
  if (rule.channels !== 'all') {
    const allowed = new Set(rule.channels);
    const beyond = (audience.channels ?? []).filter((id) => !allowed.has(id));
    if (beyond.length) throw outside(`channel ${beyond[0]}`);
  }
}

// ---- Drafts and approval ------------------------------------------------------------

/**
 * draft → submitted → approved (the announcement is scheduled) or rejected (with a
 * comment) → draft again when the author edits. Without approval a draft goes
 * straight to sent. An edit of a submitted draft takes it back out of the queue.
 */
export type DraftState = 'draft' | 'submitted' | 'rejected' | 'sent';

export interface Review {
  decision: 'approved' | 'rejected';
  by: string;
  at: string;
  comment?: string;
}

export interface Draft {
  tenantId: string;
  draftId: string;
  authorId: string;
  /** Incomplete while it is a draft: checked in full on submit and send. */
  content: Partial<PostContent>;
  audience: Audience;
  /** As the author typed it: a local time read in timeZone, or absent for "now". */
  scheduledAt?: string;
  timeZone?: string;
  state: DraftState;
  review?: Review;
  /** When it was last submitted: one round of approval (the approvers' cards belong to it). */
  submittedAt?: string;
  /** Set once sent: the announcement it became. */
  announcementId?: string;
  templateId?: string;
  /** +1 on every save: the tab sends the one it edited, and a stale save is refused. */
  revision: number;
  updatedBy: string;
  createdAt: string;
  updatedAt: string;
}

const draftConflict = (detail: string) => new DomainError('conflict', detail, 'error.studio.draftState', { detail });

export function assertOwnsDraft(identity: Identity, draft: Draft): void {
  if (draft.authorId !== identity.userId && !identity.roles.includes('admin')) throw new DomainError('not_found');
}

/** An approver sees submitted drafts; everyone else only their own. */
export function assertMaySeeDraft(identity: Identity, draft: Draft): void {
  if (draft.authorId === identity.userId || identity.roles.includes('admin')) return;
  if (canApprove(identity) && (draft.state === 'submitted' || draft.review)) return;
  throw new DomainError('not_found');
}

/** `editorName` names whoever saved last, for "changed by X, reload". */
export function assertEditable(draft: Draft, revision: number | undefined, editorName: string): void {
  if (draft.state === 'sent') throw draftConflict('this draft was sent: edit the announcement instead');
  if (revision !== undefined && revision !== draft.revision) {
    throw new DomainError('conflict', draft.updatedBy, 'error.studio.changedBy', { name: editorName });
  }
}

/** Saving takes a submitted or rejected draft back to a draft: what was reviewed is no longer what is there. */
export function stateAfterEdit(draft: Draft): DraftState {
  return draft.state === 'sent' ? 'sent' : 'draft';
}

export function assertCanSubmit(draft: Draft): void {
  if (draft.state === 'submitted') throw draftConflict('it is already waiting for approval');
  if (draft.state === 'sent') throw draftConflict('it was already sent');
}

export function assertApprover(identity: Identity): void {
  if (!canApprove(identity)) throw new DomainError('forbidden', 'requires the approver role', 'error.studio.notApprover');
}

/**
 * The decision on its latest submission, if any: rejected, approved and sent, or
 * approved and being sent (a submitted draft carries a review only then).
 */
export function decidedReview(draft: Draft): Review | undefined {
  return draft.state === 'draft' ? undefined : draft.review;
}

export function assertCanReview(identity: Identity, draft: Draft): void {
  if (!canApprove(identity)) throw new DomainError('forbidden', 'requires the approver role', 'error.studio.notApprover');
  if (draft.state !== 'submitted') throw draftConflict(`it is ${draft.state}, not waiting for approval`);
  // A submitted draft carries a review only while its approval is being sent: decided.
  if (draft.review) throw draftConflict('another approver has just decided it');
  // Four eyes: an approver never approves their own post.
  if (draft.authorId === identity.userId) throw new DomainError('forbidden', 'you cannot review your own post', 'error.studio.ownReview');
}

/** Sending directly: only when no approval is needed (or it was approved, which sends it). */
export function assertCanSendDirectly(draft: Draft, rule: AuthorRule): void {
  if (draft.state === 'sent') throw draftConflict('it was already sent');
  if (rule.requiresApproval) throw new DomainError('conflict', 'needs approval', 'error.studio.needsApproval');
}
