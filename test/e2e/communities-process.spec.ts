import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { killProcess, startServerProcess } from '../support/process';

/**
 * From outside: Commons as its own process, fifty people joining one community at
 * the same moment (and ten of them clicking join three times): exactly fifty new
 * members, each listed once, the count exact; then all of them leave at once.
 */
describe('communities from outside: a real process, fifty joins at once', function () {
  this.timeout(120_000);
  let server: Awaited<ReturnType<typeof startServerProcess>> | undefined;
  let dataDir: string;
  const tenant = randomUUID();
  const call = async (as: string, method: string, route: string, body?: unknown) => {
    const response = await fetch(`${server!.url}${route}`, {
      method,
      headers: { 'content-type': 'application/json', 'X-Dev-Tenant': tenant, 'X-Dev-User': as },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'commons-communities-'));
    server = await startServerProcess({ SEED: 'false', DATA_DIR: dataDir, SNAPSHOT_INTERVAL_SECONDS: '0' });
  });
  after(async () => {
    await killProcess(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('counts exactly: 50 people join at once, 10 of them three times; then all leave at once', async () => {
    const owner = randomUUID();
    const created = await call(owner, 'POST', '/api/v1/communities', { name: 'Bike to work', privacy: 'open' });
    assert.equal(created.status, 201);
    const joiners = Array.from({ length: 50 }, () => randomUUID());
    const clicks = [...joiners, ...joiners.slice(0, 10), ...joiners.slice(0, 10)];
    const answers = await Promise.all(clicks.map((userId) => call(userId, 'POST', `/api/v1/communities/${created.body.id}/join`)));
    assert.deepEqual([...new Set(answers.map((a) => a.status))], [200]);
    const community = await call(owner, 'GET', `/api/v1/communities/${created.body.id}`);
    assert.equal(community.body.memberCount, 51);
    const members = (await call(owner, 'GET', `/api/v1/communities/${created.body.id}/members`)).body;
    const second = (await call(owner, 'GET', `/api/v1/communities/${created.body.id}/members?continuationToken=${members.continuationToken}`)).body;
    const listed = [...members.members, ...second.members].map((m: any) => m.userId);
    assert.equal(listed.length, 51);
    assert.deepEqual(new Set(listed), new Set([owner, ...joiners]));
    for (const userId of joiners.slice(0, 3)) assert.deepEqual((await call(userId, 'GET', '/api/v1/communities/mine')).body.communities.map((c: any) => c.myStanding), ['member']);

    const leaving = await Promise.all(joiners.map((userId) => call(userId, 'POST', `/api/v1/communities/${created.body.id}/leave`)));
    assert.deepEqual([...new Set(leaving.map((a) => a.status))], [200]);
    assert.equal((await call(owner, 'GET', `/api/v1/communities/${created.body.id}`)).body.memberCount, 1);
    assert.deepEqual((await call(owner, 'GET', `/api/v1/communities/${created.body.id}/members`)).body.members.map((m: any) => m.userId), [owner]);
  });
});
