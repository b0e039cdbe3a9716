import { createRemoteJWKSet, errors as joseErrors, JWTPayload, jwtVerify } from 'jose';
import { DomainError } from '../domain/errors';
import { Authenticator, Caller, GUID, headerValue } from './authenticator';

export interface EntraOptions {
  clientId: string;
  appIdUri: string;
  jwksUrl: string;
}

const REQUIRED_SCOPE = 'access_as_user';

/** Entra issues v1 or v2 tokens; either way the issuer must name the token's own tenant. */
function issuersFor(tenantId: string): string[] {
  return [`https://login.microsoftonline.com/${tenantId}/v2.0`, `https://sts.windows.net/${tenantId}/`];
}

/**
 * Tab SSO: verifies an Entra access token from `authentication.getAuthToken()`.
 * jose caches the key set and refetches it when a token names an unknown `kid`.
 */
export class EntraTokenAuthenticator implements Authenticator {
  readonly isDevIdentity = false;
  private readonly keys: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly options: EntraOptions) {
    this.keys = createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 6 * 60 * 60_000 });
  }

  async authenticate(headers: Record<string, string | string[] | undefined>): Promise<Caller> {
    const authorization = headerValue(headers, 'authorization');
    const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) throw new DomainError('unauthenticated', 'missing bearer token');

    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        audience: [this.options.clientId, this.options.appIdUri],
        algorithms: ['RS256'],
        clockTolerance: 60,
        requiredClaims: ['exp', 'iss', 'aud'],
      }));
    } catch (error) {
      const reason = error instanceof joseErrors.JOSEError ? error.code : 'invalid token';
      throw new DomainError('unauthenticated', reason);
    }

    const tenantId = typeof payload.tid === 'string' ? payload.tid : '';
    const userId = typeof payload.oid === 'string' ? payload.oid : '';
    if (!GUID.test(tenantId) || !GUID.test(userId)) throw new DomainError('unauthenticated', 'token lacks tid or oid');
    if (!payload.iss || !issuersFor(tenantId).includes(payload.iss)) throw new DomainError('unauthenticated', 'issuer does not match tenant');
    const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
    if (!scopes.includes(REQUIRED_SCOPE)) throw new DomainError('unauthenticated', `token lacks the ${REQUIRED_SCOPE} scope`);
    return { tenantId: tenantId.toLowerCase(), userId: userId.toLowerCase() };
  }
}
