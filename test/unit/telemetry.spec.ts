import { strict as assert } from 'assert';
import type { Span } from '@opentelemetry/api';
import { Writable } from 'stream';
import { createLogger } from '../../src/log';
import { exportTroubleLogger, withoutQueryStrings } from '../../src/telemetry/start';
import { startTestCommons } from '../support/app';

describe('telemetry pieces', () => {
  it('cuts query strings from the URL attributes of a span and leaves the rest', () => {
    const attributes: Record<string, unknown> = { 'http.target': '/api/v1/people?q=adele', 'url.full': 'https://x.example/api/v1/people?q=adele', 'url.query': 'q=adele', 'http.method': 'GET', 'http.url': 'https://x.example/healthz' };
    const span = { attributes, setAttribute: (key: string, value: unknown) => (attributes[key] = value) } as unknown as Span;
    withoutQueryStrings(span);
    assert.deepEqual(attributes, { 'http.target': '/api/v1/people', 'url.full': 'https://x.example/api/v1/people', 'url.query': '', 'http.method': 'GET', 'http.url': 'https://x.example/healthz' });
  });

  it('warns once about export trouble, then only at debug', () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(JSON.parse(chunk.toString())), done()) });
    const logger = createLogger('debug', sink);
    const diag = exportTroubleLogger(logger);
    diag.error('Retrying due to transient client side error. Error message:', 'connect ECONNREFUSED');
    diag.error('Envelopes could not be exported and are not retriable. Error message:', new Error('EPROTO'));
    diag.warn('Failed to send persisted file during startup, will retry later');
    const forwarded = lines.filter((line) => String(line.msg).startsWith('telemetry:'));
    assert.deepEqual(forwarded.map((line) => line.level), [40, 20, 20]);
    assert.match(String(forwarded[0].detail), /ECONNREFUSED/);
  });

  it('never loads the Azure Monitor distro when Commons runs inside a test', async () => {
    const commons = await startTestCommons({});
    try {
      const loaded = Object.keys(require.cache).filter((file) => file.includes('monitor-opentelemetry'));
      assert.deepEqual(loaded, []);
    } finally {
      await commons.dispose();
    }
  });
});
