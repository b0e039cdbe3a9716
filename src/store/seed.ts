import { randomUUID } from 'crypto';
import type { Repositories } from '.';
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
    const createdAt = new Date(now.getTime() - post.minutesAgo * 60_000).toISOString();
    await repositories.posts.create({
      tenantId: DEMO_TENANT_ID,
      postId: randomUUID(),
      kind: post.kind,
      authorId: post.authorId,
      title: post.title,
      body: post.body,
      audience: { everyone: true },
      deliveredTo: [],
      reactionCount: 0,
      commentCount: 0,
      state: 'published',
      createdAt,
      updatedAt: createdAt,
    });
  }
  return true;
}
