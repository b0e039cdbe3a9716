import type { InstalledConversation } from '../domain/conversations';
import type { Draft } from '../domain/studio';
import type { Repositories } from '../store';

type Lookups = Pick<Repositories, 'people' | 'rosters' | 'conversations'>;

/**
 * Who is asked to approve a Studio draft, and where: one answer for the sweep that
 * sends the approval cards (src/bot/studio-review-notices.ts) and for the submit that
 * tells the author who cannot be asked. A card reaches a person only in their personal
 * chat with Commons; without one (no personal installation) the draft still waits in
 * the Studio queue, and the author is told whom the card cannot reach.
 */
export async function personalChat(repositories: Lookups, tenantId: string, userId: string): Promise<InstalledConversation | undefined> {
  const chatId = await repositories.rosters.personalChatOf(tenantId, userId);
  const chat = chatId ? await repositories.conversations.get(tenantId, chatId) : undefined;
  return chat?.active ? chat : undefined;
}

export interface Approver {
  userId: string;
  displayName?: string;
  locale?: string;
}

/** Approvers of the tenant (the role, stored admins and the bootstrap admins), never the author. */
export async function approversOf(repositories: Lookups, admins: readonly string[], draft: Pick<Draft, 'tenantId' | 'authorId'>): Promise<Approver[]> {
  const people = await repositories.people.withAnyRole(draft.tenantId, ['approver', 'admin']);
  const byId = new Map<string, Approver>(people.map((p) => [p.userId, { userId: p.userId, displayName: p.displayName, locale: p.locale }]));
  for (const admin of admins) if (!byId.has(admin)) byId.set(admin, { userId: admin });
  byId.delete(draft.authorId);
  return [...byId.values()].sort((a, b) => a.userId.localeCompare(b.userId));
}

/** The approvers an approval card cannot reach (no active personal chat), with their names where the directory has them. */
export async function unreachableApprovers(repositories: Lookups, admins: readonly string[], draft: Pick<Draft, 'tenantId' | 'authorId'>): Promise<{ approvers: number; unreachable: Array<{ userId: string; name: string }> }> {
  const approvers = await approversOf(repositories, admins, draft);
  const missing = [];
  for (const approver of approvers) if (!(await personalChat(repositories, draft.tenantId, approver.userId))) missing.push(approver);
  const unnamed = missing.filter((a) => !a.displayName).map((a) => a.userId);
  const directory = unnamed.length ? await repositories.people.getMany(draft.tenantId, unnamed) : new Map();
  return {
    approvers: approvers.length,
    unreachable: missing.map((a) => ({ userId: a.userId, name: a.displayName ?? directory.get(a.userId)?.displayName ?? '' })),
  };
}
