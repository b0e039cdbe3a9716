import { z } from 'zod';

/**
 * The little of Microsoft Graph the directory sync needs: `users/delta` pages
 * (a full sync is the first delta round), with Graph's throttling rules (429/503
 * with Retry-After) and errors an admin can act on. The base URL is configurable
 * (GRAPH_BASE_URL) so tests and local mode point the same client at a loopback fake.
 */
export const USER_FIELDS = ['id', 'displayName', 'mail', 'jobTitle', 'department', 'officeLocation', 'accountEnabled', 'manager'] as const;
/** Graph's largest page for users/delta. */
export const GRAPH_PAGE_SIZE = 999;
const MAX_ATTEMPTS = 8;
/** We wait what Graph asks, up to this; longer waits fail the page and the next sync resumes it. */
const RETRY_AFTER_MAX_MS = 60_000;
const RETRYABLE = new Set([429, 502, 503, 504]);

const Removed = z.object({ reason: z.string().optional() }).passthrough();
const GraphUserSchema = z
  .object({
    id: z.string().min(1).max(64),
    displayName: z.string().max(256).nullish(),
    mail: z.string().max(320).nullish(),
    jobTitle: z.string().max(256).nullish(),
    department: z.string().max(256).nullish(),
    officeLocation: z.string().max(256).nullish(),
    accountEnabled: z.boolean().nullish(),
    'manager@delta': z.array(z.object({ id: z.string().min(1).max(64), '@removed': Removed.optional() }).passthrough()).max(1).optional(),
    '@removed': Removed.optional(),
  })
  .passthrough();
export type GraphUser = z.infer<typeof GraphUserSchema>;

const GraphPageSchema = z
  .object({
    value: z.array(GraphUserSchema),
    '@odata.nextLink': z.string().url().optional(),
    '@odata.deltaLink': z.string().url().optional(),
  })
  .passthrough()
  .refine((page) => Boolean(page['@odata.nextLink']) !== Boolean(page['@odata.deltaLink']), 'a page has exactly one of @odata.nextLink and @odata.deltaLink');
export type GraphPage = z.infer<typeof GraphPageSchema>;

export type GraphErrorCode = 'graph_permission' | 'graph_delta_expired' | 'graph_malformed' | 'graph_throttled' | 'graph_failed';

export class GraphError extends Error {
  constructor(readonly code: GraphErrorCode, message: string, readonly status?: number) {
    super(message);
    this.name = 'GraphError';
  }
}

export interface GraphClientOptions {
  baseUrl: string;
  /** An app-only token for the tenant, or undefined where no token is needed (local mode's loopback fake). */
  token: () => Promise<string | undefined>;
  /** Waits between attempts; tests pass one that records the delay and returns at once. */
  sleep?: (ms: number) => Promise<void>;
  fetch?: typeof fetch;
}

/** Retry-After in seconds or as an HTTP date; Graph sends seconds. */
export function retryAfterMs(header: string | null, attempt: number, now = Date.now()): number {
  const seconds = header === null ? NaN : Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = header ? Date.parse(header) : NaN;
  if (Number.isFinite(date)) return Math.max(0, date - now);
  // No advice: exponential backoff with full jitter, as Microsoft recommends.
  return Math.random() * Math.min(60_000, 1000 * 2 ** attempt);
}

function permissionMessage(status: number, code: string | undefined): string {
  return status === 401
    ? `Microsoft Graph refused Commons' token (401${code ? ` ${code}` : ''}). Check the app registration's credentials, and that the application permission User.Read.All is granted with admin consent.`
    : `Commons lacks the Microsoft Graph application permission User.Read.All (Graph answered 403${code ? ` ${code}` : ''}). An Entra admin grants it, with admin consent, on the Commons app registration; the next sync then reads the directory.`;
}

function parseJson(body: string, lenient = false): unknown {
  try {
    return JSON.parse(body);
  } catch {
    if (lenient) return undefined;
    throw new GraphError('graph_malformed', 'Microsoft Graph answered with something that is not JSON');
  }
}

export class GraphClient {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly fetch: typeof fetch;
  private readonly origin: string;

  constructor(private readonly options: GraphClientOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.fetch = options.fetch ?? fetch;
    this.origin = new URL(options.baseUrl).origin;
  }

  /** The first page of a full sync: every user, and at the end a delta link for the next changes. */
  firstDeltaUrl(): string {
    const url = new URL('/v1.0/users/delta', this.options.baseUrl);
    url.searchParams.set('$select', USER_FIELDS.join(','));
    url.searchParams.set('$top', String(GRAPH_PAGE_SIZE));
    return url.toString();
  }

  async page(url: string): Promise<GraphPage> {
    const { status, body } = await this.request('GET', url);
    if (status < 200 || status > 299) throw this.failure(status, body);
    const parsed = GraphPageSchema.safeParse(parseJson(body));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new GraphError('graph_malformed', `Microsoft Graph sent a page Commons cannot read (${issue.path.join('.') || 'page'}: ${issue.message})`);
    }
    return parsed.data;
  }

  /**
   * One Graph call at a path under the base URL (or a link Graph gave), with the same
   * throttling rules as a page; the status and text of the answer, for callers whose
   * errors mean something other than "sync failed" (an app installation's 403 or 409).
   */
  async call(method: 'GET' | 'POST', pathOrUrl: string, json?: unknown): Promise<{ status: number; body: string; errorCode?: string; errorMessage?: string }> {
    const { status, body } = await this.request(method, new URL(pathOrUrl, this.options.baseUrl).toString(), json);
    const error = (parseJson(body, true) as { error?: { code?: string; message?: string } } | undefined)?.error;
    return { status, body, errorCode: error?.code, errorMessage: error?.message };
  }

  /** The answer once Graph stops asking us to wait (429, 502–504 with Retry-After). */
  private async request(method: 'GET' | 'POST', url: string, json?: unknown): Promise<{ status: number; body: string }> {
    // Links come from Graph's answers; the token is never sent anywhere but Graph.
    if (new URL(url).origin !== this.origin) throw new GraphError('graph_malformed', `Graph sent a link outside ${this.origin}`);
    for (let attempt = 1; ; attempt++) {
      const token = await this.options.token();
      const response = await this.fetch(url, {
        method,
        headers: { accept: 'application/json', ...(json !== undefined && { 'content-type': 'application/json' }), ...(token && { authorization: `Bearer ${token}` }) },
        ...(json !== undefined && { body: JSON.stringify(json) }),
      });
      if (RETRYABLE.has(response.status)) {
        const wait = retryAfterMs(response.headers.get('retry-after'), attempt);
        await response.body?.cancel();
        if (attempt >= MAX_ATTEMPTS || wait > RETRY_AFTER_MAX_MS) throw new GraphError('graph_throttled', `Microsoft Graph kept answering ${response.status} after ${attempt} attempts`, response.status);
        await this.sleep(wait);
        continue;
      }
      return { status: response.status, body: await response.text() };
    }
  }

  private failure(status: number, body: string): GraphError {
    let code: string | undefined;
    try {
      code = (JSON.parse(body) as { error?: { code?: string } }).error?.code;
    } catch {
      // no Graph error body
    }
    if (status === 401 || status === 403) return new GraphError('graph_permission', permissionMessage(status, code), status);
    // A delta link Graph no longer knows: start again with a full sync.
    if (status === 410 || /syncStateNotFound|resyncRequired/i.test(code ?? '')) return new GraphError('graph_delta_expired', 'The stored delta link expired', status);
    return new GraphError('graph_failed', `Microsoft Graph answered ${status}${code ? ` ${code}` : ''}`, status);
  }
}
