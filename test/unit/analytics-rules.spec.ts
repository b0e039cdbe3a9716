import { strict as assert } from 'assert';
import { analyticsFigures, assertMayViewAnalytics, DayCounters, emptyCounts, periodDays, personEntry, viewableScopes } from '../../src/domain/analytics';
import type { Community } from '../../src/domain/communities';
import { DomainError } from '../../src/domain/errors';

const day = (name: string, people: string[], posts: Record<string, number> = {}): DayCounters => ({ day: name, counts: emptyCounts(), people, posts, announcements: {} });
const code = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'other';
  }
  return 'none';
};

describe('analytics rules', () => {
  it('folds departments as the announcement report does: under 5 people into "Other", by the department of their first day', () => {
    const people = (department: string, n: number, from = 0) => Array.from({ length: n }, (_, i) => personEntry(`${department}-${from + i}`, department, false));
    const figures = analyticsFigures('2026-01-01', '2026-01-02', [day('2026-01-01', [...people('Sales', 6), ...people('Legal', 4), ...people('HR', 1)]), day('2026-01-02', [personEntry('Sales-0', 'Legal', false), ...people('Design', 5)])]);
    assert.deepEqual(figures.departments, [{ department: 'Sales', people: 6 }, { department: 'Design', people: 5 }, { department: 'Other', people: 5 }]);
  });

  it('counts a person active on several days once, with the department of their first day in the period, and new only if their first contribution falls in it', () => {
    const figures = analyticsFigures('2026-01-01', '2026-01-02', [
      day('2026-01-01', [personEntry('a', 'Sales', false), personEntry('b', undefined, true)], { 'p1|r': 2, 'p1|c': 1 }),
      day('2026-01-02', [personEntry('a', 'Legal', false), personEntry('c', 'Sales', true)], { 'p2|r': 5, 'p1|r': -1 }),
    ]);
    assert.equal(figures.totals.activePeople, 3);
    assert.deepEqual(figures.daily.map((d) => d.activePeople), [2, 2]);
    assert.deepEqual(figures.contributors, { new: 2, returning: 1 });
    assert.deepEqual(figures.departments, [{ department: 'Other', people: 3 }]);
    assert.deepEqual(figures.topPosts, [{ postId: 'p2', reactions: 5, comments: 0 }, { postId: 'p1', reactions: 1, comments: 1 }]);
  });

  it('accepts a period of up to 366 days, both ends included, and refuses an inverted or longer one', () => {
    assert.deepEqual(periodDays('2026-02-27', '2026-03-01'), ['2026-02-27', '2026-02-28', '2026-03-01']);
    assert.equal(periodDays('2025-01-01', '2026-01-01').length, 366);
    assert.equal(code(() => periodDays('2025-01-01', '2026-01-02')), 'bad_request');
    assert.equal(code(() => periodDays('2026-03-02', '2026-03-01')), 'bad_request');
  });

  it('lets authors and admins view the tenant, owners their community, admins a community they may know of', () => {
    const tenant = { kind: 'tenant' } as const;
    assert.equal(code(() => assertMayViewAnalytics({ tenantId: 't', userId: 'u', roles: ['author'] }, tenant)), 'none');
    assert.equal(code(() => assertMayViewAnalytics({ tenantId: 't', userId: 'u', roles: ['moderator'] }, tenant)), 'forbidden');
    const open = { tenantId: 't', communityId: 'c', privacy: 'open' } as Community;
    const scope = { kind: 'community', communityId: 'c' } as const;
    const owner = { communityId: 'c', userId: 'u', role: 'owner', status: 'member' } as never;
    const member = { communityId: 'c', userId: 'u', role: 'member', status: 'member' } as never;
    assert.equal(code(() => assertMayViewAnalytics({ tenantId: 't', userId: 'u', roles: [] }, scope, open, owner)), 'none');
    assert.equal(code(() => assertMayViewAnalytics({ tenantId: 't', userId: 'u', roles: ['author'] }, scope, open, member)), 'forbidden');
    assert.equal(code(() => assertMayViewAnalytics({ tenantId: 't', userId: 'u', roles: ['admin'] }, scope, open)), 'none');
    assert.equal(code(() => assertMayViewAnalytics({ tenantId: 't', userId: 'u', roles: ['admin'] }, scope, { ...open, privacy: 'secret' } as Community)), 'forbidden');
    assert.equal(code(() => assertMayViewAnalytics({ tenantId: 'other', userId: 'u', roles: ['admin'] }, scope, open)), 'forbidden');
    assert.equal(code(() => assertMayViewAnalytics({ tenantId: 't', userId: 'u', roles: ['admin'] }, scope, undefined)), 'forbidden');
    assert.deepEqual(viewableScopes({ tenantId: 't', userId: 'u', roles: [] }, [{ communityId: 'c', role: 'owner', status: 'member' }, { communityId: 'd', role: 'owner', status: 'pending' as never }, { communityId: 'e', role: 'member', status: 'member' }]), { tenant: false, communityIds: ['c'] });
  });
});
