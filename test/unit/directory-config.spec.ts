import { strict as assert } from 'assert';
import { loadConfig } from '../../src/config';
import { retryAfterMs } from '../../src/directory/graph-client';
import { profileUpdateOf } from '../../src/directory/graph-users';

describe('directory settings and Graph rules', () => {
  it('defaults to Microsoft Graph in cloud mode and to no Graph in local mode', () => {
    assert.equal(loadConfig({}).directory.graphBaseUrl, undefined);
    assert.equal(loadConfig({ BOT_ID: 'x', COSMOS_ENDPOINT: 'https://a.documents.azure.com', TAB_CLIENT_ID: 'y', BOT_TENANT_ID: '7f3c2a10-5b1e-4c8e-9a4d-2e6f0c1d9b01' }).directory.graphBaseUrl, 'https://graph.microsoft.com');
    assert.equal(loadConfig({}).directory.syncIntervalMs, 60 * 60_000);
  });

  it('stops start-up with one line for a non-loopback Graph in local mode and for a bad interval', () => {
    assert.throws(() => loadConfig({ GRAPH_BASE_URL: 'https://graph.microsoft.com' }), /^ConfigError: Configuration error: GRAPH_BASE_URL: local mode \(no BOT_ID\) syncs only from a loopback address/);
    assert.throws(() => loadConfig({ GRAPH_SYNC_INTERVAL_MINUTES: '1.5' }), /GRAPH_SYNC_INTERVAL_MINUTES: must be whole minutes/);
    assert.equal(loadConfig({ GRAPH_BASE_URL: 'http://127.0.0.1:4010' }).directory.graphBaseUrl, 'http://127.0.0.1:4010');
  });

  it('reads Retry-After as seconds or as a date', () => {
    assert.equal(retryAfterMs('7', 1), 7000);
    assert.equal(retryAfterMs(new Date(Date.UTC(2026, 0, 1, 0, 0, 30)).toUTCString(), 1, Date.UTC(2026, 0, 1)), 30_000);
    assert.ok(retryAfterMs(null, 3) <= 8000);
  });

  it('keeps absent delta fields, clears null ones, and marks removed users and managers', () => {
    assert.deepEqual(profileUpdateOf({ id: 'A', jobTitle: null }, 's').profile, { deleted: false, syncId: 's', jobTitle: undefined });
    assert.deepEqual(profileUpdateOf({ id: 'a', '@removed': { reason: 'deleted' } }, 's').profile, { deleted: true, syncId: 's' });
    assert.equal(profileUpdateOf({ id: 'a', 'manager@delta': [{ id: 'm', '@removed': {} }] }, 's').profile.managerId, undefined);
    assert.ok('managerId' in profileUpdateOf({ id: 'a', 'manager@delta': [{ id: 'a' }] }, 's').profile, 'a self-manager is cleared');
  });
});
