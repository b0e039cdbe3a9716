import type { Response } from 'restify';

/**
 * What the route needs to know when botbuilder's CloudAdapter answered on its own.
 * `turnStarted` is false when the adapter refused the activity before our logic ran.
 */
export interface AdapterRefusal {
  /**
   * `unauthenticated`: refused before our logic ran (the token did not pass);
   * `unsupported`: an invoke no handler answered (botbuilder's 501);
   * `internal`: any other 5xx after the turn started.
   */
  kind: 'unauthenticated' | 'unsupported' | 'internal';
  status: number;
  /** The adapter's own message; for the log only, never for the caller. */
  detail: string;
}

function refusalKind(status: number, turnStarted: boolean): AdapterRefusal['kind'] | undefined {
  if (!turnStarted) return status >= 400 ? 'unauthenticated' : undefined;
  if (status === 501) return 'unsupported';
  return status >= 500 ? 'internal' : undefined;
}

/** The response methods CloudAdapter.process() calls (it checks for `header` too). */
export interface AdapterResponse {
  header(name: string, value: unknown): unknown;
  status(code: number): AdapterResponse;
  send(body?: unknown): AdapterResponse;
  end(): AdapterResponse;
}

/**
 * Stands between botbuilder and restify on /api/messages.
 *
 * The adapter validates the channel's JWT and answers failures itself: a 401 for most
 * problems but a 500 when jsonwebtoken rejects the signature (a key it cannot match),
 * each with the library's message as a plain-text body. The activity's shape has
 * already been checked by then, so a refusal before the turn starts can only mean the
 * caller is not the Bot Framework: that becomes our 401. After the turn started, a 501
 * means no handler answered an invoke (the caller asked for something we do not do: a
 * 400), and any other 5xx is ours, answered without the library's message. Anything
 * else, invoke responses included, passes through untouched.
 */
export function refereeAdapterResponse(res: Response, turnStarted: () => boolean, onRefused: (refusal: AdapterRefusal) => void): AdapterResponse {
  let refusal: AdapterRefusal | undefined;
  const guarded: AdapterResponse = {
    header(name, value) {
      if (!refusal) res.header(name, value);
      return guarded;
    },
    status(code) {
      const kind = refusalKind(code, turnStarted());
      if (kind) refusal = { kind, status: code, detail: '' };
      else res.status(code);
      return guarded;
    },
    send(body) {
      if (refusal) refusal.detail = typeof body === 'string' ? body : JSON.stringify(body ?? '');
      else res.send(body);
      return guarded;
    },
    end() {
      if (refusal) onRefused(refusal);
      else res.end();
      return guarded;
    },
  };
  return guarded;
}
