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
      BOT_TENANT_ID: 'aaaaaaaa-0000-4000-8000-00000000000a',
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

  it('sends telemetry only in cloud mode with a connection string, and refuses one that is not', () => {
    const cloud = {
      BOT_ID: 'b0b0b0b0-0000-0000-0000-000000000001',
      COSMOS_ENDPOINT: 'https://acct.documents.azure.com:443/',
      TAB_CLIENT_ID: 'c1c1c1c1-0000-0000-0000-000000000001',
      BOT_TENANT_ID: 'aaaaaaaa-0000-4000-8000-00000000000a',
    };
    const connectionString = 'InstrumentationKey=4a1f3c2e-9b8d-4e7f-a6c5-0d1e2f3a4b5c;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/';
    assert.equal(loadConfig({ ...cloud, APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString }).telemetry.connectionString, connectionString);
    assert.equal(loadConfig(cloud).telemetry.connectionString, undefined);
    assert.equal(loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString }).telemetry.connectionString, undefined, 'never in local mode');
    assert.throws(
      () => loadConfig({ ...cloud, APPLICATIONINSIGHTS_CONNECTION_STRING: 'https://westeurope.in.applicationinsights.azure.com/' }),
      (error: Error) => error instanceof ConfigError && /^Configuration error: APPLICATIONINSIGHTS_CONNECTION_STRING: must be an Application Insights connection string/.test(error.message) && !error.message.includes('\n'),
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

  describe('ALLOWED_TENANTS', () => {
    const cloud = { BOT_ID: 'b0b0b0b0-0000-0000-0000-000000000001', COSMOS_ENDPOINT: 'https://acct.documents.azure.com:443/', TAB_CLIENT_ID: 'c1c1c1c1-0000-0000-0000-000000000001' };
    const tenantA = 'aaaaaaaa-0000-4000-8000-00000000000a';
    const tenantB = 'bbbbbbbb-0000-4000-8000-00000000000b';

    it('local mode serves every tenant unless it is set', () => {
      assert.equal(loadConfig({}).allowedTenants, undefined);
      assert.deepEqual(loadConfig({ ALLOWED_TENANTS: tenantA }).allowedTenants, [tenantA]);
    });

    it('parses a comma-separated list of tenant ids, in lower case', () => {
      assert.deepEqual(loadConfig({ ...cloud, ALLOWED_TENANTS: ` ${tenantA.toUpperCase()} , ${tenantB}` }).allowedTenants, [tenantA, tenantB]);
    });

    it('defaults to BOT_TENANT_ID in cloud mode', () => {
      assert.deepEqual(loadConfig({ ...cloud, BOT_TENANT_ID: tenantB.toUpperCase() }).allowedTenants, [tenantB]);
      assert.deepEqual(loadConfig({ ...cloud, BOT_TENANT_ID: tenantB, ALLOWED_TENANTS: tenantA }).allowedTenants, [tenantA], 'the setting wins');
    });

    it('is required in cloud mode without BOT_TENANT_ID, in one clear line', () => {
      assert.throws(
        () => loadConfig(cloud),
        (error: Error) => error instanceof ConfigError && /^Configuration error: ALLOWED_TENANTS: required in cloud mode/.test(error.message) && !error.message.includes('\n'),
      );
    });

    it('refuses anything but tenant ids, naming the variable', () => {
      for (const value of ['contoso.onmicrosoft.com', `${tenantA},*`, ',', '']) {
        assert.throws(() => loadConfig({ ...cloud, ALLOWED_TENANTS: value }), /^ConfigError: Configuration error: ALLOWED_TENANTS: must be comma-separated Entra tenant ids/, value);
      }
      assert.throws(() => loadConfig({ ...cloud, BOT_TENANT_ID: 'contoso' }), /Configuration error: BOT_TENANT_ID: must be an Entra tenant id/);
    });
  });

  describe('local mode and a store that is not on this machine', () => {
    const remote = { COSMOS_ENDPOINT: 'https://acct.documents.azure.com:443/', COSMOS_KEY: 'k' };

    it('refuses a non-loopback COSMOS_ENDPOINT in one clear line', () => {
      for (const endpoint of ['https://acct.documents.azure.com:443/', 'http://192.0.2.2:8081', 'http://vm:8081']) {
        assert.throws(
          () => loadConfig({ ...remote, COSMOS_ENDPOINT: endpoint }),
          (error: Error) =>
            error instanceof ConfigError &&
            /^Configuration error: COSMOS_ENDPOINT: local mode \(no BOT_ID\) uses a store on this machine only .*COMMONS_ALLOW_REMOTE_STORE_IN_LOCAL_MODE=true/.test(error.message) &&
            !error.message.includes('\n'),
          endpoint,
        );
      }
    });

    it('takes loopback endpoints as before, delivery on', () => {
      for (const endpoint of ['http://127.0.0.1:8081', 'http://localhost:8081', 'http://[::1]:8081', 'http://127.0.0.2:8081']) {
        const config = loadConfig({ ...remote, COSMOS_ENDPOINT: endpoint });
        assert.equal(config.store.remoteInLocalMode, false);
        assert.equal(config.delivery.disabledBecause, undefined);
      }
    });

    it('with COMMONS_ALLOW_REMOTE_STORE_IN_LOCAL_MODE=true: starts, but never delivers', () => {
      const config = loadConfig({ ...remote, COMMONS_ALLOW_REMOTE_STORE_IN_LOCAL_MODE: 'true' });
      assert.equal(config.store.remoteInLocalMode, true);
      assert.match(config.delivery.disabledBecause ?? '', /remote store/);
    });
  });

  it('cloud mode delivers only with bot credentials (a password, or the managed identity)', () => {
    const cloud = { BOT_ID: 'b0b0b0b0-0000-0000-0000-000000000001', COSMOS_ENDPOINT: 'https://acct.documents.azure.com:443/', TAB_CLIENT_ID: 'c1c1c1c1-0000-0000-0000-000000000001', BOT_TENANT_ID: 'aaaaaaaa-0000-4000-8000-00000000000a' };
    assert.equal(loadConfig(cloud).delivery.disabledBecause, undefined, 'UserAssignedMSI');
    assert.equal(loadConfig({ ...cloud, BOT_PASSWORD: 'secret' }).delivery.disabledBecause, undefined);
    assert.match(loadConfig({ ...cloud, BOT_TYPE: 'MultiTenant' }).delivery.disabledBecause ?? '', /without bot credentials/);
    assert.match(loadConfig({ ...cloud, BOT_TYPE: 'SingleTenant' }).delivery.disabledBecause ?? '', /without bot credentials/);
  });
});
