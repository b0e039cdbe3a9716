import type { Request, Response, Server } from 'restify';
import type { Bot } from './app';
import type { Config } from '../config';
import type { Logger } from '../log';
import { t } from '../i18n';
import { errorBody, jsonBody } from '../http-body';
import { activityProblem } from './validate';
import { refereeAdapterResponse } from '../auth/botframework';
import { BOT_FRAMEWORK_ISSUER, BotTokenPolicy, vetBotToken } from '../auth/bot-token';
import { libraryMessageSummary, withLibraryConsole } from '../auth/library-console';
import { LogThrottle } from '../log-throttle';
import { isStoreUnavailable } from '../store/cosmos';
import type { TenantAllowList } from '../auth/tenant-allow-list';
import { tenantGate } from './tenant-gate';
import { recordPeopleSeen } from './people-seen';
import type { Repositories } from '../store';

export const BOT_BODY_MAX_BYTES = 256 * 1024;
/** Refusals are anyone's to cause: one log line per reason a minute, with a count. */
const REFUSAL_LOG_INTERVAL_MS = 60_000;

export interface BotEndpointDependencies {
  config: Config;
  bot: Bot;
  logger: Logger;
  tenants: TenantAllowList;
  repositories: Repositories;
}

/**
 * POST /api/messages, the door the Bot Framework knocks on. In order: the body's size
 * and shape (400/413), then, in cloud mode, the token's shape (401 before botbuilder
 * reads it, see vetBotToken), then botbuilder's own validation, the tenant
 * (ALLOWED_TENANTS, see tenantGate) and the turn, with
 * botbuilder's answers refereed (refereeAdapterResponse) and its console output kept
 * off stdout.
 */
export function registerBotEndpoint(server: Server, deps: BotEndpointDependencies): void {
  const { logger, bot, config } = deps;
  const policy: BotTokenPolicy | undefined =
    config.mode === 'cloud' ? { issuer: config.bot.authOverrides?.tokenIssuer ?? BOT_FRAMEWORK_ISSUER } : undefined;
  const refusals = new LogThrottle({ intervalMs: REFUSAL_LOG_INTERVAL_MS });
  const admitsTenant = tenantGate(deps.tenants, logger);

  // `reason` is ours (a fixed text) and keys the throttle; `detail` may quote the caller.
  const refuse = (req: Request, res: Response, reason: string, detail?: string) => {
    const { log, suppressed } = refusals.admit(reason);
    const entry = { reqId: req.id(), reason, detail };
    if (log) logger.warn({ ...entry, suppressedSinceLast: suppressed }, 'activity refused: not authenticated');
    else logger.debug(entry, 'activity refused: not authenticated');
    res.send(401, errorBody('unauthenticated', t(undefined, 'error.unauthenticated')));
  };

  server.post('/api/messages', jsonBody(BOT_BODY_MAX_BYTES), (req, res, next) => {
    const problem = activityProblem(req.body);
    if (problem) {
      res.send(400, errorBody('bad_request', t(undefined, 'error.bad_request', { detail: problem })));
      return next();
    }
    if (policy) {
      const verdict = vetBotToken(req.header('authorization'), policy);
      if (!verdict.ok) {
        refuse(req, res, verdict.reason);
        return next();
      }
    }
    let turnStarted = false;
    let turnError: unknown;
    const guarded = refereeAdapterResponse(res, () => turnStarted, ({ kind, status, detail }) => {
      if (kind === 'internal' && isStoreUnavailable(turnError)) {
        // The store could not take the write: Teams retries a 503, so nothing is lost.
        logger.warn({ reqId: req.id(), err: turnError }, 'activity refused: store unavailable');
        res.header('Retry-After', '5');
        res.send(503, errorBody('unavailable', t(undefined, 'error.unavailable')));
      } else if (kind === 'unauthenticated') {
        refuse(req, res, `refused by botbuilder (${status})`, libraryMessageSummary(detail));
      } else if (kind === 'unsupported') {
        res.send(400, errorBody('bad_request', t(undefined, 'error.bad_request', { detail: 'this invoke is not supported' })));
      } else {
        logger.error({ reqId: req.id(), status, detail }, 'activity processing failed');
        res.send(500, errorBody('internal', t(undefined, 'error.internal')));
      }
    });
    const libraryOutput = (text: string) => logger.debug({ reqId: req.id(), library: libraryMessageSummary(text) }, 'botbuilder console output');
    withLibraryConsole(libraryOutput, () =>
      bot.adapter.process(req, guarded as unknown as Response, async (context) => {
        turnStarted = true;
        if (!(await admitsTenant(context))) return;
        // Day one works before any directory sync; a store hiccup here must not cost the turn.
        await recordPeopleSeen(deps.repositories.people, context.activity, new Date().toISOString()).catch((error) => logger.warn({ err: error, reqId: req.id() }, 'could not record the people seen in an activity'));
        return bot.app.run(context).then(
          () => undefined,
          (error) => {
            turnError = error;
            throw error;
          },
        );
      }),
    )
      .catch((error) => {
        logger.error({ err: error, reqId: req.id() }, 'activity processing failed');
        if (!res.headersSent) res.send(500, errorBody('internal', t(undefined, 'error.internal')));
      })
      .finally(() => next());
  });
}
