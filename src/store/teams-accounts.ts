import type { Container } from '@azure/cosmos';
import { tenantKey } from './containers';
import { readDocument, StoredDocument, updateDocument } from './documents';

type TeamsAccountDocument = StoredDocument & { type: 'teamsAccount'; tenantId: string; userId: string; teamsIds: string[] };

/** Distinct people a process remembers having noted before it starts again from empty (bounds its memory). */
const NOTED_MAX = 50_000;

/**
 * Which Teams account ids (`29:…`, one per bot registration) a person acts under. Cards
 * list viewers by Teams id only (`refresh.userIds`), and nothing else links that id to
 * the person's Entra id once their chat references are gone: erasure reads this to take
 * them off every card. One small document in the person's own partition of the people
 * container, so erasing the profile deletes it too; each process writes it at most once
 * per person and id (a point read the first time, nothing after).
 */
export class TeamsAccountRepository {
  private readonly noted = new Set<string>();

  constructor(private readonly container: Container) {}

  async note(tenantId: string, userId: string, teamsId: string): Promise<void> {
    const seen = `${tenantId}|${userId}|${teamsId}`;
    if (!teamsId || this.noted.has(seen)) return;
    const pk = tenantKey(tenantId, userId);
    const id = tenantKey(tenantId, userId, 'teams');
    await updateDocument<TeamsAccountDocument>(this.container, id, pk, (current) =>
      current?.teamsIds.includes(teamsId) ? undefined : { id, pk, tenantId, userId, type: 'teamsAccount', teamsIds: [...(current?.teamsIds ?? []), teamsId], _etag: current?._etag },
    );
    if (this.noted.size >= NOTED_MAX) this.noted.clear();
    this.noted.add(seen);
  }

  async idsOf(tenantId: string, userId: string): Promise<string[]> {
    return (await readDocument<TeamsAccountDocument>(this.container, tenantKey(tenantId, userId, 'teams'), tenantKey(tenantId, userId)))?.teamsIds ?? [];
  }
}
