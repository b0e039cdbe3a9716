import type { Request, Response, Next } from 'restify';
import { DomainError, DomainErrorCode, errorText } from '../domain/errors';
import { t } from '../i18n';
import { isStoreUnavailable } from '../store/cosmos';
import type { Logger } from '../log';
import { errorBody } from '../http-body';

export { API_BODY_MAX_BYTES, errorBody, jsonBody } from '../http-body';
export { parseInput as parse } from '../validation';
export type { ErrorBody } from '../http-body';

const STATUS: Record<DomainErrorCode, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  tenant_not_allowed: 403,
  not_found: 404,
  conflict: 409,
  guidelines_required: 403,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
};


export function localeOf(req: Request): string | undefined {
  return req.header('accept-language')?.split(',')[0]?.trim() || undefined;
}

/** Domain errors become their 4xx; anything else is a 500 with no internals shown. */
export function sendError(req: Request, res: Response, error: unknown, logger: Logger): void {
  if (error instanceof DomainError) {
    const message = errorText(localeOf(req), error);
    if (error.code === 'rate_limited' && error.params.retryAfterSeconds) res.header('Retry-After', String(error.params.retryAfterSeconds));
    res.send(STATUS[error.code], errorBody(error.code, message));
    return;
  }
  if (isStoreUnavailable(error)) {
    logger.warn({ err: error, reqId: req.id(), path: req.getPath() }, 'store unavailable');
    res.header('Retry-After', '5');
    res.send(503, errorBody('unavailable', t(localeOf(req), 'error.unavailable')));
    return;
  }
  logger.error({ err: error, reqId: req.id(), path: req.getPath() }, 'request failed');
  res.send(500, errorBody('internal', t(localeOf(req), 'error.internal')));
}

/** Wraps an async handler: its value is sent as JSON, its errors through sendError. */
export function handler<T>(logger: Logger, run: (req: Request, res: Response) => Promise<T>, status = 200) {
  return (req: Request, res: Response, next: Next) => {
    run(req, res)
      .then((value) => {
        if (!res.headersSent) res.send(status, value);
        next();
      })
      .catch((error) => {
        sendError(req, res, error, logger);
        next();
      });
  };
}

