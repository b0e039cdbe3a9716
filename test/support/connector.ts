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
  /** The status the mock answered with (0 while a simulated timeout holds the request). */
  status?: number;
}

/** Shares of requests (0–1) answered with an injected fault instead of being handled. */
export interface ConnectorFaults {
  /** 429 with a Retry-After header. */
  throttle?: number;
  /** 429 without Retry-After. */
  throttleNoRetryAfter?: number;
  serverError?: number;
  badGateway?: number;
  unavailable?: number;
  /** No answer: the request is held, then the socket is dropped. */
  timeout?: number;
  forbidden?: number;
  notFound?: number;
}

export interface ConnectorOptions {
  /** Requests per second accepted for the whole bot (Teams: about 50 per app per tenant); unset = no limit. */
  tenantLimitPerSecond?: number;
  /** Enforce Teams' per-conversation windows (7/1 s, 8/2 s, 60/30 s, 1800/h). Off by default. */
  conversationLimits?: boolean;
  faults?: ConnectorFaults;
  /** Retry-After sent with throttling 429s, in seconds. */
  retryAfterSeconds?: number;
  /** How long a simulated timeout holds the request before dropping it. */
  timeoutHoldMs?: number;
  /** Keep every call with its body in `calls` (turn off for very large runs). */
  recordCalls?: boolean;
  /** Seed for the fault dice, so a run can be repeated. */
  seed?: number;
  /** Conversations (by id, without ";messageid=…") that answer 403 or 404 to everything. */
  forbiddenConversations?: string[];
  missingConversations?: string[];
  /** Each conversation's roster (Entra object ids), for GET /v3/conversations/{id}/members/{user}; anyone else is 404. */
  members?: Record<string, string[]>;
  /** Called for every successful new message, e.g. to crash an engine mid-send. */
  onDelivered?: (conversationId: string, count: number) => void;
}

export interface ConnectorStats {
  requests: number;
  byStatus: Record<string, number>;
  /** Successful new messages (sends and channel posts). */
  delivered: number;
  /** Conversations that received at least one message. */
  conversationsReached: number;
  /** Messages beyond the first in a conversation. */
  duplicates: number;
  updates: number;
  deletes: number;
  /** TCP connections opened by clients (keep-alive working means few). */
  connections: number;
  /** 429s from enforced limits (not injected). */
  limitRejections: number;
  injectedFaults: number;
  /** Requests answered (other than limit 429s) in each second since the first request. */
  perSecond: number[];
  /** Requests refused by the tenant limit, per second since the first request. */
  rejectedPerSecond: number[];
  firstRequestAt?: number;
  lastRequestAt?: number;
  /** When a conversation was first addressed for the last time: after it only retries came. */
  lastFirstAttemptAt?: number;
  /** Conversations addressed for the first time (first attempts; retries not counted). */
  firstAttempts: number;
  firstDeliveredAt?: number;
  lastDeliveredAt?: number;
}

const CONVERSATION_WINDOWS = [
  { windowMs: 1_000, limit: 7 },
  { windowMs: 2_000, limit: 8 },
  { windowMs: 30_000, limit: 60 },
  { windowMs: 3_600_000, limit: 1_800 },
];

/** mulberry32: small, seedable, good enough for fault dice. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A loopback Bot Connector: records every call the bot makes (send, reply, update,
 * delete, create conversation) and answers like the real service. Tests point an
 * activity's serviceUrl here. Optionally it enforces Teams' published rate limits
 * with 429s and injects faults at configurable rates.
 */
export class MockConnector {
  /** 1:1 chats the bot opened with team members (createConversation without a message). */
  readonly openedChats: Array<{ member: string; tenantId?: string }> = [];
  readonly calls: ConnectorCall[] = [];
  /** Successful new messages per conversation. */
  readonly deliveries = new Map<string, number>();
  /** Copies (activity ids) that exist now in each conversation: new messages add one, deletes remove it. */
  readonly copies = new Map<string, Set<string>>();
  private server?: http.Server;
  private waiters: Array<{ predicate: (call: ConnectorCall) => boolean; resolve: (call: ConnectorCall) => void }> = [];
  private options: ConnectorOptions = {};
  private random: () => number = Math.random;
  private tenantWindow: number[] = [];
  private tenantWindowStart = 0;
  private conversationTimes = new Map<string, number[]>();
  private addressed = new Set<string>();
  private held = new Set<ServerResponse>();
  private nextActivity = 0;
  private counters: ConnectorStats = this.emptyStats();
  url = '';

  constructor(options: ConnectorOptions = {}) {
    this.configure(options);
  }

  /** Changes limits and faults; unspecified settings keep their value. */
  configure(options: ConnectorOptions): this {
    this.options = { ...this.options, ...options, faults: options.faults ?? this.options.faults };
    if (options.seed !== undefined) this.random = seeded(options.seed);
    return this;
  }

  async start(port = 0): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
    this.server.on('connection', () => this.counters.connections++);
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.held.clear();
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
    this.deliveries.clear();
    this.copies.clear();
    this.conversationTimes.clear();
    this.addressed.clear();
    this.tenantWindow = [];
    this.tenantWindowStart = 0;
    this.counters = this.emptyStats();
  }

  stats(): ConnectorStats {
    let duplicates = 0;
    for (const count of this.deliveries.values()) duplicates += Math.max(0, count - 1);
    return { ...this.counters, byStatus: { ...this.counters.byStatus }, perSecond: Array.from(this.counters.perSecond, (n) => n ?? 0), rejectedPerSecond: Array.from(this.counters.rejectedPerSecond, (n) => n ?? 0), conversationsReached: this.deliveries.size, duplicates };
  }

  private emptyStats(): ConnectorStats {
    return { requests: 0, connections: 0, byStatus: {}, delivered: 0, conversationsReached: 0, duplicates: 0, updates: 0, deletes: 0, limitRejections: 0, firstAttempts: 0, injectedFaults: 0, perSecond: [], rejectedPerSecond: [] };
  }

  /** Accepted requests in the last second, from a timestamp list trimmed as it goes. */
  private tenantCount(now: number): number {
    while (this.tenantWindowStart < this.tenantWindow.length && this.tenantWindow[this.tenantWindowStart] <= now - 1_000) this.tenantWindowStart++;
    if (this.tenantWindowStart > 10_000) {
      this.tenantWindow = this.tenantWindow.slice(this.tenantWindowStart);
      this.tenantWindowStart = 0;
    }
    return this.tenantWindow.length - this.tenantWindowStart;
  }

  private conversationAllows(conversationId: string, now: number): boolean {
    const times = (this.conversationTimes.get(conversationId) ?? []).filter((t) => t > now - 3_600_000);
    this.conversationTimes.set(conversationId, times);
    return CONVERSATION_WINDOWS.every(({ windowMs, limit }) => times.filter((t) => t > now - windowMs).length < limit);
  }

  private injectedFault(): { status: number; retryAfter?: boolean } | 'timeout' | undefined {
    const faults = this.options.faults;
    if (!faults) return undefined;
    let roll = this.random();
    const table: Array<[number | undefined, { status: number; retryAfter?: boolean } | 'timeout']> = [
      [faults.throttle, { status: 429, retryAfter: true }],
      [faults.throttleNoRetryAfter, { status: 429 }],
      [faults.serverError, { status: 500 }],
      [faults.badGateway, { status: 502 }],
      [faults.unavailable, { status: 503 }],
      [faults.timeout, 'timeout'],
      [faults.forbidden, { status: 403 }],
      [faults.notFound, { status: 404 }],
    ];
    for (const [share, fault] of table) {
      if (!share) continue;
      if (roll < share) return fault;
      roll -= share;
    }
    return undefined;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const path = decodeURIComponent(req.url ?? '');
      const match = path.match(/\/v3\/conversations\/([^/]+)(?:\/activities(?:\/([^/]+))?)?/);
      const body = raw ? JSON.parse(raw) : undefined;
      const call: ConnectorCall = {
        method: req.method ?? 'GET',
        path,
        conversationId: match?.[1],
        activityId: match?.[2],
        body,
        at: Date.now(),
      };
      if (this.options.recordCalls !== false) this.calls.push(call);
      this.waiters = this.waiters.filter((waiter) => (waiter.predicate(call) ? (waiter.resolve(call), false) : true));
      this.answer(call, res);
    });
  }

  private reply(call: ConnectorCall, res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
    call.status = status;
    this.counters.byStatus[status] = (this.counters.byStatus[status] ?? 0) + 1;
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(payload));
  }

  private answer(call: ConnectorCall, res: ServerResponse): void {
    const now = Date.now();
    const { method, path } = call;
    const createsConversation = method === 'POST' && /\/v3\/conversations\/?$/.test(path);
    const postsActivity = method === 'POST' && Boolean(call.conversationId) && path.includes('/activities');
    const target = createsConversation ? String(call.body?.channelData?.channel?.id ?? '') : (call.conversationId ?? '').split(';')[0];
    this.counters.requests++;
    this.counters.firstRequestAt ??= now;
    this.counters.lastRequestAt = now;
    if (target && !this.addressed.has(target)) {
      this.addressed.add(target);
      this.counters.lastFirstAttemptAt = now;
      this.counters.firstAttempts++;
    }

    const limit = this.options.tenantLimitPerSecond;
    const second = Math.floor((now - this.counters.firstRequestAt) / 1000);
    if (limit && this.tenantCount(now) >= limit) {
      this.counters.limitRejections++;
      this.counters.rejectedPerSecond[second] = (this.counters.rejectedPerSecond[second] ?? 0) + 1;
      return this.reply(call, res, 429, { error: { code: 'TooManyRequests', message: 'tenant rate limit' } }, { 'retry-after': String(this.options.retryAfterSeconds ?? 1) });
    }
    if (limit) this.tenantWindow.push(now);
    this.counters.perSecond[second] = (this.counters.perSecond[second] ?? 0) + 1;

    const fault = this.injectedFault();
    if (fault) {
      this.counters.injectedFaults++;
      if (fault === 'timeout') {
        call.status = 0;
        this.held.add(res);
        setTimeout(() => {
          this.held.delete(res);
          res.destroy();
        }, this.options.timeoutHoldMs ?? 10_000).unref();
        return;
      }
      return this.reply(call, res, fault.status, { error: { code: `Injected${fault.status}`, message: 'injected fault' } }, fault.retryAfter ? { 'retry-after': String(this.options.retryAfterSeconds ?? 1) } : {});
    }
    if (this.options.forbiddenConversations?.includes(target)) return this.reply(call, res, 403, { error: { code: 'BotNotInConversationRoster', message: 'bot removed' } });
    if (this.options.missingConversations?.includes(target)) return this.reply(call, res, 404, { error: { code: 'ConversationNotFound', message: 'gone' } });
    if (this.options.conversationLimits && target && (postsActivity || createsConversation || method === 'PUT' || method === 'DELETE')) {
      if (!this.conversationAllows(target, now)) {
        this.counters.limitRejections++;
        return this.reply(call, res, 429, { error: { code: 'TooManyRequests', message: 'conversation rate limit' } }, { 'retry-after': '1' });
      }
      this.conversationTimes.get(target)!.push(now);
    }

    // A 1:1 chat the bot opens with a team member carries no message: nothing is delivered yet.
    const opensChat = createsConversation && call.body?.isGroup === false && !call.body?.activity;
    if ((createsConversation && !opensChat) || postsActivity) {
      const count = (this.deliveries.get(target) ?? 0) + 1;
      this.deliveries.set(target, count);
      this.counters.delivered++;
      this.counters.firstDeliveredAt ??= now;
      this.counters.lastDeliveredAt = now;
      this.options.onDelivered?.(target, count);
    }
    if (method === 'PUT') this.counters.updates++;
    if (method === 'DELETE') this.counters.deletes++;

    const member = method === 'GET' ? path.match(/\/v3\/conversations\/([^/]+)\/members\/([^/?]+)/) : null;
    if (member) {
      const listed = this.options.members?.[member[1]]?.includes(member[2].toLowerCase());
      return listed
        ? this.reply(call, res, 200, { id: `29:${member[2]}`, aadObjectId: member[2], name: 'Member' })
        : this.reply(call, res, 404, { error: { code: 'MemberNotFoundInConversation', message: 'not a member' } });
    }
    if (opensChat) {
      const member = String(call.body?.members?.[0]?.id ?? '');
      this.openedChats.push({ member, tenantId: call.body?.tenantId });
      return this.reply(call, res, 201, { id: `a:opened-${member.replace(/^29:/, '')}` });
    }
    if (createsConversation) {
      return this.reply(call, res, 201, { id: `created-${randomUUID()}`, activityId: `act-${++this.nextActivity}`, serviceUrl: this.url });
    }
    if (method === 'DELETE') {
      this.copies.get(call.conversationId ?? '')?.delete(call.activityId ?? '');
      return this.reply(call, res, 200, {});
    }
    // A new message (also a reply) gets a new id; an update keeps its own.
    const id = postsActivity ? `act-${++this.nextActivity}` : (call.activityId ?? randomUUID());
    if (postsActivity) this.copies.set(target, (this.copies.get(target) ?? new Set()).add(id));
    this.reply(call, res, 200, { id });
  }
}
