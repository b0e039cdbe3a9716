import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import { EventEmitter } from 'events';
import { FakeAppInstallations } from './fake-graph-apps';

/**
 * A loopback Microsoft Graph serving just `GET /v1.0/users/delta`, as Graph does:
 * pages linked by @odata.nextLink, a final @odata.deltaLink, later rounds from a
 * delta link returning only what changed since (removed users as `@removed`,
 * managers as `manager@delta`). Faults on demand: throttling with Retry-After,
 * 401/403, an expired delta link (410), a malformed page, a page held until released.
 * Emits 'request' with the page number of every page request it serves.
 */
export interface FakeGraphUser {
  id: string;
  displayName?: string;
  mail?: string;
  jobTitle?: string;
  department?: string;
  officeLocation?: string;
  accountEnabled?: boolean;
  managerId?: string;
}

interface Fault {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export class FakeGraph extends EventEmitter {
  url = '';
  pageSize = 100;
  /** What Authorization must say; undefined accepts none (local mode). */
  requiredToken?: string;
  private server?: Server;
  private readonly users = new Map<string, FakeGraphUser>();
  private readonly removed = new Set<string>();
  /** Version at which each user last changed. */
  private readonly changedAt = new Map<string, number>();
  private version = 0;
  private readonly faults: Fault[] = [];
  private malformNext = false;
  private expiredBefore = 0;
  private readonly holds = new Map<number, Promise<void>>();
  readonly requests: Array<{ page: number; delta: boolean; authorization?: string }> = [];
  /** Teams app installation for people (proactive install). */
  readonly apps = new FakeAppInstallations();

  constructor(users: FakeGraphUser[] = []) {
    super();
    for (const user of users) this.upsert(user);
  }

  upsert(user: FakeGraphUser): void {
    this.users.set(user.id, { ...this.users.get(user.id), ...user });
    this.removed.delete(user.id);
    this.changedAt.set(user.id, ++this.version);
  }

  remove(id: string): void {
    this.users.delete(id);
    this.removed.add(id);
    this.changedAt.set(id, ++this.version);
  }

  /** The next responses are these faults, in order. */
  fail(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  malformNextPage(): void {
    this.malformNext = true;
  }

  /** Every delta link issued so far is forgotten (Graph's 410 syncStateNotFound). */
  expireDeltaLinks(): void {
    this.expiredBefore = this.version + 1;
  }

  /** The request for this page (1-based, within one round) waits until the returned function is called. */
  hold(page: number): () => void {
    let release!: () => void;
    this.holds.set(page, new Promise<void>((resolve) => (release = resolve)));
    return () => {
      this.holds.delete(page);
      release();
    };
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      this.serve(req, res).catch((error) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const page of [...this.holds.keys()]) this.holds.delete(page);
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    if (await this.apps.serve(req, url, res)) return;
    if (req.method !== 'GET' || url.pathname !== '/v1.0/users/delta') return this.send(res, 404, { error: { code: 'Request_ResourceNotFound', message: 'not here' } });
    // A round is identified by the version it reads from (0: everyone) and the version it lists up to.
    const since = Number(url.searchParams.get('$deltatoken') ?? url.searchParams.get('since') ?? 0);
    const upTo = Number(url.searchParams.get('upTo') ?? this.version);
    const page = Number(url.searchParams.get('page') ?? 1);
    const delta = url.searchParams.has('$deltatoken') || url.searchParams.has('since');
    this.requests.push({ page, delta, authorization: req.headers.authorization });
    this.emit('request', { page, delta });
    await this.holds.get(page);

    const fault = this.faults.shift();
    if (fault) return this.send(res, fault.status, fault.body ?? { error: { code: fault.status === 403 ? 'Authorization_RequestDenied' : 'Throttled', message: 'fault' } }, fault.headers);
    if (this.requiredToken !== undefined && req.headers.authorization !== `Bearer ${this.requiredToken}`) {
      return this.send(res, 401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } });
    }
    if (url.searchParams.has('$deltatoken') && since < this.expiredBefore) return this.send(res, 410, { error: { code: 'syncStateNotFound', message: 'The delta token expired' } });
    if (this.malformNext) {
      this.malformNext = false;
      return this.send(res, 200, { value: 'not a list' });
    }

    // A full round lists the directory as it is; only delta rounds report removals.
    const ids = [...this.changedAt].filter(([id, at]) => at > since && at <= upTo && (delta || this.users.has(id))).map(([id]) => id).sort();
    const slice = ids.slice((page - 1) * this.pageSize, page * this.pageSize);
    const value = slice.map((id) => {
      const user = this.users.get(id);
      if (!user) return { id, '@removed': { reason: 'deleted' } };
      const { managerId, ...fields } = user;
      return { ...fields, ...(managerId && { 'manager@delta': [{ '@odata.type': '#microsoft.graph.user', id: managerId }] }) };
    });
    const more = page * this.pageSize < ids.length;
    const link = new URL('/v1.0/users/delta', this.url);
    if (more) {
      if (delta) link.searchParams.set('since', String(since));
      link.searchParams.set('upTo', String(upTo));
      link.searchParams.set('page', String(page + 1));
      return this.send(res, 200, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users', '@odata.nextLink': link.toString(), value });
    }
    link.searchParams.set('$deltatoken', String(upTo));
    return this.send(res, 200, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users', '@odata.deltaLink': link.toString(), value });
  }
}
