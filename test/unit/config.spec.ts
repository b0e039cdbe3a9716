import { strict as assert } from 'assert';
import { loadConfig, ConfigError } from '../../src/config';

describe('config', () => {
  it('runs in local mode with the embedded store when BOT_ID is absent', () => {
    const config = loadConfig({});
    assert.equal(config.mode, 'local');
    assert.equal(config.store.mode, 'embedded');
    assert.equal(config.tab.devIdentity, true);
    assert.equal(config.port, 3978);
  });

  it('runs in cloud mode with managed identity when BOT_ID and COSMOS_ENDPOINT are set', () => {
    const config = loadConfig({
      BOT_ID: 'b0b0b0b0-0000-0000-0000-000000000001',
      COSMOS_ENDPOINT: 'https://acct.documents.azure.com:443/',
      TAB_CLIENT_ID: 'c1c1c1c1-0000-0000-0000-000000000001',
    });
    assert.equal(config.mode, 'cloud');
    assert.equal(config.store.mode, 'managedIdentity');
    assert.equal(config.tab.devIdentity, false, 'the dev identity never exists in cloud mode');
    assert.equal(config.seedDemoData, false);
  });

  it('refuses cloud mode without a Cosmos endpoint, naming the variable in one line', () => {
    assert.throws(
      () => loadConfig({ BOT_ID: 'b0b0b0b0-0000-0000-0000-000000000001' }),
      (error: Error) => error instanceof ConfigError && /^Configuration error: COSMOS_ENDPOINT/.test(error.message) && !error.message.includes('\n'),
    );
  });

  it('names the variable and the bad value', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty' }), /Configuration error: PORT: .*\(got "eighty"\)/);
    assert.throws(() => loadConfig({ COMMONS_ADMINS: 'alice,bob' }), /COMMONS_ADMINS: must be comma-separated Entra object ids/);
    assert.throws(() => loadConfig({ SEED: 'maybe' }), /SEED/);
  });

  it('parses COMMONS_ADMINS into a list', () => {
    const config = loadConfig({ COMMONS_ADMINS: ' 00000000-0000-0000-0000-000000000001 ,00000000-0000-0000-0000-000000000002' });
    assert.deepEqual(config.admins, ['00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000002']);
  });

  it('keeps local mode on loopback, since it trusts dev identity headers', () => {
    assert.throws(() => loadConfig({ HOST: '0.0.0.0' }), /HOST: local mode .* loopback only/);
    assert.equal(loadConfig({ HOST: 'localhost' }).host, 'localhost');
  });

  it('compares admin ids case-insensitively', () => {
    assert.deepEqual(loadConfig({ COMMONS_ADMINS: 'ABCDEF00-0000-0000-0000-000000000001' }).admins, ['abcdef00-0000-0000-0000-000000000001']);
  });

  it('does not seed demo data when SEED=false', () => {
    assert.equal(loadConfig({ SEED: 'false' }).seedDemoData, false);
  });
});
