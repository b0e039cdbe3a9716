import type { Container } from '@azure/cosmos';
import { APPROVAL_QUEUE_MAX, AUTHOR_DRAFTS_MAX, DEFAULT_GUARDRAILS, Draft, DraftState, Guardrails } from '../domain/studio';
import { tenantKey } from './containers';
import { readDocument, StoredDocument, updateDocument } from './documents';

/**
 * Studio's documents, every read a point read: a draft by id, an author's list of
 * drafts and the approval queue as one capped document each (the embedded server's
 * queries cost the square of the container's size), the tenant's guardrails.
 * A draft is written first and its list entry after: a list entry can lag a failed
 * write by one save, never point at a draft that does not exist.
 */
type DraftDocument = StoredDocument & Draft & { type: 'draft' };

export interface DraftSummary {
  draftId: string;
  title: string;
  state: DraftState;
  updatedAt: string;
  scheduledAt?: string;
  announcementId?: string;
}

export interface QueueEntry {
  draftId: string;
  authorId: string;
  title: string;
  submittedAt: string;
}

/** The approvers' cards of one round of approval (a submission), so a decision can update each. */
export interface ReviewCards {
  tenantId: string;
  draftId: string;
  /** The draft's submittedAt: a new submission starts new cards. */
  round: string;
  copies: Array<{ userId: string; conversationId: string; activityId: string }>;
  /** Approvers whose chat refused the card for good (uninstalled, blocked): not tried again this round. */
  refused?: string[];
  /** Tries that failed for a passing reason (throttled, an outage), for the backoff. */
  attempts?: number;
  /** The outcome is on every card and the author was told. */
  settled?: boolean;
}
type ReviewCardsDocument = StoredDocument & ReviewCards & { type: 'reviewCards' };

type ListDocument<T> = StoredDocument & { type: string; entries: T[] };
type GuardrailsDocument = StoredDocument & Guardrails & { type: 'guardrails' };

const draftKey = (tenantId: string, draftId: string) => tenantKey(tenantId, 'draft', draftId);
const authorKey = (tenantId: string, userId: string) => tenantKey(tenantId, 'author', userId.toLowerCase());
const queueKey = (tenantId: string) => tenantKey(tenantId, 'queue');
const reviewCardsKey = (tenantId: string, draftId: string) => tenantKey(tenantId, 'review-cards', draftId);
const guardrailsKey = (tenantId: string) => tenantKey(tenantId, 'guardrails');

function toDraft({ id: _id, pk: _pk, type: _type, _etag, ...draft }: DraftDocument): Draft {
  for (const field of ['_rid', '_self', '_ts', '_attachments']) delete (draft as Record<string, unknown>)[field];
  return draft;
}

export const summaryOf = (draft: Draft): DraftSummary => ({
  draftId: draft.draftId,
  title: draft.content.title ?? '',
  state: draft.state,
  updatedAt: draft.updatedAt,
  ...(draft.scheduledAt && { scheduledAt: draft.scheduledAt }),
  ...(draft.announcementId && { announcementId: draft.announcementId }),
});

export class StudioRepository {
  constructor(private readonly container: Container) {}

  async getDraft(tenantId: string, draftId: string): Promise<Draft | undefined> {
    const key = draftKey(tenantId, draftId);
    const document = await readDocument<DraftDocument>(this.container, key, key);
    return document && toDraft(document);
  }

  async createDraft(draft: Draft): Promise<void> {
    const key = draftKey(draft.tenantId, draft.draftId);
    await this.container.items.create<DraftDocument>({ ...draft, id: key, pk: key, type: 'draft' });
    await this.listed(draft);
  }

  /** Read-modify-write under _etag; `change` throws a DomainError to refuse, returns undefined to leave it. */
  async updateDraft(tenantId: string, draftId: string, change: (current: Draft) => Draft | undefined): Promise<Draft | undefined> {
    const key = draftKey(tenantId, draftId);
    let changed: Draft | undefined;
    const saved = await updateDocument<DraftDocument>(this.container, key, key, (current) => {
      if (!current) return undefined;
      changed = change(toDraft(current));
      return changed && { ...changed, id: key, pk: key, type: 'draft', _etag: current._etag };
    });
    if (!saved) return undefined;
    const draft = toDraft(saved);
    if (changed) await this.listed(draft);
    return draft;
  }

  /** The author's drafts, newest change first. */
  async draftsOf(tenantId: string, userId: string): Promise<DraftSummary[]> {
    const key = authorKey(tenantId, userId);
    return (await readDocument<ListDocument<DraftSummary>>(this.container, key, key))?.entries ?? [];
  }

  async deleteDraft(draft: Draft): Promise<void> {
    const key = draftKey(draft.tenantId, draft.draftId);
    await this.container.item(key, key).delete().catch((error) => {
      if (error?.code !== 404) throw error;
    });
    await this.editList<DraftSummary>(authorKey(draft.tenantId, draft.authorId), draft.tenantId, 'authorDrafts', (entries) => entries.filter((e) => e.draftId !== draft.draftId));
    await this.editList<QueueEntry>(queueKey(draft.tenantId), draft.tenantId, 'approvalQueue', (entries) => entries.filter((e) => e.draftId !== draft.draftId));
  }

  async queue(tenantId: string): Promise<QueueEntry[]> {
    const key = queueKey(tenantId);
    return (await readDocument<ListDocument<QueueEntry>>(this.container, key, key))?.entries ?? [];
  }

  async reviewCards(tenantId: string, draftId: string): Promise<ReviewCards | undefined> {
    const key = reviewCardsKey(tenantId, draftId);
    const document = await readDocument<ReviewCardsDocument>(this.container, key, key);
    return document && { tenantId, draftId, round: document.round, copies: document.copies, refused: document.refused ?? [], attempts: document.attempts ?? 0, ...(document.settled && { settled: true }) };
  }

  /** Written by the one sweeper holding the review notice's claim. */
  async saveReviewCards(cards: ReviewCards): Promise<void> {
    const key = reviewCardsKey(cards.tenantId, cards.draftId);
    await this.container.items.upsert<ReviewCardsDocument>({ ...cards, id: key, pk: key, type: 'reviewCards' });
  }

  async guardrails(tenantId: string): Promise<Guardrails> {
    const key = guardrailsKey(tenantId);
    const document = await readDocument<GuardrailsDocument>(this.container, key, key);
    return document ? { defaults: document.defaults, authors: document.authors, updatedAt: document.updatedAt, updatedBy: document.updatedBy } : DEFAULT_GUARDRAILS;
  }

  async setGuardrails(tenantId: string, guardrails: Guardrails): Promise<void> {
    const key = guardrailsKey(tenantId);
    await this.container.items.upsert<GuardrailsDocument>({ ...guardrails, id: key, pk: key, tenantId, type: 'guardrails' });
  }

  /** Keeps the author's list and the approval queue in step with the draft just written. */
  private async listed(draft: Draft): Promise<void> {
    const summary = summaryOf(draft);
    await this.editList<DraftSummary>(authorKey(draft.tenantId, draft.authorId), draft.tenantId, 'authorDrafts', (entries) =>
      [summary, ...entries.filter((e) => e.draftId !== draft.draftId)].slice(0, AUTHOR_DRAFTS_MAX),
    );
    const queued = draft.state === 'submitted';
    await this.editList<QueueEntry>(queueKey(draft.tenantId), draft.tenantId, 'approvalQueue', (entries) => {
      const others = entries.filter((e) => e.draftId !== draft.draftId);
      if (!queued) return others.length === entries.length ? undefined : others;
      const entry = { draftId: draft.draftId, authorId: draft.authorId, title: summary.title, submittedAt: draft.updatedAt };
      return [...others, entry].slice(-APPROVAL_QUEUE_MAX);
    });
  }

  private async editList<T>(key: string, tenantId: string, type: string, change: (entries: T[]) => T[] | undefined): Promise<void> {
    await updateDocument<ListDocument<T>>(this.container, key, key, (current) => {
      const entries = change(current?.entries ?? []);
      if (!entries) return undefined;
      return { id: key, pk: key, tenantId, type, entries, _etag: current?._etag };
    });
  }
}
