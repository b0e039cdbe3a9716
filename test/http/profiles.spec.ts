import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { DEFAULT_BADGES } from '../../src/domain/badges';
import type { KudosPost } from '../../src/domain/kudos';
import { composePost } from '../../src/domain/posts';
import type { Visibility } from '../../src/domain/visibility';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { startTestCommons, TestCommons } from '../support/app';
import { devApi } from '../support/dev-api';

const person = (name: string) => DEMO_PEOPLE.find((p) => p.displayName === name)!;
const ALEX = person('Alex Wilber'); // admin
const GRADY = person('Grady Archie'); // Engineering Manager, manages Lynne and Diego
const LYNNE = person('Lynne Robbins');
const DIEGO = person('Diego Siciliani');
const NESTOR = person('Nestor Wilke');
const MIRIAM = person('Miriam Graham');
const OTHER_TENANT = '9c8b7a65-4321-4fed-8cba-9876543210ff';

interface ProfileBody {
  person: { userId: string; displayName: string; initials: string; jobTitle?: string; department?: string; email?: string };
  isMe: boolean;
  manager?: { userId: string; displayName: string };
  directReports: Array<{ userId: string; displayName: string }>;
  directReportCount: number;
  communities: Array<{ id: string; name: string; privacy: string }>;
  kudos: { received: number; given: number; badges: Array<{ id: string; count: number }> };
  recentPosts: Array<{ id: string; body: string; reactionCount: number; reactionCounts: Record<string, number>; myReaction: string | null }>;
  skills: string[];
  interests: string[];
}

/**
 * Profiles through the real API on the seeded demo tenant: the directory's fields,
 * manager and direct reports, communities and posts as the caller may see them, kudos
 * counts, and editing one's own skills and interests (searchable).
 */
describe('profiles: GET /api/v1/people/{id}/profile and PUT /api/v1/me/profile', function () {
  this.timeout(120_000);
  let commons: TestCommons;
  let clock = Date.now() + 86_400_000;

  const as = (userId: string, tenantId = DEMO_TENANT_ID) => devApi(commons.url, tenantId, userId);
  const profile = async (viewer: string, of: string) => {
    const { status, body } = await as(viewer)('GET', `/api/v1/people/${of}/profile`);
    assert.equal(status, 200, JSON.stringify(body));
    return body as ProfileBody;
  };
  async function store(authorName: string, body: string, visibility: Visibility = { kind: 'tenant' }): Promise<string> {
    const author = person(authorName);
    const postId = randomUUID();
    await commons.repositories.posts.create(composePost({ body, audience: { everyone: true }, visibility }, { tenantId: DEMO_TENANT_ID, userId: author.userId, roles: [], displayName: author.displayName }, postId, new Date((clock += 60_000))));
    return postId;
  }

  before(async () => {
    commons = await startTestCommons({ SEED: 'true' });
  });
  after(async () => commons?.dispose());

  it('shows the directory fields, initials, manager and direct reports', async () => {
    const body = await profile(LYNNE.userId, GRADY.userId);
    assert.deepEqual(
      { ...body.person },
      { userId: GRADY.userId, displayName: 'Grady Archie', initials: 'GA', jobTitle: 'Engineering Manager', department: 'Engineering', email: GRADY.email },
    );
    assert.equal(body.isMe, false);
    assert.equal(body.manager?.displayName, 'Joni Sherman');
    assert.deepEqual(body.directReports.map((p) => p.displayName), ['Diego Siciliani', 'Lynne Robbins']);
    assert.equal(body.directReportCount, 2);
    assert.equal((await profile(LYNNE.userId, 'me')).isMe, true);
    assert.equal((await profile(LYNNE.userId, 'me')).person.userId, LYNNE.userId);
  });

  it('lists the communities the caller may know of: a stranger never sees a secret one', async () => {
    const open = `Open ${randomUUID().slice(0, 8)}`;
    const secret = `Secret ${randomUUID().slice(0, 8)}`;
    for (const [name, privacy] of [[open, 'open'], [secret, 'secret']]) {
      const { status, body } = await as(DIEGO.userId)('POST', '/api/v1/communities', { name, privacy });
      assert.equal(status, 201, JSON.stringify(body));
    }
    const seenByStranger = (await profile(NESTOR.userId, DIEGO.userId)).communities.map((c) => c.name);
    assert.ok(seenByStranger.includes(open));
    assert.ok(!seenByStranger.includes(secret), 'a secret community the caller is not in');
    assert.ok((await profile(DIEGO.userId, DIEGO.userId)).communities.some((c) => c.name === secret && c.privacy === 'secret'), 'its member sees it');
  });

  it('shows recent posts the caller may see: never a private post to a stranger', async () => {
    const chat = `19:profile-chat-${randomUUID()}@thread.v2`;
    const open = `open-${randomUUID()}`;
    const hidden = `private-${randomUUID()}`;
    await store('Miriam Graham', open);
    await store('Miriam Graham', hidden, { kind: 'members', conversationId: chat });
    await commons.repositories.memberships.record(DEMO_TENANT_ID, chat, LYNNE.userId, true, 'event');
    const stranger = (await profile(NESTOR.userId, MIRIAM.userId)).recentPosts.map((p) => p.body);
    assert.ok(stranger.includes(open));
    assert.ok(!stranger.includes(hidden));
    assert.deepEqual((await profile(LYNNE.userId, MIRIAM.userId)).recentPosts.slice(0, 2).map((p) => p.body), [hidden, open], 'a member of the chat sees both, newest first');
    assert.ok((await profile(MIRIAM.userId, 'me')).recentPosts.some((p) => p.body === hidden), 'the author sees their own');
  });

  it('gives recent posts their reaction counts and the reader\'s own reaction, as the feed does', async () => {
    const body = `reacted-${randomUUID()}`;
    const postId = await store('Miriam Graham', body);
    const reacted = await as(LYNNE.userId)('PUT', `/api/v1/posts/${postId}/reaction`, { reaction: 'like' });
    assert.equal(reacted.status, 200, JSON.stringify(reacted.body));
    const postOf = async (viewer: string) => (await profile(viewer, MIRIAM.userId)).recentPosts.find((p) => p.body === body)!;
    const lynne = await postOf(LYNNE.userId);
    assert.deepEqual(lynne.reactionCounts, { like: 1 });
    assert.equal(lynne.myReaction, 'like');
    assert.equal(lynne.reactionCount, 1);
    const nestor = await postOf(NESTOR.userId);
    assert.deepEqual(nestor.reactionCounts, { like: 1 }, 'everyone sees the counts');
    assert.equal(nestor.myReaction, null, 'only the reader\'s own reaction is theirs');
    const feedPost = (await as(LYNNE.userId)('GET', '/api/v1/feed')).body.posts.find((p: { id: string }) => p.id === postId);
    assert.deepEqual({ reactionCounts: lynne.reactionCounts, myReaction: lynne.myReaction }, { reactionCounts: feedPost.reactionCounts, myReaction: feedPost.myReaction }, 'the same as the feed shows');
  });

  it('counts kudos received and given, with the badges received', async () => {
    const badge = DEFAULT_BADGES.find((b) => b.id === 'mentor')!;
    const recipient = { userId: NESTOR.userId, displayName: NESTOR.displayName, department: NESTOR.department, managerId: NESTOR.managerId };
    const post = {
      ...composePost({ body: 'Mentor for the onboarding guide', kind: 'kudos', audience: { everyone: true }, visibility: { kind: 'tenant' } }, { tenantId: DEMO_TENANT_ID, userId: ALEX.userId, roles: [], displayName: ALEX.displayName }, randomUUID(), new Date((clock += 60_000))),
      kudos: { badge, recipients: [recipient], joiners: [], private: false },
    } as KudosPost;
    await commons.repositories.posts.create(post);
    await commons.repositories.kudos.record(post);
    const nestor = (await profile(LYNNE.userId, NESTOR.userId)).kudos;
    assert.equal(nestor.received, 1);
    assert.deepEqual(nestor.badges.map((b) => [b.id, b.count]), [['mentor', 1]]);
    assert.ok((await profile(LYNNE.userId, ALEX.userId)).kudos.given >= 1);
  });

  it('answers 404 for an unknown person and for everyone when asked from another tenant', async () => {
    assert.equal((await as(LYNNE.userId)('GET', `/api/v1/people/${randomUUID()}/profile`)).status, 404);
    const foreign = await as(randomUUID(), OTHER_TENANT)('GET', `/api/v1/people/${GRADY.userId}/profile`);
    assert.equal(foreign.status, 404);
    assert.ok(!JSON.stringify(foreign.body).includes('Grady'));
    assert.equal((await as(LYNNE.userId)('GET', '/api/v1/people/not-a-guid/profile')).status, 400);
  });

  it('saves my skills and interests trimmed and deduplicated, and finds me by a skill', async () => {
    const skill = `Kubernetes${randomUUID().slice(0, 6).replace(/[^a-z]/g, 'q')}`;
    const { status, body } = await as(DIEGO.userId)('PUT', '/api/v1/me/profile', { skills: [`  ${skill} `, skill.toUpperCase(), 'Incident   response'], interests: ['Climbing'] });
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual(body, { skills: [skill, 'Incident response'], interests: ['Climbing'] });
    const seen = await profile(LYNNE.userId, DIEGO.userId);
    assert.deepEqual([seen.skills, seen.interests], [[skill, 'Incident response'], ['Climbing']]);
    const search = await as(LYNNE.userId)('GET', `/api/v1/people?search=${encodeURIComponent(skill.slice(0, 6).toLowerCase())}`);
    assert.equal(search.status, 200);
    assert.ok(search.body.people.some((p: { userId: string; skills?: string[] }) => p.userId === DIEGO.userId && p.skills?.includes(skill)), JSON.stringify(search.body));
    // A department and a name still find him, skills and all.
    const byName = await as(LYNNE.userId)('GET', '/api/v1/people?search=diego');
    assert.deepEqual(byName.body.people[0].skills, [skill, 'Incident response']);
    // Skills removed: the index forgets them.
    await as(DIEGO.userId)('PUT', '/api/v1/me/profile', { skills: [], interests: [] });
    const gone = await as(LYNNE.userId)('GET', `/api/v1/people?search=${encodeURIComponent(skill.slice(0, 6).toLowerCase())}`);
    assert.ok(!gone.body.people.some((p: { userId: string }) => p.userId === DIEGO.userId));
  });

  it('refuses bad skills and interests with a clear 400 and changes nothing', async () => {
    const me = as(LYNNE.userId);
    assert.equal((await me('PUT', '/api/v1/me/profile', { skills: ['TypeScript'], interests: ['Chess'] })).status, 200);
    const word = `blockedword${randomUUID().slice(0, 4).replace(/[^a-z]/g, 'x')}`;
    const held = `heldword${randomUUID().slice(0, 4).replace(/[^a-z]/g, 'x')}`;
    const list = [{ kind: 'word', pattern: word, action: 'block' }, { kind: 'word', pattern: held, action: 'hold' }];
    assert.equal((await as(ALEX.userId)('PUT', '/api/v1/settings/word-list', { entries: list })).status, 200);
    const bad: unknown[] = [
      { skills: Array.from({ length: 21 }, (_, i) => `skill ${i}`), interests: [] },
      { skills: ['x'.repeat(41)], interests: [] },
      { skills: ['   '], interests: [] },
      { skills: ['ok'], interests: [42] },
      { skills: ['ok'] },
      { skills: ['ok'], interests: [], tenantId: OTHER_TENANT },
      { skills: [`I know ${word}`], interests: [] },
      { skills: ['ok'], interests: [`${held} fan`] },
      'not json',
    ];
    for (const body of bad) {
      const answer = await me('PUT', '/api/v1/me/profile', body);
      assert.equal(answer.status, 400, JSON.stringify(body).slice(0, 80));
      assert.equal(answer.body.error.code, 'bad_request');
      assert.ok(answer.body.error.message.length > 0);
    }
    const after = await profile(LYNNE.userId, 'me');
    assert.deepEqual([after.skills, after.interests], [['TypeScript'], ['Chess']], 'nothing changed');
    await as(ALEX.userId)('PUT', '/api/v1/settings/word-list', { entries: [] });
    assert.equal((await as(randomUUID())('PUT', '/api/v1/me/profile', { skills: ['x'], interests: [] })).status, 404, 'someone the directory does not list');
  });
});
