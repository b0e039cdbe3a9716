import { strict as assert } from 'assert';
import { mapBounded } from '../../src/bounded';
import { inThread, threadOf } from '../../src/domain/conversations';

describe('shared helpers', () => {
  describe('mapBounded (every bounded fan-out: audience lookups, delivery recovery, reach, people, rosters)', () => {
    it('returns results in the items’ order and never runs more than the limit at once', async () => {
      let running = 0;
      let most = 0;
      const items = Array.from({ length: 40 }, (_, i) => i);
      const results = await mapBounded(items, 4, async (item, index) => {
        running++;
        most = Math.max(most, running);
        // Later items finish first: order must come from the index, not completion.
        await new Promise((resolve) => setImmediate(resolve));
        if (item % 3 === 0) await new Promise((resolve) => setImmediate(resolve));
        running--;
        return `${item}:${index}`;
      });
      assert.deepEqual(results, items.map((i) => `${i}:${i}`));
      assert.equal(most, 4);
    });

    it('handles no items and a limit above the item count', async () => {
      assert.deepEqual(await mapBounded([], 8, async () => 1), []);
      assert.deepEqual(await mapBounded([1, 2], 8, async (n) => n * 2), [2, 4]);
    });

    it('rejects with the first failure', async () => {
      await assert.rejects(mapBounded([1, 2, 3], 2, async (n) => { if (n === 2) throw new Error('boom'); return n; }), /boom/);
    });
  });

  describe('channel threads (the one place that knows ";messageid=")', () => {
    it('writes a thread id that threadOf reads back', () => {
      const id = inThread('19:general@thread.tacv2', 'act-7');
      assert.equal(id, '19:general@thread.tacv2;messageid=act-7');
      assert.deepEqual(threadOf(id), { conversationId: '19:general@thread.tacv2', rootId: 'act-7' });
    });

    it('names the channel itself without a root, and never nests threads', () => {
      assert.equal(inThread('19:general@thread.tacv2', undefined), '19:general@thread.tacv2');
      assert.equal(inThread('19:general@thread.tacv2;messageid=1', '2'), '19:general@thread.tacv2;messageid=2');
      assert.deepEqual(threadOf('a:personal-chat'), { conversationId: 'a:personal-chat' });
    });
  });
});
