import type { Request, RequestHandler, Response } from 'restify';
import type { Authenticator } from '../auth/authenticator';
import { assertWithinWriteLimit, READ_RATE_LIMIT, TokenBucketLimiter, WRITE_RATE_LIMIT } from '../auth/user-limits';
import type { Logger } from '../log';
import { sendError } from './http';

export const WRITE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

export const isApiWrite = (req: Request) => WRITE_METHODS.has(req.method ?? '') && req.getPath().startsWith('/api/v1/');
export const isApiRead = (req: Request) => READ_METHODS.has(req.method ?? '') && req.getPath().startsWith('/api/v1/');

interface RateLimitDependencies {
  authenticator: Authenticator;
  logger: Logger;
  limiter?: TokenBucketLimiter;
}

/**
 * Restify middleware: every POST/PUT/PATCH/DELETE under /api/v1 spends one of the
 * caller's tokens. The caller is authenticated here (a cheap, cached signature check)
 * so nobody can drain someone else's bucket with a forged token; a request that fails
 * authentication passes on to its route, which refuses it with 401 before any write.
 */
export function writeRateLimit(deps: RateLimitDependencies): RequestHandler {
  return perCallerLimit(deps, deps.limiter ?? new TokenBucketLimiter(WRITE_RATE_LIMIT), isApiWrite, 'write');
}

/** The same for GET/HEAD under /api/v1, with its own, larger bucket (READ_RATE_LIMIT). */
export function readRateLimit(deps: RateLimitDependencies): RequestHandler {
  return perCallerLimit(deps, deps.limiter ?? new TokenBucketLimiter(READ_RATE_LIMIT), isApiRead, 'read');
}

function perCallerLimit(deps: RateLimitDependencies, limiter: TokenBucketLimiter, applies: (req: Request) => boolean, kind: 'read' | 'write'): RequestHandler {
  return (req: Request, res: Response, next) => {
    if (!applies(req)) return next();
    deps.authenticator.authenticate(req.headers).then(
      (caller) => {
        try {
          assertWithinWriteLimit(limiter, caller);
          next();
        } catch (error) {
          deps.logger.warn({ reqId: req.id(), tenantId: caller.tenantId, userId: caller.userId, path: req.getPath() }, `${kind} rate limit reached`);
          sendError(req, res, error, deps.logger);
          next(false);
        }
      },
      () => next(),
    );
  };
}
