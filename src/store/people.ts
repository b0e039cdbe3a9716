import { mapBounded } from '../bounded';
import type { Container } from '@azure/cosmos';
import { randomUUID } from 'crypto';
import type { Role } from '../domain/identity';
import { isActivePerson, Person, PersonSource, Profile } from '../domain/people';
import type { SearchablePerson } from '../domain/people-search';
import { tenantKey } from './containers';
import { readDocument, StoredDocument, updateDocument } from './documents';
import { IndexChange, PeopleSearchIndex, SearchPage } from './people-index';
import { DirectReports, ManagerChange } from './direct-reports';
import { TtlCache } from './ttl-cache';
import { isCosmosError } from './cosmos';

type PersonDocument = StoredDocument & Person & { type: 'person' };

/** One role change, appended and never rewritten: the audit log shows them. */
export interface RoleChange {
  tenantId: string;
  userId: string;
  roles: Role[];
  previousRoles: Role[];
  changedBy: string;
  changedAt: string;
}
type RoleChangeDocument = StoredDocument & RoleChange & { type: 'roleChange' };

/**
 * What to learn about one person. A field present with the value undefined is
 * cleared (Graph sends null for an emptied department); an absent field is kept.
 */
export interface ProfileUpdate {
  userId: string;
  profile: Partial<Profile>;
  source: PersonSource;
  /** Only create: a person seen in an activity never overwrites what the directory said. */
  onlyIfMissing?: boolean;
}

export interface SaveResult {
  created: number;
  updated: number;
  unchanged: number;
}

export interface PeopleListPage {
  people: Person[];
  continuation?: string;
}

const keyOf = (tenantId: string, userId: string) => tenantKey(tenantId, userId);
const PROFILE_FIELDS = ['displayName', 'email', 'department', 'jobTitle', 'officeLocation', 'managerId', 'accountEnabled', 'deleted', 'syncId'] as const;
/** Point reads a save spreads over at once (a sync page holds up to 999 people). */
const READ_CONCURRENCY = 16;

/** The person without Cosmos' and our storage fields. */
function toPerson(document: PersonDocument): Person {
  const { id: _id, pk: _pk, type: _type, _etag, _rid, _self, _ts, _attachments, ...person } = document as PersonDocument & Record<string, unknown>;
  return person as unknown as Person;
}

const searchable = (person: Person | undefined): SearchablePerson | undefined =>
  person && isActivePerson(person) ? { userId: person.userId, displayName: person.displayName, jobTitle: person.jobTitle, department: person.department, skills: person.skills } : undefined;

const managerOf = (person: Person | undefined) => (person && isActivePerson(person) ? person.managerId : undefined);

const sameSearchable = (a?: SearchablePerson, b?: SearchablePerson) =>
  a?.displayName === b?.displayName && a?.jobTitle === b?.jobTitle && a?.department === b?.department && (a?.skills ?? []).join('\n') === (b?.skills ?? []).join('\n');

function merge(tenantId: string, current: PersonDocument | undefined, update: ProfileUpdate, now: string): PersonDocument | undefined {
  if (current && update.onlyIfMissing) return undefined;
  const key = keyOf(tenantId, update.userId);
  const next: PersonDocument = current ? structuredClone(current) : { id: key, pk: key, type: 'person', tenantId, userId: update.userId, displayName: '', roles: [] };
  let changed = !current;
  for (const field of PROFILE_FIELDS) {
    if (!(field in update.profile)) continue;
    const value = update.profile[field];
    if (next[field] === value) continue;
    changed = true;
    if (value === undefined) delete next[field];
    else (next as unknown as Record<string, unknown>)[field] = value;
  }
  if (!changed) return undefined;
  // The directory outranks the seed and what activities said.
  if (!current || update.source === 'graph') next.source = update.source;
  next.updatedAt = now;
  return next;
}


/** Roles and names change rarely; every click reads them. */
export const PEOPLE_CACHE_TTL_MS = 30_000;
const PEOPLE_CACHE_MAX = 20_000;

/**
 * The directory: one document per person (pk tenantId|userId, point reads), their
 * appended role changes in the same partition, and the search index beside them.
 */
export class PeopleRepository {
  private readonly cache = new TtlCache<Person | undefined>(PEOPLE_CACHE_TTL_MS, PEOPLE_CACHE_MAX);
  readonly index: PeopleSearchIndex;
  readonly reports: DirectReports;

  constructor(private readonly container: Container) {
    this.index = new PeopleSearchIndex(container);
    this.reports = new DirectReports(container);
  }

  async get(tenantId: string, userId: string): Promise<Person | undefined> {
    const key = keyOf(tenantId, userId);
    return this.cache.get(key, async () => {
      const document = await readDocument<PersonDocument>(this.container, key, key);
      return document && toPerson(document);
    });
  }

  /** Several people by id, point reads only, each once. */
  async getMany(tenantId: string, userIds: Iterable<string>): Promise<Map<string, Person>> {
    const unique = [...new Set(userIds)].filter(Boolean);
    const found = await mapBounded(unique, READ_CONCURRENCY, (userId) => this.get(tenantId, userId));
    return new Map(found.filter((p): p is Person => p !== undefined).map((p) => [p.userId, p]));
  }

  /** The seed's path: a whole person, roles included. */
  async upsert(person: Person): Promise<void> {
    const { tenantId, userId, roles, locale, source, updatedAt: _updatedAt, ...profile } = person;
    await this.save(tenantId, [{ userId, profile, source: source ?? 'seed' }], new Date().toISOString());
    if (roles.length > 0 || locale) {
      const key = keyOf(tenantId, userId);
      await updateDocument<PersonDocument>(this.container, key, key, (current) => current && { ...current, roles, ...(locale && { locale }) });
    }
    this.cache.delete(keyOf(tenantId, userId));
  }

  /**
   * The one way profiles change (sync pages, people seen in activities, the seed).
   * The index is written first, then the people: if the process dies in between,
   * saving the same updates again finds the index right and finishes the people,
   * so a retried sync page leaves nothing half-applied.
   */
  async save(tenantId: string, updates: readonly ProfileUpdate[], now: string): Promise<SaveResult> {
    const current = await mapBounded(updates, READ_CONCURRENCY, (update) => {
      const key = keyOf(tenantId, update.userId);
      return readDocument<PersonDocument>(this.container, key, key);
    });
    const changes: IndexChange[] = [];
    const managers: ManagerChange[] = [];
    const writes: Array<{ update: ProfileUpdate; known?: PersonDocument; created: boolean }> = [];
    updates.forEach((update, i) => {
      const next = merge(tenantId, current[i], update, now);
      if (!next) return;
      writes.push({ update, known: current[i], created: !current[i] });
      const before = searchable(current[i]);
      const after = searchable(next);
      if (!sameSearchable(before, after)) changes.push({ userId: update.userId, before, after });
      managers.push({ userId: update.userId, before: managerOf(current[i]), after: managerOf(next) });
    });
    await this.index.apply(tenantId, changes);
    await this.reports.apply(tenantId, managers);
    await mapBounded(writes, READ_CONCURRENCY, async ({ update, known }) => {
      const key = keyOf(tenantId, update.userId);
      await updateDocument<PersonDocument>(this.container, key, key, (document) => merge(tenantId, document, update, now), known);
      this.cache.delete(key);
    });
    const created = writes.filter((write) => write.created).length;
    return { created, updated: writes.length - created, unchanged: updates.length - writes.length };
  }

  /**
   * A person's own "ask me about" skills and interests (cleaned by the domain). The
   * index is written first, as in `save`: a retry after a crash finds it right.
   * Undefined when the person is not in the directory.
   */
  async setSkillsAndInterests(tenantId: string, userId: string, skills: string[], interests: string[], now: string): Promise<Person | undefined> {
    const key = keyOf(tenantId, userId);
    const current = await readDocument<PersonDocument>(this.container, key, key);
    if (!current) return undefined;
    const next = { ...current, skills, interests, updatedAt: now };
    const before = searchable(current);
    const after = searchable(next);
    if (!sameSearchable(before, after)) await this.index.apply(tenantId, [{ userId, before, after }]);
    const saved = await updateDocument<PersonDocument>(this.container, key, key, (document) => document && { ...document, skills, interests, updatedAt: now }, current);
    this.cache.delete(key);
    return saved && toPerson(saved);
  }

  /**
   * Erasure (src/domain/erasure.ts): takes the person out of the search index and their
   * manager's list, then deletes every document of their partition (profile, role
   * changes, guideline acceptance). Safe to repeat; returns how many documents went.
   */
  async erase(tenantId: string, userId: string): Promise<number> {
    const key = keyOf(tenantId, userId);
    const person = await readDocument<PersonDocument>(this.container, key, key);
    const indexed = searchable(person);
    if (indexed) await this.index.apply(tenantId, [{ userId, before: indexed, after: undefined }]);
    const manager = managerOf(person);
    if (manager) await this.reports.apply(tenantId, [{ userId, before: manager, after: undefined }]);
    await this.forgetManager(tenantId, userId);
    const { resources } = await this.container.items
      .query<{ id: string }>({ query: 'SELECT c.id FROM c WHERE c.pk = @pk', parameters: [{ name: '@pk', value: key }] })
      .fetchAll();
    for (const { id } of resources) {
      await this.container.item(id, key).delete().catch((error) => {
        if (!isCosmosError(error, 404)) throw error;
      });
    }
    this.cache.delete(key);
    return resources.length;
  }

  /** Their reports no longer name them as manager (a later directory sync sets whoever Graph says), and their list of reports goes. */
  private async forgetManager(tenantId: string, managerId: string): Promise<void> {
    const reports = await this.reports.of(tenantId, managerId);
    await this.reports.apply(tenantId, reports.map((userId) => ({ userId, before: managerId, after: undefined })));
    for (const userId of reports) {
      const key = keyOf(tenantId, userId);
      await updateDocument<PersonDocument>(this.container, key, key, (current) => {
        if (!current || current.managerId !== managerId) return undefined;
        const { managerId: _theirs, ...rest } = current;
        return rest as PersonDocument;
      });
      this.cache.delete(key);
    }
    await this.reports.forget(tenantId, managerId);
  }

  /** Assigns a person's roles and appends who changed them and when. */
  async setRoles(tenantId: string, userId: string, roles: Role[], changedBy: string, changedAt: string): Promise<RoleChange | undefined> {
    const key = keyOf(tenantId, userId);
    let previousRoles: Role[] = [];
    const saved = await updateDocument<PersonDocument>(this.container, key, key, (current) => {
      if (!current) return undefined;
      previousRoles = current.roles;
      return { ...current, roles, updatedAt: changedAt };
    });
    if (!saved) return undefined;
    this.cache.delete(key);
    const change: RoleChange = { tenantId, userId, roles, previousRoles, changedBy, changedAt };
    await this.container.items.create<RoleChangeDocument>({ ...change, id: tenantKey(tenantId, userId, 'roleChange', changedAt, randomUUID()), pk: key, type: 'roleChange' });
    return change;
  }

  /** A person's role history, newest first: one partition, a rare (admin) path. */
  async roleChanges(tenantId: string, userId: string): Promise<RoleChange[]> {
    const { resources } = await this.container.items
      .query<RoleChangeDocument>({ query: 'SELECT * FROM c WHERE c.pk = @pk AND c.type = "roleChange"', parameters: [{ name: '@pk', value: keyOf(tenantId, userId) }] })
      .fetchAll();
    return resources
      .map(({ tenantId: t, userId: u, roles, previousRoles, changedBy, changedAt }) => ({ tenantId: t, userId: u, roles, previousRoles, changedBy, changedAt }))
      .sort((a, b) => b.changedAt.localeCompare(a.changedAt));
  }

  /** Type-ahead over the search index: a few point reads, never a directory scan. */
  search(tenantId: string, query: string, limit: number, after?: SearchablePerson): Promise<SearchPage> {
    return this.index.search(tenantId, query, limit, after);
  }

  /**
   * One page of a tenant's active people for the Admin page: a query filtered in the
   * store and paged by its continuation token (an admin path; never the whole directory at once).
   */
  async listPage(tenantId: string, limit: number, continuation?: string): Promise<PeopleListPage> {
    const iterator = this.container.items.query<PersonDocument>(
      {
        query: 'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = "person" AND (NOT IS_DEFINED(c.deleted) OR c.deleted = false)',
        parameters: [{ name: '@tenantId', value: tenantId }],
      },
      { maxItemCount: limit, continuationToken: continuation },
    );
    const { resources, continuationToken } = await iterator.fetchNext();
    return { people: resources.map(toPerson), ...(continuationToken && { continuation: continuationToken }) };
  }

  /**
   * Every active person's id: who "everyone" is. A query, read a thousand at a time:
   * it runs once per announcement to everyone and per audience count, never per click.
   */
  async activeIds(tenantId: string): Promise<string[]> {
    const { resources } = await this.container.items
      .query<{ userId: string }>(
        {
          query: 'SELECT c.userId FROM c WHERE c.tenantId = @tenantId AND c.type = "person" AND (NOT IS_DEFINED(c.deleted) OR c.deleted = false) AND (NOT IS_DEFINED(c.accountEnabled) OR c.accountEnabled = true)',
          parameters: [{ name: '@tenantId', value: tenantId }],
        },
        { maxItemCount: 1000 },
      )
      .fetchAll();
    return resources.map((r) => r.userId).sort();
  }

  /** People the directory gave us that a full sync did not see (deleted while no delta link was kept): its end-of-sync sweep. */
  async notSeenInSync(tenantId: string, syncId: string): Promise<string[]> {
    const { resources } = await this.container.items
      .query<{ userId: string }>({
        query: 'SELECT c.userId FROM c WHERE c.tenantId = @tenantId AND c.type = "person" AND c.source = "graph" AND (NOT IS_DEFINED(c.syncId) OR c.syncId != @syncId) AND (NOT IS_DEFINED(c.deleted) OR c.deleted = false)',
        parameters: [{ name: '@tenantId', value: tenantId }, { name: '@syncId', value: syncId }],
      })
      .fetchAll();
    return resources.map((r) => r.userId);
  }

  /** Active people holding any of `roles` (the approvers a submission tells): a query, once per submission. */
  async withAnyRole(tenantId: string, roles: readonly Role[]): Promise<Person[]> {
    const any = roles.map((_, i) => `ARRAY_CONTAINS(c.roles, @role${i})`).join(' OR ');
    const { resources } = await this.container.items
      .query<PersonDocument>({
        query: `SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = "person" AND (NOT IS_DEFINED(c.deleted) OR c.deleted = false) AND (${any})`,
        parameters: [{ name: '@tenantId', value: tenantId }, ...roles.map((role, i) => ({ name: `@role${i}`, value: role }))],
      })
      .fetchAll();
    return resources.map(toPerson);
  }

  /** Every person of a tenant, for rare whole-directory work (the dev identity list, a full resync's sweep). */
  async list(tenantId: string): Promise<Person[]> {
    const { resources } = await this.container.items
      .query<PersonDocument>({
        query: 'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = "person"',
        parameters: [{ name: '@tenantId', value: tenantId }],
      })
      .fetchAll();
    return resources.map(toPerson).sort((a, b) => a.displayName.localeCompare(b.displayName));
  }
}
