import http, { IncomingMessage, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import { randomUUID } from 'crypto';

/** One call the bot made to the Bot Connector, as the connector saw it. */
export interface ConnectorCall {
  method: string;
  path: string;
  conversationId?: string;
  activityId?: string;
  body: any;
  at: number;
}

/**
 * A loopback Bot Connector: records every call the bot makes (send, reply, update,
 * delete, create conversation) and answers like the real service. Tests point an
 * activity's serviceUrl here.
 */
export class MockConnector {
  readonly calls: ConnectorCall[] = [];
  private server?: http.Server;
  private waiters: Array<{ predicate: (call: ConnectorCall) => boolean; resolve: (call: ConnectorCall) => void }> = [];
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Activities the bot sent into conversations (new messages and replies). */
  sentActivities(): any[] {
    return this.calls.filter((call) => call.method === 'POST' && call.path.includes('/activities')).map((call) => call.body);
  }

  /** Resolves with the first call (past or future) that matches. */
  waitFor(predicate: (call: ConnectorCall) => boolean, timeoutMs = 5_000): Promise<ConnectorCall> {
    const seen = this.calls.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`MockConnector.waitFor() saw no matching call in ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ predicate, resolve: (call) => (clearTimeout(timer), resolve(call)) });
    });
  }

  reset(): void {
    this.calls.length = 0;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const path = decodeURIComponent(req.url ?? '');
      const match = path.match(/\/v3\/conversations\/([^/]+)(?:\/activities(?:\/([^/]+))?)?/);
      const call: ConnectorCall = {
        method: req.method ?? 'GET',
        path,
        conversationId: match?.[1],
        activityId: match?.[2],
        body: raw ? JSON.parse(raw) : undefined,
        at: Date.now(),
      };
      this.calls.push(call);
      this.waiters = this.waiters.filter((waiter) => (waiter.predicate(call) ? (waiter.resolve(call), false) : true));
      res.setHeader('content-type', 'application/json');
      if (call.method === 'POST' && path.match(/\/v3\/conversations\/?$/)) {
        res.end(JSON.stringify({ id: `created-${randomUUID()}`, activityId: randomUUID(), serviceUrl: this.url }));
      } else if (call.method === 'DELETE') {
        res.end('{}');
      } else {
        res.end(JSON.stringify({ id: call.activityId ?? randomUUID() }));
      }
    });
  }
}
