import type { ZodType, ZodTypeDef } from 'zod';
import { errorBodySchema } from './data/schemas';

/**
 * The one place the tab talks to /api/v1. It adds the caller's identity headers
 * (a Teams SSO bearer token, or the local-mode X-Dev-* pair) to every request and
 * turns every failure into an ApiError whose code matches an `error.<code>` message.
 */
export type IdentityHeaders = () => Promise<Record<string, string>>;

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
    /** The server's own `error.message`, present only when it sent a proper error body. */
    readonly serverMessage?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Schema<T> = ZodType<T, ZodTypeDef, unknown>;

export interface ApiClient {
  get<T>(path: string, schema: Schema<T>, signal?: AbortSignal): Promise<T>;
  /** Replaces the resource at `path` with `body`, sent as JSON, and parses the answer with `schema`. */
  put<T>(path: string, body: unknown, schema: Schema<T>, signal?: AbortSignal): Promise<T>;
  post<T>(path: string, body: unknown, schema: Schema<T>, signal?: AbortSignal): Promise<T>;
  /** Changes some fields of the resource at `path`. */
  patch<T>(path: string, body: unknown, schema: Schema<T>, signal?: AbortSignal): Promise<T>;
  /** Removes the resource at `path` (an upvote taken back) and parses the answer with `schema`. */
  delete<T>(path: string, schema: Schema<T>, signal?: AbortSignal): Promise<T>;
  /** A file the API serves (a CSV export), as text. */
  text(path: string, signal?: AbortSignal): Promise<string>;
}

type Method = 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  412: 'conflict',
  413: 'too_large',
  429: 'rate_limited',
  503: 'unavailable',
};

export function createApiClient(identityHeaders: IdentityHeaders): ApiClient {
  async function request<T>(method: Method, path: string, body: unknown, schema: Schema<T>, signal?: AbortSignal): Promise<T> {
    const response = await send(method, path, body, await identityHeaders(), signal);
    const json = await readJson(response);
    if (!response.ok) throw errorFrom(response.status, json);
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new ApiError('internal', `${method} ${path} returned an unexpected shape: ${parsed.error.message}`, response.status);
    }
    return parsed.data;
  }
  return {
    get: (path, schema, signal) => request('GET', path, undefined, schema, signal),
    put: (path, body, schema, signal) => request('PUT', path, body, schema, signal),
    post: (path, body, schema, signal) => request('POST', path, body ?? {}, schema, signal),
    patch: (path, body, schema, signal) => request('PATCH', path, body, schema, signal),
    delete: (path, schema, signal) => request('DELETE', path, undefined, schema, signal),
    text: async (path, signal) => {
      const response = await send('GET', path, undefined, await identityHeaders(), signal);
      if (!response.ok) throw errorFrom(response.status, await readJson(response));
      return response.text();
    },
  };
}

async function send(
  method: Method,
  path: string,
  body: unknown,
  headers: Record<string, string>,
  signal?: AbortSignal,
): Promise<Response> {
  const hasBody = body !== undefined;
  try {
    return await fetch(path, {
      method,
      headers: { Accept: 'application/json', ...(hasBody && { 'Content-Type': 'application/json' }), ...headers },
      body: hasBody ? JSON.stringify(body) : undefined,
      credentials: 'same-origin',
      cache: 'no-store',
      signal,
    });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError('unavailable', `${method} ${path} failed: ${String(cause)}`);
  }
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

function errorFrom(status: number, body: unknown): ApiError {
  const parsed = errorBodySchema.safeParse(body);
  if (parsed.success) {
    const { code, message } = parsed.data.error;
    return new ApiError(code, message ?? code, status, message);
  }
  const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal' : 'bad_request');
  return new ApiError(code, `HTTP ${status}`, status);
}
