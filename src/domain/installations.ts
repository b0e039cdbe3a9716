import { InstalledConversation, threadOf } from './conversations';

/** The storage the installation rules need; the store's ConversationRepository provides it. */
export interface InstallationStore {
  save(conversation: InstalledConversation): Promise<{ wasActive: boolean }>;
  markInactive(tenantId: string, conversationId: string, at: string): Promise<boolean>;
}

/**
 * Teams announces one installation several ways (installationUpdate and
 * conversationUpdate, sometimes twice): the reference is refreshed every time, the
 * welcome is sent only when the conversation was not already active.
 */
export async function recordInstallation(store: InstallationStore, conversation: InstalledConversation): Promise<{ shouldWelcome: boolean }> {
  const { wasActive } = await store.save(conversation);
  return { shouldWelcome: !wasActive };
}

/** Returns false for a conversation we never knew, which callers log and ignore. */
export async function recordRemoval(store: InstallationStore, tenantId: string, conversationId: string, at: string): Promise<boolean> {
  return store.markInactive(tenantId, threadOf(conversationId).conversationId, at);
}
