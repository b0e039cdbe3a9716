import { authentication } from '@microsoft/teams-js';
import { ApiError, type IdentityHeaders } from '../api';

/** Renew a little before expiry so a token never lapses between fetch and arrival. */
const RENEW_BEFORE_EXPIRY_MS = 5 * 60 * 1000;

interface CachedToken {
  token: string;
  expiresAt: number;
}

/**
 * Bearer headers from Teams SSO. Teams already caches tokens, but each
 * getAuthToken() is a round trip to the host frame, so one token is reused until it
 * nears expiry and concurrent requests share a single pending call.
 */
export function createSsoHeaders(): IdentityHeaders {
  let cached: CachedToken | undefined;
  let pending: Promise<CachedToken> | undefined;

  const renew = async (): Promise<CachedToken> => {
    try {
      const token = await authentication.getAuthToken();
      return { token, expiresAt: readExpiry(token) };
    } catch (cause) {
      throw new ApiError('unauthenticated', `authentication.getAuthToken() failed: ${String(cause)}`);
    }
  };

  return async () => {
    if (!cached || Date.now() >= cached.expiresAt - RENEW_BEFORE_EXPIRY_MS) {
      pending ??= renew().finally(() => {
        pending = undefined;
      });
      cached = await pending;
    }
    return { Authorization: `Bearer ${cached.token}` };
  };
}

/** The token's `exp` claim in ms; an unreadable token counts as already expiring, so it is used once. */
function readExpiry(token: string): number {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const { exp } = JSON.parse(atob(payload)) as { exp?: unknown };
    return typeof exp === 'number' ? exp * 1000 : 0;
  } catch {
    return 0;
  }
}
