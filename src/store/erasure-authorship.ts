import type { Container } from '@azure/cosmos';
import type { ErasureContext, ErasureTask } from '../domain/erasure';
import type { Draft } from '../domain/studio';
import { tenantKey } from './containers';
import { StoredDocument, updateDocument } from './documents';
import type { Repositories } from '.';

type Repos = Pick<Repositories, 'announcements' | 'studio'>;
type GuardrailsDocument = StoredDocument & { authors?: Record<string, unknown>; updatedBy?: string };

/**
 * What an erased person did as an announcer or approver (issue 17, item 6). An
 * announcement is the organisation's record of what was said to whom: it is kept
 * in either erasure mode (its report, recalls and edits still reach every copy),
 * under the same keyed pseudonym their posts carry. So is the Studio draft it was
 * sent from, with its approval. The audit log is not touched here or anywhere: it is
 * append-only, and its entries keep naming whoever acted, as written.
 */
export class AuthorshipErasure {
  constructor(
    private readonly repositories: Repos,
    private readonly studio: Container,
  ) {}

  async announcement({ ref }: ErasureTask, c: ErasureContext): Promise<void> {
    await this.repositories.announcements.update(c.tenantId, ref, (current) => (current.authorId === c.userId ? { ...current, authorId: c.pseudonym.userId } : undefined));
  }

  /**
   * A draft they wrote and never sent goes; one that became an announcement, or one
   * they reviewed or last saved, stays under the pseudonym (the approval is part of
   * the announcement's history).
   */
  async draft({ ref }: ErasureTask, c: ErasureContext): Promise<void> {
    const draft = await this.repositories.studio.getDraft(c.tenantId, ref);
    if (!draft) return;
    if (draft.authorId === c.userId && draft.state !== 'sent') return this.repositories.studio.deleteDraft(draft);
    await this.repositories.studio.updateDraft(c.tenantId, ref, (current) => withoutPerson(current, c));
  }

  /** Their own guardrails rule goes; a rule set they saved last names the pseudonym. */
  async guardrails(c: ErasureContext): Promise<void> {
    const key = tenantKey(c.tenantId, 'guardrails');
    await updateDocument<GuardrailsDocument>(this.studio, key, key, (current) => {
      if (!current || (!(c.userId in (current.authors ?? {})) && current.updatedBy !== c.userId)) return undefined;
      const { [c.userId]: _theirs, ...authors } = current.authors ?? {};
      return { ...current, authors, ...(current.updatedBy === c.userId && { updatedBy: c.pseudonym.userId }) };
    });
  }
}

function withoutPerson(draft: Draft, c: ErasureContext): Draft | undefined {
  const swap = (id: string) => (id === c.userId ? c.pseudonym.userId : id);
  const next: Draft = { ...draft, authorId: swap(draft.authorId), updatedBy: swap(draft.updatedBy), ...(draft.review && { review: { ...draft.review, by: swap(draft.review.by) } }) };
  return JSON.stringify(next) === JSON.stringify(draft) ? undefined : next;
}
