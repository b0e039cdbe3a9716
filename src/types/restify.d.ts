/**
 * Types for restify 12, which ships none. `@types/restify` stops at 8.5 (restify 8: callback
 * handlers only, Node 14 era), so it would describe an API that is no longer the one we run.
 * This file covers what Commons uses, as restify 12 implements it (lib/server.js,
 * lib/request.js, lib/response.js, lib/chain.js); extend it when you use more.
 */
declare module 'restify' {
  import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'http';
  import type { AddressInfo } from 'net';

  export interface Request extends IncomingMessage {
    /** Route parameters (`/posts/:id`); with `mapParams: false` nothing else lands here. */
    params: Record<string, string>;
    /** Parsed by `plugins.queryParser()`. */
    query: Record<string, unknown>;
    /** Whatever `plugins.bodyParser()` produced (JSON here); validate it with zod before use. */
    body?: any;
    /** The request id restify assigns (or takes from `x-request-id`). */
    id(): string;
    getId(): string;
    getPath(): string;
    path(): string;
    href(): string;
    getQuery(): string | Record<string, unknown>;
    header(name: string, defaultValue?: string): string;
    /** When restify started handling the request, in ms since the epoch. */
    time(): number;
    isSecure(): boolean;
    userAgent(): string;
    contentType(): string;
  }

  export interface Response extends ServerResponse {
    send(code?: number | unknown, body?: unknown, headers?: Record<string, string>): this;
    sendRaw(code?: number | unknown, body?: unknown, headers?: Record<string, string>): this;
    json(code?: number | unknown, body?: unknown, headers?: Record<string, string>): this;
    header(key: string, value?: unknown): unknown;
    set(name: string | Record<string, string>, value?: string): this;
    status(code: number): number;
    redirect(code: number | string | object, url?: string | Next, next?: Next): void;
    noCache(): this;
    cache(type?: string, options?: { maxAge?: number }): string;
    charSet(type: string): this;
  }

  /** Call with nothing to go on, `false` to stop, or an error to answer with it. */
  export type Next = (err?: unknown) => void;

  /** restify 10+: either a callback handler (three arguments) or an async one (two, no `next`). */
  export type RequestHandler =
    | ((req: Request, res: Response, next: Next) => unknown)
    | ((req: Request, res: Response) => Promise<unknown>);
  export type RequestHandlerType = RequestHandler | RequestHandler[];

  export interface ServerOptions {
    name?: string;
    /** false: an exception thrown by a handler is not turned into a 500 by restify itself. */
    handleUncaughtExceptions?: boolean;
    ignoreTrailingSlash?: boolean;
    strictNext?: boolean;
  }

  type RouteSpec = string | RegExp | { path: string | RegExp; name?: string; version?: string | string[] };

  export interface Server {
    readonly name: string;
    readonly url: string;
    /** The underlying `http.Server`. */
    readonly server: HttpServer;
    get(route: RouteSpec, ...handlers: RequestHandlerType[]): string | false;
    head(route: RouteSpec, ...handlers: RequestHandlerType[]): string | false;
    post(route: RouteSpec, ...handlers: RequestHandlerType[]): string | false;
    put(route: RouteSpec, ...handlers: RequestHandlerType[]): string | false;
    patch(route: RouteSpec, ...handlers: RequestHandlerType[]): string | false;
    del(route: RouteSpec, ...handlers: RequestHandlerType[]): string | false;
    opts(route: RouteSpec, ...handlers: RequestHandlerType[]): string | false;
    pre(...handlers: RequestHandlerType[]): this;
    use(...handlers: RequestHandlerType[]): this;
    listen(port: number, host?: string, callback?: () => void): HttpServer;
    listen(port: number, callback?: () => void): HttpServer;
    close(callback?: () => void): HttpServer;
    address(): AddressInfo;
    on(event: 'restifyError', listener: (req: Request, res: Response, error: unknown, callback: () => void) => void): this;
    on(event: 'after', listener: (req: Request, res: Response, route: unknown, error?: unknown) => void): this;
    on(event: string, listener: (...args: any[]) => void): this;
    once(event: string, listener: (...args: any[]) => void): this;
  }

  export function createServer(options?: ServerOptions): Server;

  export namespace plugins {
    interface BodyParserOptions {
      maxBodySize?: number;
      mapParams?: boolean;
      mapFiles?: boolean;
      overrideParams?: boolean;
      rejectUnknown?: boolean;
      requestBodyOnGet?: boolean;
    }
    function bodyParser(options?: BodyParserOptions): RequestHandler[];
    function queryParser(options?: { mapParams?: boolean; overrideParams?: boolean; allowDots?: boolean; plainObjects?: boolean }): RequestHandler;
    function serveStaticFiles(directory: string, options?: { maxAge?: number; etag?: boolean; setHeaders?: (res: Response, path: string, stat: unknown) => void }): RequestHandler;
  }
}
