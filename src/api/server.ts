import path from 'path';
import restify, { Request, Response, Server } from 'restify';
import type { Bot } from '../bot/app';
import type { Store } from '../store/cosmos';
import type { TenantAllowList } from '../auth/tenant-allow-list';
import { t } from '../i18n';
import { ApiDependencies } from './context';
import { errorBody } from './http';
import { registerApiV1 } from './v1';
import { registerBotEndpoint } from '../bot/endpoint';
import { securityHeaders } from './security';
import { readRateLimit, writeRateLimit } from './ratelimit';
import { TokenBucketLimiter } from '../auth/user-limits';
import { tagRequestId } from '../telemetry/metrics';

const READY_TIMEOUT_MS = 2_000;

export interface ServerDependencies extends ApiDependencies {
  /** Shared with the bot, so a person's writes count once whichever door they use. */
  writeLimiter?: TokenBucketLimiter;
  readLimiter?: TokenBucketLimiter;
  store: Store;
  bot: Bot;
  /** ALLOWED_TENANTS, for the bot endpoint (the API's authenticator applies it already). */
  tenants: TenantAllowList;
  tabDir: string;
}

const RESTIFY_ERROR_CODES: Record<number, string> = { 400: 'bad_request', 404: 'not_found', 405: 'method_not_allowed', 413: 'too_large', 415: 'unsupported_media_type' };

export function createServer(deps: ServerDependencies): Server {
  const { logger } = deps;
  const server = restify.createServer({ name: 'commons', handleUncaughtExceptions: false });

  // Errors raised by restify itself (bad JSON, body too large, unknown route) use our
  // error shape too, with no stack and no internals.
  server.on('restifyError', (req: Request, res: Response, error: { statusCode?: number; toJSON?: () => unknown }, callback: () => void) => {
    const status = error.statusCode ?? 500;
    const code = RESTIFY_ERROR_CODES[status] ?? (status >= 500 ? 'internal' : 'bad_request');
    const message = status >= 500 ? t(undefined, 'error.internal') : status === 413 ? t(undefined, 'error.too_large') : status === 404 ? t(undefined, 'error.not_found') : t(undefined, 'error.bad_request', { detail: 'the body could not be read' });
    error.toJSON = () => errorBody(code, message);
    callback();
  });

  server.pre((req, res, next) => {
    res.header('X-Request-Id', req.id());
    tagRequestId(req.id());
    next();
  });
  server.pre(securityHeaders({ devIdentity: deps.authenticator.isDevIdentity }));
  server.use(writeRateLimit({ authenticator: deps.authenticator, logger, limiter: deps.writeLimiter }));
  server.use(readRateLimit({ authenticator: deps.authenticator, logger, limiter: deps.readLimiter }));
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.on('after', (req: Request, res: Response) => {
    logger.info({ reqId: req.id(), method: req.method, path: req.getPath(), status: res.statusCode, ms: Date.now() - req.time() }, 'request');
  });

  server.get('/healthz', (req, res, next) => {
    res.send(200, { status: 'ok' });
    next();
  });
  server.get('/readyz', (req, res, next) => {
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('store ping timed out')), READY_TIMEOUT_MS).unref());
    Promise.race([deps.store.ping(), timeout])
      .then(() => res.send(200, { status: 'ready', store: deps.store.mode }))
      .catch((error) => {
        logger.warn({ err: error }, 'store not reachable');
        res.send(503, { status: 'unavailable', ...errorBody('unavailable', t(undefined, 'error.unavailable')) });
      })
      .finally(() => next());
  });

  registerBotEndpoint(server, deps);
  registerApiV1(server, { ...deps, refreshCards: (post) => deps.bot.refresher.refresh(post), sendCard: (conversation, card) => deps.bot.messenger.sendCard(conversation, card) });

  server.get('/', (req, res, next) => {
    res.redirect(302, '/tab/index.html#/feed', next);
  });
  server.get('/tab/*', restify.plugins.serveStaticFiles(path.resolve(deps.tabDir), { maxAge: 0 }));

  return server;
}
