import type { Server } from 'restify';
import { z } from 'zod';
import { GUID } from '../auth/authenticator';
import { DomainError } from '../domain/errors';
import { hasRole, Identity, ROLES } from '../domain/identity';
import type { Person } from '../domain/people';
import { parseQuery, PEOPLE_PAGE_MAX, SEARCH_QUERY_MAX } from '../domain/people-search';
import { assertCanAssignRoles } from '../domain/roles';
import { decodeCursor } from '../store/people-index';
import { ApiDependencies, audit, callerOf } from './context';
import { handler, jsonBody, parse } from './http';
import { personView } from './views';

export const PeopleQuerySchema = z.object({
  search: z.string().max(SEARCH_QUERY_MAX).optional().describe('A prefix of any word of a name, job title, department or skill (at least 2 letters)'),
  continuation: z.string().max(4000).optional().describe('From the previous page'),
  limit: z.coerce.number().int().min(1).max(PEOPLE_PAGE_MAX).default(PEOPLE_PAGE_MAX),
});
export const RolesBodySchema = z.object({ roles: z.array(z.enum(ROLES)).max(ROLES.length) }).strict();
export const UserIdParam = z.string().regex(GUID, 'must be an Entra object id (GUID)');

/** Admins also see email, manager, roles and account state; everyone else what a picker shows. */
async function views(deps: ApiDependencies, identity: Identity, people: Person[]) {
  if (!hasRole(identity, 'admin')) return people.map(({ userId, displayName, jobTitle, department, skills }) => ({ userId, displayName, jobTitle, department, ...(skills?.length && { skills }) }));
  const managers = await deps.repositories.people.getMany(identity.tenantId, people.map((p) => p.managerId ?? ''));
  return people.map((person) => ({
    ...personView(person, person.managerId ? managers.get(person.managerId) : undefined, true),
    officeLocation: person.officeLocation,
    ...(person.skills?.length && { skills: person.skills }),
    accountEnabled: person.accountEnabled !== false,
    source: person.source,
  }));
}

/** The list's continuation wraps the store's own token, so a forged one is refused before it reaches Cosmos. */
const wrapListToken = (token: string) => Buffer.from(JSON.stringify({ list: token })).toString('base64url');
function unwrapListToken(value: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (typeof parsed?.list === 'string') return parsed.list;
  } catch {
    // falls through to the 400
  }
  throw new DomainError('bad_request', 'continuation: not a token from this list');
}

export function registerPeopleRoutes(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;

  server.get('/api/v1/people', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    const query = parse(PeopleQuerySchema, req.query ?? {});
    const search = query.search?.trim();
    if (search) {
      if (!parseQuery(search)) throw new DomainError('bad_request', 'search: type at least 2 letters');
      const after = query.continuation === undefined ? undefined : decodeCursor(query.continuation);
      if (query.continuation !== undefined && !after) throw new DomainError('bad_request', 'continuation: not a token from this search');
      const page = await repositories.people.search(identity.tenantId, search, query.limit, after);
      // The index holds what pickers show; admins' extra fields cost a point read each (a page at most).
      const people = hasRole(identity, 'admin') ? [...(await repositories.people.getMany(identity.tenantId, page.people.map((p) => p.userId))).values()] : (page.people as Person[]);
      return { people: await views(deps, identity, people), ...(page.continuation && { continuation: page.continuation }) };
    }
    const token = query.continuation === undefined ? undefined : unwrapListToken(query.continuation);
    const page = await repositories.people.listPage(identity.tenantId, query.limit, token).catch((error) => {
      if (token !== undefined) throw new DomainError('bad_request', 'continuation: not a token from this list');
      throw error;
    });
    return { people: await views(deps, identity, page.people), ...(page.continuation && { continuation: wrapListToken(page.continuation) }) };
  }));

  server.put('/api/v1/people/:userId/roles', jsonBody(), handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    const userId = parse(UserIdParam, req.params.userId).toLowerCase();
    const roles = assertCanAssignRoles(identity, userId, parse(RolesBodySchema, req.body).roles);
    const change = await repositories.people.setRoles(identity.tenantId, userId, roles, identity.userId, new Date().toISOString());
    if (!change) throw new DomainError('not_found');
    await audit(deps, req, identity, 'roles.change', { kind: 'person', id: userId }, { roles: change.roles, previousRoles: change.previousRoles });
    logger.info({ tenantId: identity.tenantId, userId, roles, by: identity.userId }, 'roles changed');
    const person = await repositories.people.get(identity.tenantId, userId);
    return { person: (await views(deps, identity, person ? [person] : []))[0], change };
  }));

  server.get('/api/v1/people/:userId/roles/history', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    if (!hasRole(identity, 'admin')) throw new DomainError('forbidden', 'requires the admin role');
    const userId = parse(UserIdParam, req.params.userId).toLowerCase();
    return { changes: await repositories.people.roleChanges(identity.tenantId, userId) };
  }));
}
