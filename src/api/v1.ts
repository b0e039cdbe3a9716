import type { Server } from 'restify';
import { DomainError } from '../domain/errors';
import { hasRole } from '../domain/identity';
import type { Person } from '../domain/people';
import { FEED_PAGE_SIZE } from '../domain/posts';
import { DEMO_TENANT_ID, DEMO_TENANT_NAME } from '../store/demo-tenant';
import { ApiDependencies, callerOf } from './context';
import { handler } from './http';
import { registerAnnouncementRoutes } from './announcements';
import { registerSettingsRoutes } from './settings';
import { registerPostRoutes } from './posts';
import { registerPeopleRoutes } from './people';
import { registerDirectoryRoutes } from './directory';
import { conversationView, postView } from './views';

/** Reads several people with point reads, each once. */
async function peopleById(deps: ApiDependencies, tenantId: string, userIds: Iterable<string>): Promise<Map<string, Person>> {
  const unique = [...new Set(userIds)].filter(Boolean);
  const found = await Promise.all(unique.map((userId) => deps.repositories.people.get(tenantId, userId)));
  return new Map(found.filter((p): p is Person => p !== undefined).map((p) => [p.userId, p]));
}

export function registerApiV1(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;
  registerAnnouncementRoutes(server, deps);
  registerSettingsRoutes(server, deps);
  registerPostRoutes(server, deps);
  registerPeopleRoutes(server, deps);
  registerDirectoryRoutes(server, deps);

  server.get('/api/v1/me', handler(logger, async (req, res) => {
    const { identity, person } = await callerOf(deps, req);
    const manager = person?.managerId ? await repositories.people.get(identity.tenantId, person.managerId) : undefined;
    return {
      tenantId: identity.tenantId,
      userId: identity.userId,
      displayName: person?.displayName ?? '',
      department: person?.department,
      jobTitle: person?.jobTitle,
      managerId: person?.managerId,
      managerName: manager?.displayName,
      roles: identity.roles,
      locale: identity.locale,
      devIdentity: deps.authenticator.isDevIdentity,
    };
  }));

  server.get('/api/v1/feed', handler(logger, async (req, res) => {
    const { identity } = await callerOf(deps, req);
    const posts = await repositories.posts.feed(identity.tenantId, FEED_PAGE_SIZE);
    const authors = await peopleById(deps, identity.tenantId, posts.map((post) => post.authorId));
    return { posts: posts.map((post) => postView(post, authors.get(post.authorId))) };
  }));

  server.get('/api/v1/conversations', handler(logger, async (req, res) => {
    const { identity } = await callerOf(deps, req);
    const conversations = await repositories.conversations.list(identity.tenantId);
    // Personal chats say who uses Commons, and group chats are private: admins only.
    const visible = hasRole(identity, 'admin') ? conversations : conversations.filter((c) => c.kind === 'channel');
    return { conversations: visible.map(conversationView) };
  }));

  // Local mode only: the people the tab's user switcher offers.
  server.get('/api/v1/dev/identities', handler(logger, async () => {
    if (!deps.authenticator.isDevIdentity) throw new DomainError('not_found');
    const people = await repositories.people.list(DEMO_TENANT_ID);
    const tenant = await repositories.tenants.get(DEMO_TENANT_ID);
    return {
      tenantId: DEMO_TENANT_ID,
      tenantName: tenant?.name ?? DEMO_TENANT_NAME,
      users: people.map(({ userId, displayName, department, jobTitle }) => ({ userId, displayName, department, jobTitle })),
    };
  }));
}
