import { randomUUID } from 'crypto';
import { composePost } from '../domain/posts';
import { TENANT_VISIBILITY } from '../domain/visibility';
import type { Repositories } from '.';
import { isCosmosError, Store } from './cosmos';
import { DEMO_PEOPLE, DEMO_POSTS, DEMO_TENANT_ID, DEMO_TENANT_NAME } from './demo-tenant';

/**
 * Fills a fresh local store with the demo organisation so a newcomer sees a living
 * product. Runs once per store: a tenant that exists is left as it is.
 */
export async function seedDemoTenant(repositories: Repositories, now = new Date()): Promise<boolean> {
  const created = await repositories.tenants.createIfMissing({ tenantId: DEMO_TENANT_ID, name: DEMO_TENANT_NAME, createdAt: now.toISOString() });
  if (!created) return false;
  for (const person of DEMO_PEOPLE) {
    await repositories.people.upsert({ tenantId: DEMO_TENANT_ID, locale: 'en-GB', ...person });
  }
  for (const post of DEMO_POSTS) {
    const author = DEMO_PEOPLE.find((person) => person.userId === post.authorId)!;
    const identity = { tenantId: DEMO_TENANT_ID, userId: author.userId, roles: author.roles, displayName: author.displayName };
    const when = new Date(now.getTime() - post.minutesAgo * 60_000);
    await repositories.posts.create(composePost({ kind: post.kind, title: post.title, body: post.body, audience: { everyone: true }, visibility: TENANT_VISIBILITY }, identity, randomUUID(), when));
  }
  return true;
}

/** Whether any container holds a document (one TOP 1 read each; a container not created yet is empty). */
export async function storeHoldsData(store: Store): Promise<boolean> {
  for (const container of Object.values(store.containers)) {
    try {
      const { resources } = await container.items.query('SELECT TOP 1 c.id FROM c', { maxItemCount: 1 }).fetchNext();
      if (resources.length > 0) return true;
    } catch (error) {
      if (!isCosmosError(error, 404)) throw error;
    }
  }
  return false;
}
