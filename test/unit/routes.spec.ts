import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import path from 'path';
import { createBot } from '../../src/bot/app';
import { BOT_COMMANDS, DATA_QUERY_DATASETS, MESSAGE_EXTENSION_COMMANDS, VERBS } from '../../src/cards/verbs';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import type { Repositories } from '../../src/store';

const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'appPackage', 'manifest.json'), 'utf8'));

function routeTable() {
  const config = loadConfig({ PORT: '0', SEED: 'false', LOG_LEVEL: 'silent' });
  return createBot({ config, repositories: {} as Repositories, logger: createLogger('silent') }).routes.table;
}

describe('bot routes and the names Teams sends (src/cards/verbs.ts)', () => {
  it('declares in the manifest exactly the message-extension command ids of verbs.ts', () => {
    const ids = manifest.composeExtensions.flatMap((extension: { commands: { id: string }[] }) => extension.commands.map((command) => command.id));
    assert.deepEqual([...ids].sort(), Object.values(MESSAGE_EXTENSION_COMMANDS).sort());
  });

  it('lists in every bot scope of the manifest exactly the bot commands of verbs.ts', () => {
    for (const list of manifest.bots[0].commandLists) {
      const titles = list.commands.map((command: { title: string }) => command.title);
      assert.deepEqual([...titles].sort(), Object.values(BOT_COMMANDS).sort(), `commands for ${list.scopes.join(', ')}`);
    }
  });

  it('routes every verb and command id of verbs.ts, and nothing named elsewhere', () => {
    const table = routeTable();
    const routed = new Set(table.filter((route) => route.protocol !== 'message').map((route) => route.id));
    const named = new Set<string>([...Object.values(VERBS), ...Object.values(MESSAGE_EXTENSION_COMMANDS), ...Object.values(DATA_QUERY_DATASETS)]);
    assert.deepEqual([...routed].sort(), [...named].sort());
    for (const command of Object.values(BOT_COMMANDS)) {
      assert.ok(table.some((route) => route.name === `message command ${command}`), `a route for the "${command}" command`);
    }
  });

  it('gives every route a readable, unique name from its protocol', () => {
    const table = routeTable();
    assert.equal(new Set(table.map((route) => route.name)).size, table.length);
    const names = table.map((route) => route.name);
    for (const expected of ['card.verb post.react', 'dialog.open post.comments', 'dialog.submit post.edit', 'message.ext.open shareToCommons', 'message.ext.submit shareToCommons']) {
      assert.ok(names.includes(expected), `${expected} in ${names.join(', ')}`);
    }
  });
});
