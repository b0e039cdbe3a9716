import type { Container } from '@azure/cosmos';
import type { Person } from '../domain/people';
import { tenantKey } from './containers';
import { readDocument, StoredDocument } from './documents';
import { TtlCache } from './ttl-cache';

type PersonDocument = StoredDocument & Person & { type: 'person' };

const keyOf = (tenantId: string, userId: string) => tenantKey(tenantId, userId);

function toPerson({ id: _id, pk: _pk, type: _type, _etag, ...person }: PersonDocument): Person {
  return person;
}

/** Roles and names change rarely; every click reads them. */
export const PEOPLE_CACHE_TTL_MS = 30_000;
const PEOPLE_CACHE_MAX = 20_000;

export class PeopleRepository {
  private readonly cache = new TtlCache<Person | undefined>(PEOPLE_CACHE_TTL_MS, PEOPLE_CACHE_MAX);

  constructor(private readonly container: Container) {}

  async get(tenantId: string, userId: string): Promise<Person | undefined> {
    const key = keyOf(tenantId, userId);
    return this.cache.get(key, async () => {
      const document = await readDocument<PersonDocument>(this.container, key, key);
      return document && toPerson(document);
    });
  }

  async upsert(person: Person): Promise<void> {
    const key = keyOf(person.tenantId, person.userId);
    await this.container.items.upsert<PersonDocument>({ ...person, id: key, pk: key, type: 'person' });
    this.cache.delete(key);
  }

  /** The whole directory of one tenant: an admin path, so a query is acceptable here. */
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
