import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import path from 'path';
import { parse } from 'yaml';
import { DEMO_PEOPLE, DEMO_TEAM, DEMO_TENANT_ID } from '../../src/store/demo-tenant';

// The Playground and the seeded store must describe one organisation, or the bot and
// the tab would disagree about who is talking and where.
interface PlaygroundUser {
  name: string;
  aadObjectId: string;
  email: string;
}

const config = parse(readFileSync(path.resolve(__dirname, '..', '..', '.m365agentsplayground.yml'), 'utf8'));

describe('Agents Playground configuration (.m365agentsplayground.yml)', () => {
  it('uses the demo tenant', () => {
    assert.equal(config.tenantId, DEMO_TENANT_ID);
  });

  it('signs in only people of the demo tenant, under their own names', () => {
    const users: PlaygroundUser[] = [config.currentUser, ...config.users];
    for (const user of users) {
      const person = DEMO_PEOPLE.find((p) => p.userId === user.aadObjectId);
      assert.ok(person, `${user.name} (${user.aadObjectId}) is not in DEMO_PEOPLE`);
      assert.equal(user.name, person.displayName);
      assert.equal(user.email, person.email);
    }
  });

  it('shows the demo team', () => {
    const { id, name, aadGroupId } = config.team;
    assert.deepEqual({ id, name, aadGroupId }, { id: DEMO_TEAM.teamId, name: DEMO_TEAM.name, aadGroupId: DEMO_TEAM.aadGroupId });
  });

  it("lists the demo team's Announcements channel, and no channel the team lacks", () => {
    const channels: Array<{ id: string; name: string }> = config.team.channels;
    const announcements = DEMO_TEAM.channels.find((c) => c.name === 'Announcements');
    assert.equal(channels.find((c) => c.name === 'Announcements')?.id, announcements?.channelId);
    for (const channel of channels) {
      assert.ok(
        DEMO_TEAM.channels.some((c) => c.channelId === channel.id && c.name === channel.name),
        `channel ${channel.name} (${channel.id}) is not in DEMO_TEAM`,
      );
    }
  });
});
