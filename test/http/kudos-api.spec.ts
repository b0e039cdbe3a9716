import { strict as assert } from 'assert';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../../src/store/demo-tenant';
import { DEFAULT_KUDOS_SETTINGS } from '../../src/domain/kudos';
import { periodKey } from '../../src/domain/kudos-periods';
import { botInstalled, mentioning, postActivity } from '../support/activities';
import { startTestCommons, TestCommons } from '../support/app';
import { MockConnector } from '../support/connector';
import { assertValidCard, requireSchemas } from '../support/schemas';

const id = (name: string) => DEMO_PEOPLE.find((p) => p.displayName === name)!;
const ALEX = id('Alex Wilber');
const GRADY = id('Grady Archie');
const LYNNE = id('Lynne Robbins');
const DIEGO = id('Diego Siciliani');
const MIRIAM = id('Miriam Graham');
const NESTOR = id('Nestor Wilke');
const teams = (p: typeof ALEX) => ({ id: `29:${p.givenName.toLowerCase()}`, name: p.displayName, aadObjectId: p.userId });
const headers = (userId: string) => ({ 'content-type': 'application/json', 'X-Dev-Tenant': DEMO_TENANT_ID, 'X-Dev-User': userId });

describe('kudos API for the tab', function () {
  this.timeout(60_000);
  let commons: TestCommons;
  let connector: MockConnector;

  const get = async (path: string, as = LYNNE.userId) => {
    const response = await fetch(`${commons.url}${path}`, { headers: headers(as) });
    return { status: response.status, body: (await response.json()) as any };
  };

  async function sendKudos(from: typeof ALEX, to: Array<typeof ALEX>, rest: string, personal = false) {
    const options = { serviceUrl: connector.url, place: personal ? ('personal' as const) : ('channel' as const), from: teams(from) };
    const base = mentioning(`kudos ${to.map((p) => `<at>${p.displayName}</at>`).join(' ')} ${rest}`, options);
    const activity = {
      ...base,
      ...(personal && { conversation: { id: `a:personal-${from.userId}`, conversationType: 'personal', tenantId: DEMO_TENANT_ID } }),
      entities: [...base.entities, ...to.map((p) => ({ type: 'mention', text: `<at>${p.displayName}</at>`, mentioned: teams(p) }))],
    };
    connector.reset();
    assert.equal((await postActivity(commons.url, activity)).status, 200);
    await connector.waitFor((call) => call.method === 'POST');
  }

  before(async () => {
    connector = await new MockConnector().start();
    commons = await startTestCommons({ SEED: 'true' });
    await commons.repositories.kudos.setSettings(DEMO_TENANT_ID, { ...DEFAULT_KUDOS_SETTINGS, weeklyAllowance: null }, 'test', new Date().toISOString());
    await postActivity(commons.url, botInstalled({ serviceUrl: connector.url, place: 'channel' }));
    // Grady manages Lynne and Diego (Engineering); Alex is an admin elsewhere.
    await sendKudos(GRADY, [LYNNE, DIEGO], 'Team player for the zero-downtime release');
    await sendKudos(ALEX, [LYNNE], 'Innovator: the new deploy pipeline');
    await sendKudos(ALEX, [MIRIAM], 'Mentor for coaching the interns');
    await sendKudos(GRADY, [DIEGO], 'Above and beyond, privately', true);
  });
  after(async () => {
    await commons.dispose();
    await connector.stop();
  });

  it('shows the tenant wall newest first, as the same valid card Teams shows', async function () {
    const { status, body } = await get('/api/v1/kudos/wall', NESTOR.userId);
    assert.equal(status, 200);
    assert.deepEqual(body.kudos.map((k: any) => k.badge.name), ['Mentor', 'Innovator', 'Team player']);
    assert.deepEqual(body.kudos[2].recipients.map((r: any) => r.displayName), ['Lynne Robbins', 'Diego Siciliani']);
    assert.equal(body.kudos[2].badge.hex, '#0F6CBD');
    requireSchemas(this);
    assertValidCard(body.kudos[0].card);
  });

  it('shows private kudos only to their sender and recipients', async () => {
    const wall = async (as: string) => (await get('/api/v1/kudos/wall', as)).body.kudos.map((k: any) => k.badge.name);
    assert.ok((await wall(DIEGO.userId)).includes('Above and beyond'));
    assert.ok((await wall(GRADY.userId)).includes('Above and beyond'));
    assert.ok(!(await wall(LYNNE.userId)).includes('Above and beyond'));
    assert.ok(!(await wall(ALEX.userId)).includes('Above and beyond'), 'not even an admin');
  });

  it('filters the wall by my team and by department', async () => {
    const team = (await get('/api/v1/kudos/wall?scope=team', LYNNE.userId)).body.kudos.map((k: any) => k.badge.name);
    assert.deepEqual(team, ['Innovator', 'Team player']);
    const marketing = (await get('/api/v1/kudos/wall?scope=department&department=Marketing', LYNNE.userId)).body.kudos.map((k: any) => k.badge.name);
    assert.deepEqual(marketing, ['Mentor']);
    const mine = (await get('/api/v1/kudos/wall?scope=department', MIRIAM.userId)).body.kudos.map((k: any) => k.badge.name);
    assert.deepEqual(mine, ['Mentor']);
  });

  it('lists my kudos received and given, with my badge counts', async () => {
    const received = (await get('/api/v1/kudos/mine?direction=received', LYNNE.userId)).body;
    assert.deepEqual(received.kudos.map((k: any) => k.badge.id), ['innovator', 'team-player']);
    assert.deepEqual(received.stats.received, { innovator: 1, 'team-player': 1 });
    const given = (await get('/api/v1/kudos/mine?direction=given', GRADY.userId)).body;
    assert.equal(given.kudos.length, 2);
    assert.equal(given.stats.given, 2);
  });

  it('ranks by distinct senders, by badge and department, for the current period', async () => {
    const board = (await get('/api/v1/kudos/leaderboard?period=week')).body;
    assert.equal(board.key, periodKey('week', new Date()));
    assert.deepEqual(board.entries.slice(0, 2).map((e: any) => [e.displayName, e.senders, e.kudos]), [['Lynne Robbins', 2, 2], ['Diego Siciliani', 1, 2]]);
    const mentors = (await get('/api/v1/kudos/leaderboard?period=quarter&badge=mentor')).body;
    assert.deepEqual(mentors.entries.map((e: any) => e.displayName), ['Miriam Graham']);
    const engineering = (await get('/api/v1/kudos/leaderboard?period=month&department=Engineering')).body;
    assert.deepEqual(engineering.entries.map((e: any) => e.displayName), ['Lynne Robbins', 'Diego Siciliani']);
    assert.equal((await get('/api/v1/kudos/leaderboard?period=week&key=2026-13')).status, 400);
    assert.equal((await get('/api/v1/kudos/leaderboard?period=year')).status, 400);
    assert.equal((await get('/api/v1/kudos/leaderboard?badge=nope')).status, 400);
  });

  it('shows the badges on a person', async () => {
    const { body } = await get(`/api/v1/kudos/people/${DIEGO.userId}`, NESTOR.userId);
    assert.deepEqual(body.badges.map((b: any) => [b.name, b.count]), [['Team player', 1], ['Above and beyond', 1]]);
    assert.equal((await get('/api/v1/kudos/people/nobody', NESTOR.userId)).status, 404);
  });

  it('lets admins alone change badges and the sending policy, refusing bad settings with nothing changed', async () => {
    const current = (await get('/api/v1/kudos/settings', NESTOR.userId)).body;
    assert.equal(current.canEdit, false);
    const next = { sendPolicy: 'everyone', weeklyAllowance: 3, notifyManagers: false, badges: [{ id: 'customer-first', name: 'Customer first', emoji: '🌟', colour: 'teal' }] };
    const put = (as: string, body: unknown) => fetch(`${commons.url}/api/v1/kudos/settings`, { method: 'PUT', headers: headers(as), body: JSON.stringify(body) });
    assert.equal((await put(NESTOR.userId, next)).status, 403);
    for (const bad of [{ ...next, badges: [] }, { ...next, weeklyAllowance: 0 }, { ...next, sendPolicy: 'anyone' }, { ...next, badges: [{ ...next.badges[0], colour: 'beige' }] }, { ...next, extra: true }]) {
      assert.equal((await put(ALEX.userId, bad)).status, 400, JSON.stringify(bad));
    }
    assert.equal((await get('/api/v1/kudos/settings')).body.badges.length, 5);
    assert.equal((await put(ALEX.userId, next)).status, 200);
    const saved = (await get('/api/v1/kudos/settings', NESTOR.userId)).body;
    assert.deepEqual([saved.sendPolicy, saved.weeklyAllowance, saved.badges.map((b: any) => b.name)], ['everyone', 3, ['Customer first']]);
    // Everyone may send now: Nestor, no manager, recognises Miriam with the new badge.
    await sendKudos(NESTOR, [MIRIAM], 'Customer first for the support rota');
    assert.equal((await get('/api/v1/kudos/wall', NESTOR.userId)).body.kudos[0].badge.name, 'Customer first');
  });

  it('describes every kudos route in the OpenAPI document', async () => {
    const { body } = await get('/api/v1/openapi.json');
    for (const path of ['/api/v1/kudos/wall', '/api/v1/kudos/mine', '/api/v1/kudos/leaderboard', '/api/v1/kudos/people/{userId}', '/api/v1/kudos/settings', '/api/v1/kudos/notices']) assert.ok(body.paths[path], path);
    assert.deepEqual(Object.keys(body.paths['/api/v1/kudos/notices'].get.responses['200'].content['application/json'].schema.properties), ['sent', 'unreachable', 'failed', 'recentUnreachable']);
    assert.deepEqual(body.paths['/api/v1/kudos/leaderboard'].get.parameters.find((p: any) => p.name === 'period').schema.enum, ['week', 'month', 'quarter']);
  });
});
