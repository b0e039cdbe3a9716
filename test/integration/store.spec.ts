import { strict as assert } from 'assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { Store } from '../../src/store/cosmos';
import { readDocument, StoredDocument, updateDocument } from '../../src/store/documents';
import { restoreSnapshot, saveSnapshot } from '../../src/store/snapshot';
import { openTestStore } from '../support/store';

interface Counter extends StoredDocument {
  value: number;
}

describe('store', () => {
  let store: Store;
  before(async () => {
    store = await openTestStore();
  });
  after(async () => {
    await store.close();
  });

  it('creates every declared container on the embedded server', async () => {
    const { resources } = await store.database.containers.readAll().fetchAll();
    assert.deepEqual(resources.map((c) => c.id).sort(), Object.keys(store.containers).sort());
    const posts = resources.find((c) => c.id === 'posts');
    assert.deepEqual(posts?.partitionKey?.paths, ['/pk']);
  });

  it('counts exactly under 16 concurrent read-modify-writes of one document', async () => {
    const container = store.containers.tenants;
    const id = 't1|counter';
    await Promise.all(
      Array.from({ length: 16 }, () =>
        updateDocument<Counter>(container, id, 't1', (current) =>
          current ? { ...current, value: current.value + 1 } : { id, pk: 't1', tenantId: 't1', type: 'counter', value: 1 },
        ),
      ),
    );
    const stored = await readDocument<Counter>(container, id, 't1');
    assert.equal(stored?.value, 16);
  });

  it('leaves the document alone when the change returns undefined', async () => {
    const container = store.containers.tenants;
    const before = await readDocument<Counter>(container, 't1|counter', 't1');
    const result = await updateDocument<Counter>(container, 't1|counter', 't1', () => undefined);
    assert.equal(result?._etag, before?._etag);
  });

  it('survives a restart through the snapshot', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'commons-snapshot-'));
    try {
      await store.containers.posts.items.create({ id: 't1|p1', pk: 't1|p1', tenantId: 't1', type: 'post', title: 'Kept' });
      const saved = await saveSnapshot(store, dataDir);
      assert.ok(saved >= 2);

      const restarted = await openTestStore();
      try {
        assert.equal(await readDocument(restarted.containers.posts, 't1|p1', 't1|p1'), undefined, 'a new server starts empty');
        const restored = await restoreSnapshot(restarted, dataDir);
        assert.equal(restored, saved);
        const post = await readDocument<StoredDocument & { title: string }>(restarted.containers.posts, 't1|p1', 't1|p1');
        assert.equal(post?.title, 'Kept');
      } finally {
        await restarted.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('moves an unreadable snapshot aside and starts fresh instead of failing', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'commons-corrupt-'));
    try {
      writeFileSync(path.join(dataDir, 'snapshot.json'), '{"version":1,"contai');
      let movedTo = '';
      assert.equal(await restoreSnapshot(store, dataDir, (to) => (movedTo = to)), 0);
      assert.match(movedTo, /snapshot\.json\.unreadable-/);
      assert.ok(existsSync(movedTo));
      assert.ok(!existsSync(path.join(dataDir, 'snapshot.json')));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('serialises concurrent saves so the file is always whole', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'commons-concurrent-'));
    try {
      const counts = await Promise.all([saveSnapshot(store, dataDir), saveSnapshot(store, dataDir), saveSnapshot(store, dataDir)]);
      assert.equal(new Set(counts).size, 1);
      assert.doesNotThrow(() => JSON.parse(readFileSync(path.join(dataDir, 'snapshot.json'), 'utf8')));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('restores nothing when there is no snapshot yet', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'commons-empty-'));
    try {
      assert.equal(await restoreSnapshot(store, dataDir), 0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
