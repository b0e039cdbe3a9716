import { strict as assert } from 'assert';
import { emptyCounts, personEntry } from '../../src/domain/analytics';
import { periodClosed, WEEK_SUMMARY_MAX_CHARS, weekDays, weekDocument, weekOf } from '../../src/store/activity-weeks';

describe('analytics week summaries: weeks and their documents', () => {
  it('puts a day in the UTC week that starts on its Monday', () => {
    assert.equal(weekOf('2026-11-30'), '2026-11-30'); // a Monday
    assert.equal(weekOf('2026-12-06'), '2026-11-30'); // its Sunday
    assert.equal(weekOf('2026-12-07'), '2026-12-07');
    assert.equal(weekOf('2027-01-01'), '2026-12-28'); // across a year's end
    assert.deepEqual(weekDays('2026-12-28'), ['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03']);
  });

  it('calls a week closed only once its grace after Sunday has passed', () => {
    const end = Date.parse('2026-12-07T00:00:00Z');
    const hour = 3_600_000;
    assert.equal(periodClosed('2026-11-30', 7, hour, end + hour - 1), false);
    assert.equal(periodClosed('2026-11-30', 7, hour, end + hour), true);
  });

  it('stores a week too large for one Cosmos item without its days, so they are read one by one', () => {
    const day = (d: string, people: number) => ({ day: d, counts: emptyCounts(), people: Array.from({ length: people }, (_, i) => personEntry(`person-${i}`.padEnd(36, '0'), 'Engineering', false)), posts: {}, announcements: {} });
    const small = weekDocument('t', 'tenant', '2026-11-30', weekDays('2026-11-30').map((d) => day(d, 10)));
    assert.equal(small.days?.length, 7);
    const perDay = Math.ceil(WEEK_SUMMARY_MAX_CHARS / 7 / 40);
    const large = weekDocument('t', 'tenant', '2026-11-30', weekDays('2026-11-30').map((d) => day(d, perDay)));
    assert.equal(large.days, null);
    assert.equal(large.id, small.id);
  });
});
