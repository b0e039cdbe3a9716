import type { Container } from '@azure/cosmos';
import { isCosmosError } from './cosmos';
import { tenantKey } from './containers';
import { readDocument, StoredDocument, updateDocument } from './documents';
import { SETTINGS_CACHE_TTL_MS } from './tenants';
import { TtlCache } from './ttl-cache';
import { DomainError } from '../domain/errors';
import type { GuidelinesAcceptance, GuidelinesState, GuidelinesStore, GuidelinesVersion } from '../domain/guidelines';

type StateDocument = StoredDocument & GuidelinesState & { type: 'guidelines' };
type VersionDocument = StoredDocument & GuidelinesVersion & { type: 'guidelinesVersion' };
type AcceptanceDocument = StoredDocument & GuidelinesAcceptance & { type: 'guidelinesAccepted' };

/**
 * The guidelines in the tenants container (pk = tenantId, a small bounded set): one
 * current-state document (`tenantId|guidelines`: the published version and the draft),
 * read by every write and so cached like the word list; each published version
 * appended once (`tenantId|guidelines|v|<n>`, created, never replaced: two admins
 * publishing at once cannot both get number n). Each person's acceptance lives with
 * their profile in the people container (id `tenantId|guidelinesAccepted|userId`,
 * pk = tenantId|userId): a point read per write, never a query.
 */
export class GuidelinesRepository implements GuidelinesStore {
  private readonly states = new TtlCache<GuidelinesState>(SETTINGS_CACHE_TTL_MS, 10_000);

  constructor(
    private readonly tenants: Container,
    private readonly people: Container,
  ) {}

  async state(tenantId: string): Promise<GuidelinesState> {
    return this.states.get(tenantId, async () => stateOf(await readDocument<StateDocument>(this.tenants, tenantKey(tenantId, 'guidelines'), tenantId)));
  }

  async saveDraft(tenantId: string, markdown: string, by: string, now: string): Promise<GuidelinesState> {
    return this.update(tenantId, (current) => ({ ...current, draft: { markdown, savedAt: now, savedBy: by } }));
  }

  async publish(tenantId: string, markdown: string, expected: number, by: string, now: string): Promise<GuidelinesState> {
    const version: GuidelinesVersion = { version: expected + 1, markdown, publishedAt: now, publishedBy: by };
    try {
      await this.tenants.items.create<VersionDocument>({ id: tenantKey(tenantId, 'guidelines', 'v', String(version.version)), pk: tenantId, tenantId, type: 'guidelinesVersion', ...version });
    } catch (error) {
      if (!isCosmosError(error, 409)) throw error;
      // Someone else's version n, or one whose publisher stopped before moving the
      // pointer: either way it is published now (so no number is ever stuck), and this
      // admin, who edited an older version, is asked to look again.
      const taken = await readDocument<VersionDocument>(this.tenants, tenantKey(tenantId, 'guidelines', 'v', String(version.version)), tenantId);
      if (taken) await this.movePointer(tenantId, versionOf(taken));
      throw new DomainError('conflict', `guidelines version ${version.version} was published by someone else`);
    }
    return this.movePointer(tenantId, version);
  }

  /** The pointer only moves forward: a slower publisher of an older number never wins. */
  private movePointer(tenantId: string, version: GuidelinesVersion): Promise<GuidelinesState> {
    return this.update(tenantId, (current) => ((current.current?.version ?? 0) >= version.version ? undefined : { current: version }));
  }

  async acceptance(tenantId: string, userId: string): Promise<GuidelinesAcceptance | undefined> {
    const document = await readDocument<AcceptanceDocument>(this.people, acceptanceId(tenantId, userId), tenantKey(tenantId, userId));
    return document && { userId: document.userId, version: document.version, acceptedAt: document.acceptedAt };
  }

  async accept(tenantId: string, acceptance: GuidelinesAcceptance): Promise<{ acceptance: GuidelinesAcceptance; created: boolean }> {
    const id = acceptanceId(tenantId, acceptance.userId);
    const pk = tenantKey(tenantId, acceptance.userId);
    let created = false;
    const saved = await updateDocument<AcceptanceDocument>(this.people, id, pk, (current) => {
      created = false;
      if (current && current.version >= acceptance.version) return undefined;
      created = true;
      return { id, pk, tenantId, type: 'guidelinesAccepted', ...acceptance, ...(current?._etag && { _etag: current._etag }) };
    });
    return { acceptance: { userId: saved!.userId, version: saved!.version, acceptedAt: saved!.acceptedAt }, created };
  }

  private async update(tenantId: string, change: (current: GuidelinesState) => GuidelinesState | undefined): Promise<GuidelinesState> {
    const id = tenantKey(tenantId, 'guidelines');
    const saved = await updateDocument<StateDocument>(this.tenants, id, tenantId, (current) => {
      const next = change(stateOf(current));
      return next && { ...next, id, pk: tenantId, tenantId, type: 'guidelines', ...(current?._etag && { _etag: current._etag }) };
    });
    const state = stateOf(saved);
    this.states.set(tenantId, state);
    return state;
  }
}

const versionOf = ({ version, markdown, publishedAt, publishedBy }: VersionDocument): GuidelinesVersion => ({ version, markdown, publishedAt, publishedBy });

const acceptanceId = (tenantId: string, userId: string) => tenantKey(tenantId, 'guidelinesAccepted', userId);

function stateOf(document: StateDocument | undefined): GuidelinesState {
  if (!document) return {};
  return { ...(document.current && { current: document.current }), ...(document.draft && { draft: document.draft }) };
}
