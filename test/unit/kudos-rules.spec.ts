import { strict as assert } from 'assert';
import { kudosCard } from '../../src/cards/kudos';
import { postCard } from '../../src/cards/post';
import { badgeAtStart, DEFAULT_BADGES, validateBadges } from '../../src/domain/badges';
import { DomainError } from '../../src/domain/errors';
import type { Identity } from '../../src/domain/identity';
import { DEFAULT_KUDOS_SETTINGS, joinedKudos, KUDOS_MESSAGE_MAX, KudosPost, maySendKudos, validateKudosDraft, validateKudosSettings } from '../../src/domain/kudos';
import { kudosJoinNoticeTargets, kudosNoticeTargets, noticeEntryKey } from '../../src/domain/kudos-notices';
import { isoWeek, periodKey, periodsOf } from '../../src/domain/kudos-periods';
import { composePost } from '../../src/domain/posts';
import type { Person } from '../../src/domain/people';
import { assertValidCard, requireSchemas } from '../support/schemas';

const sender: Identity = { tenantId: 't', userId: 'sender', roles: [] };
const directory: Record<string, Person> = {
  megan: { tenantId: 't', userId: 'megan', displayName: 'Megan Bowen', department: 'Marketing', managerId: 'joni', roles: [] },
  lee: { tenantId: 't', userId: 'lee', displayName: 'Lee Gu', roles: [] },
  gone: { tenantId: 't', userId: 'gone', displayName: 'Gone', deleted: true, roles: [] },
};
const lookup = async (id: string) => directory[id];
const draft = (overrides: Partial<{ recipients: string[]; badge: string; message: string }> = {}) => ({ recipients: ['megan'], badge: 'team-player', message: 'Thanks for the launch!', ...overrides });

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    return error.messageKey;
  }
  assert.fail('expected a refusal');
}

function sampleKudos(overrides: Partial<KudosPost['kudos']> = {}): KudosPost {
  const post = composePost({ kind: 'kudos', body: 'You saved the **launch**', audience: {}, visibility: { kind: 'tenant' } }, { ...sender, displayName: 'Alex Wilber' }, 'k1', new Date('2026-12-02T10:00:00.123Z'));
  return { ...post, kind: 'kudos', kudos: { badge: DEFAULT_BADGES[0], recipients: [{ userId: 'megan', displayName: 'Megan Bowen' }], joiners: [], private: false, ...overrides } };
}

describe('kudos rules', () => {
  describe('who may send', () => {
    const managersOnly = { sendPolicy: 'managers' as const };
    it('lets managers (role or direct reports) and admins send by default, nobody else', () => {
      assert.equal(maySendKudos(sender, { hasDirectReports: false }, managersOnly), false);
      assert.equal(maySendKudos(sender, { hasDirectReports: true }, managersOnly), true);
      assert.equal(maySendKudos({ ...sender, roles: ['manager'] }, { hasDirectReports: false }, managersOnly), true);
      assert.equal(maySendKudos({ ...sender, roles: ['admin'] }, { hasDirectReports: false }, managersOnly), true);
      assert.equal(maySendKudos({ ...sender, roles: ['author', 'moderator'] }, { hasDirectReports: false }, managersOnly), false);
    });
    it('lets everyone send when the tenant says so', () => {
      assert.equal(maySendKudos(sender, { hasDirectReports: false }, { sendPolicy: 'everyone' }), true);
    });
  });

  describe('a draft', () => {
    const settings = DEFAULT_KUDOS_SETTINGS;
    it('accepts recipients from the directory, a badge by id or name, and a trimmed message', async () => {
      const checked = await validateKudosDraft(draft({ recipients: ['MEGAN', 'megan', 'lee'], badge: 'Customer hero', message: '  Great work \r\n' }), sender, settings, lookup);
      assert.deepEqual(checked.recipients.map((r) => r.userId), ['megan', 'lee']);
      assert.equal(checked.recipients[0].department, 'Marketing');
      assert.equal(checked.badge.id, 'customer-hero');
      assert.equal(checked.message, 'Great work');
    });
    it('refuses no recipients, yourself (alone or among others), unknown or departed people', async () => {
      assert.equal(await refusal(validateKudosDraft(draft({ recipients: [] }), sender, settings, lookup)), 'error.kudos.noRecipients');
      assert.equal(await refusal(validateKudosDraft(draft({ recipients: ['SENDER'] }), sender, settings, lookup)), 'error.kudos.self');
      assert.equal(await refusal(validateKudosDraft(draft({ recipients: ['megan', 'sender'] }), sender, settings, lookup)), 'error.kudos.self');
      assert.equal(await refusal(validateKudosDraft(draft({ recipients: ['nobody'] }), sender, settings, lookup)), 'error.kudos.unknownRecipient');
      assert.equal(await refusal(validateKudosDraft(draft({ recipients: ['gone'] }), sender, settings, lookup)), 'error.kudos.unknownRecipient');
    });
    it('refuses an unknown badge, an empty message and one over the limit', async () => {
      assert.equal(await refusal(validateKudosDraft(draft({ badge: 'rockstar' }), sender, settings, lookup)), 'error.kudos.unknownBadge');
      assert.equal(await refusal(validateKudosDraft(draft({ message: '   ' }), sender, settings, lookup)), 'error.kudos.emptyMessage');
      assert.equal(await refusal(validateKudosDraft(draft({ message: 'x'.repeat(KUDOS_MESSAGE_MAX + 1) }), sender, settings, lookup)), 'error.kudos.tooLong');
      await validateKudosDraft(draft({ message: 'x'.repeat(KUDOS_MESSAGE_MAX) }), sender, settings, lookup);
    });
  });

  describe('badges and settings', () => {
    it('ships the five default badges', () => {
      assert.deepEqual(DEFAULT_BADGES.map((b) => b.name), ['Team player', 'Customer hero', 'Innovator', 'Above and beyond', 'Mentor']);
      assert.deepEqual(validateBadges(DEFAULT_BADGES), DEFAULT_BADGES);
    });
    it('refuses duplicate, nameless, wordy-emoji and off-palette badges', () => {
      const base = { id: 'a', name: 'A', emoji: '⭐', colour: 'blue' as const };
      assert.throws(() => validateBadges([]), DomainError);
      assert.throws(() => validateBadges([base, { ...base, name: 'B' }]), DomainError);
      assert.throws(() => validateBadges([{ ...base, name: ' ' }]), DomainError);
      assert.throws(() => validateBadges([{ ...base, emoji: 'star' }]), DomainError);
      assert.throws(() => validateBadges([{ ...base, colour: 'beige' as never }]), DomainError);
    });
    it('checks the allowance and policy', () => {
      assert.throws(() => validateKudosSettings({ ...DEFAULT_KUDOS_SETTINGS, weeklyAllowance: 0 }), DomainError);
      assert.throws(() => validateKudosSettings({ ...DEFAULT_KUDOS_SETTINGS, sendPolicy: 'anyone' as never }), DomainError);
      assert.equal(validateKudosSettings({ ...DEFAULT_KUDOS_SETTINGS, weeklyAllowance: null }).weeklyAllowance, null);
    });
    it('finds the badge a command starts with, longest name first', () => {
      const badges = [...DEFAULT_BADGES, { id: 'above', name: 'Above', emoji: '⬆️', colour: 'teal' as const }];
      assert.deepEqual(badgeAtStart(badges, 'above and beyond: you did it'), { badge: DEFAULT_BADGES[3], rest: 'you did it' });
      assert.equal(badgeAtStart(badges, 'Above all, thanks')?.badge.id, 'above');
      assert.equal(badgeAtStart(badges, 'team-player thanks')?.badge.id, 'team-player');
      assert.equal(badgeAtStart(badges, 'Teamwork rocks'), undefined);
    });
  });

  describe('periods', () => {
    it('uses ISO weeks, months and quarters in UTC', () => {
      assert.equal(isoWeek(new Date('2026-12-02T10:00:00Z')), '2026-W49');
      assert.equal(isoWeek(new Date('2027-01-01T00:00:00Z')), '2026-W53'); // a Friday: the week of Thursday 31 December
      assert.equal(isoWeek(new Date('2024-12-30T00:00:00Z')), '2025-W01');
      assert.equal(periodKey('month', new Date('2026-12-31T23:59:59Z')), '2026-12');
      assert.equal(periodKey('quarter', new Date('2026-04-01T00:00:00Z')), '2026-Q2');
      assert.deepEqual(periodsOf(new Date('2026-12-02T10:00:00Z')).map((p) => p.key), ['2026-W49', '2026-12', '2026-Q4']);
    });
  });

  describe('joining', () => {
    it('counts each joiner once and refuses the sender and the recipients', () => {
      const post = sampleKudos();
      const joined = joinedKudos(post, { userId: 'Lee', displayName: 'Lee Gu' });
      assert.deepEqual(joined?.joiners.map((j) => j.userId), ['lee']);
      assert.equal(joinedKudos({ ...post, kudos: joined! }, { userId: 'lee', displayName: 'Lee Gu' }), undefined);
      assert.throws(() => joinedKudos(post, { userId: 'sender', displayName: 'Alex' }), DomainError);
      assert.throws(() => joinedKudos(post, { userId: 'megan', displayName: 'Megan' }), DomainError);
    });

    it('tells the recipients (not their managers) who joined, one line a joiner, apart from the kudos\' own line', () => {
      const post = sampleKudos({ recipients: [{ userId: 'megan', displayName: 'Megan Bowen', managerId: 'joni' }, { userId: 'lee', displayName: 'Lee Gu' }] });
      const targets = kudosJoinNoticeTargets(post, { userId: 'Patti', displayName: 'Patti Fernandez' }, '2026-12-02T11:00:00.000Z');
      assert.deepEqual(targets.map((t) => t.userId), ['megan', 'lee']);
      assert.deepEqual(targets[0].entry, { postId: 'k1', senderName: 'Patti Fernandez', badge: { name: DEFAULT_BADGES[0].name, emoji: DEFAULT_BADGES[0].emoji }, message: post.body, joinedBy: { userId: 'patti' }, at: '2026-12-02T11:00:00.000Z' });
      const [kudosLine] = kudosNoticeTargets(post, { notifyManagers: true });
      // The kudos' own key is what it was before joins were told (stored lists keep it).
      assert.equal(noticeEntryKey(kudosLine.entry), 'k1|');
      assert.equal(noticeEntryKey(targets[0].entry), 'k1||join:patti');
      assert.notEqual(noticeEntryKey(kudosJoinNoticeTargets(post, { userId: 'ian', displayName: 'Ian' }, '2026-12-02T11:00:00.000Z')[0].entry), noticeEntryKey(targets[0].entry));
    });
  });

  describe('the kudos card', () => {
    it('shows the badge band, emoji and name, recipients, message, sender, time, reactions, comments and "Add your kudos"', function () {
      const post = { ...sampleKudos({ joiners: [{ userId: 'lee', displayName: 'Lee Gu' }] }), reactionCounts: { like: 2 }, reactionCount: 2, commentCount: 1, latestComments: [{ authorName: 'Lee Gu', text: 'Well deserved', createdAt: '2026-12-02T10:01:00Z' }] };
      const card = postCard(post);
      const text = JSON.stringify(card);
      assert.deepEqual(card, kudosCard(post));
      assert.match(text, /data:image\/png;base64/);
      for (const expected of ['🤝', 'Team player', 'To Megan Bowen', 'You saved the **launch**', 'From Alex Wilber', '{{DATE(2026-12-02T10:00:00Z, SHORT)}}', 'Lee Gu added their kudos', '👍 2', 'Well deserved', 'Add your kudos', 'kudos.join', 'post.comments']) {
        assert.ok(text.includes(expected), `card shows ${expected}`);
      }
      requireSchemas(this);
      assertValidCard(card);
    });
    it('names many joiners briefly, marks private kudos, quotes the message it came from, and stays inert', function () {
      const joiners = Array.from({ length: 8 }, (_, i) => ({ userId: `j${i}`, displayName: `Joiner ${i}` }));
      const post = { ...sampleKudos({ joiners, private: true, quote: { authorName: 'Megan Bowen', text: 'Shipped <script>x</script>' }, recipients: [{ userId: 'a', displayName: 'A' }, { userId: 'b', displayName: 'B' }, { userId: 'c', displayName: '<img>' }] }) };
      const text = JSON.stringify(postCard(post));
      assert.match(text, /and 3 more added their kudos/);
      assert.match(text, /Sent privately/);
      assert.match(text, /To A, B and ‹img›/);
      assert.match(text, /Shipped ‹script›/);
      assert.doesNotMatch(text, /<script>|<img>/);
      requireSchemas(this);
      assertValidCard(postCard(post));
    });
  });
});
