import { strict as assert } from 'assert';
import { readdirSync, readFileSync } from 'fs';
import path from 'path';
import { executeBulk, readMany } from '../../src/store/bulk';
import { Store } from '../../src/store/cosmos';
import { openTestStore } from '../support/store';

describe('bulk operations', () => {
  let store: Store;
  before(async () => {
    store = await openTestStore();
  });
  after(async () => {
    await store.close();
  });

  const doc = (id: string) => ({ id, pk: id, tenantId: 't-bulk', type: 'probe', value: id });

  it('reports each write in input order, a conflict as its status rather than a throw', async () => {
    const container = store.containers.tenants;
    await container.items.create(doc('t-bulk|taken'));
    const outcomes = await executeBulk(
      container,
      ['t-bulk|a', 't-bulk|taken', 't-bulk|b'].map((id) => ({ operationType: 'Create' as const, partitionKey: id, resourceBody: doc(id) })),
    );
    assert.deepEqual(outcomes.map((outcome) => outcome.statusCode), [201, 409, 201]);
    assert.equal(outcomes[0].resourceBody?.id, 't-bulk|a');
    assert.ok(outcomes[0].eTag, 'a created document comes with its _etag');
    const { resource } = await container.item('t-bulk|b', 't-bulk|b').read();
    assert.equal(resource?.value, 't-bulk|b');
    assert.deepEqual(await executeBulk(container, []), []);
  });

  it('reads many documents (more than one bounded round of point reads), missing ones as undefined, in order', async () => {
    const container = store.containers.tenants;
    const ids = Array.from({ length: 130 }, (_, i) => `t-bulk|r${i}`);
    const outcomes = await executeBulk(
      container,
      ids.filter((_, i) => i % 3 !== 0).map((id) => ({ operationType: 'Upsert' as const, partitionKey: id, resourceBody: doc(id) })),
    );
    assert.ok(outcomes.every((outcome) => outcome.statusCode === 200 || outcome.statusCode === 201));
    const found = await readMany(container, ids);
    assert.equal(found.length, ids.length);
    found.forEach((document, i) => assert.equal(document?.id, i % 3 === 0 ? undefined : ids[i], `position ${i}`));
  });

  it('uses no deprecated Cosmos API anywhere in src (items.bulk, the old change feed reads)', () => {
    const root = path.join(__dirname, '..', '..', 'src');
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts'));
    assert.ok(files.length > 50, 'the sources were found');
    const offenders = files.filter((file) => /\.items\.(bulk|readChangeFeed|changeFeed)\(/.test(readFileSync(path.join(root, file), 'utf8')));
    assert.deepEqual(offenders, []);
  });
});
