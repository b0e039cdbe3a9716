import { strict as assert } from 'assert';
import { Comment } from '../../src/domain/comments';
import { Store } from '../../src/store/cosmos';
import { COMMENTS_PER_PAGE, EngagementRepository } from '../../src/store/engagement';
import { openTestStore } from '../support/store';

describe('comment threads in the store', () => {
  let store: Store;
  let engagement: EngagementRepository;
  before(async () => {
    store = await openTestStore();
    engagement = new EngagementRepository(store.containers.engagement);
  });
  after(() => store.close());

  const comment = (n: number): Comment => ({ commentId: `c${n}`, postId: 'p1', authorId: `u${n}`, authorName: `User ${n}`, text: `comment ${n}`, createdAt: new Date(Date.UTC(2026, 10, 26, 10, 0, n)).toISOString(), source: 'dialog' });

  it('keeps every one of 120 concurrent comments, numbered once each, across pages', async () => {
    const sequences = await Promise.all(Array.from({ length: 120 }, (_, i) => engagement.addComment('t1', comment(i))));
    assert.deepEqual([...sequences].sort((a, b) => a - b), Array.from({ length: 120 }, (_, i) => i + 1));
    const { total, comments } = await engagement.latestComments('t1', 'p1', 500);
    assert.equal(total, 120);
    // The latest view reads the last two pages: 120 = 2 full pages + 20.
    assert.equal(comments.length, COMMENTS_PER_PAGE + 20);
    assert.equal(new Set(comments.map((c) => c.commentId)).size, comments.length);
  });
});
