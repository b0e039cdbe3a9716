import { strict as assert } from 'assert';
import { addDays, byDay, dayKey, daysOfWeek, startOfWeek } from '../../src/tab/text/week';

describe('Studio calendar weeks', () => {
  it('starts a week on Monday at local midnight, whatever the day and time', () => {
    for (const day of [3, 4, 5, 6, 7, 8, 9]) {
      const start = startOfWeek(new Date(2031, 2, day, 23, 59));
      assert.equal(dayKey(start), '2031-03-03', `March ${day}`);
      assert.deepEqual([start.getHours(), start.getMinutes()], [0, 0]);
    }
    assert.equal(dayKey(startOfWeek(new Date(2031, 2, 9, 12))), '2031-03-03', 'Sunday belongs to the week before it');
    assert.equal(dayKey(startOfWeek(new Date(2031, 2, 10, 0, 0))), '2031-03-10');
  });

  it('lists seven days Monday to Sunday, across a month end', () => {
    assert.deepEqual(daysOfWeek(startOfWeek(new Date(2031, 2, 31))).map(dayKey), ['2031-03-31', '2031-04-01', '2031-04-02', '2031-04-03', '2031-04-04', '2031-04-05', '2031-04-06']);
    assert.equal(dayKey(addDays(new Date(2031, 11, 29), 7)), '2032-01-05');
  });

  it('groups posts by their local day, in time order', () => {
    const at = (d: number, h: number) => new Date(2031, 2, d, h).toISOString();
    const posts = [{ t: at(5, 15) }, { t: at(3, 9) }, { t: at(5, 8) }];
    const days = byDay(posts, (p) => p.t);
    assert.deepEqual([...days.keys()], ['2031-03-03', '2031-03-05']);
    assert.deepEqual(days.get('2031-03-05')!.map((p) => p.t), [at(5, 8), at(5, 15)]);
  });
});
