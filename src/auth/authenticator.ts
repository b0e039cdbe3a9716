import { DomainError } from '../domain/errors';

/** Who the caller is, as proven by the request: tenant and Entra object id only. */
export interface Caller {
  tenantId: string;
  userId: string;
}

export interface Authenticator {
  /** True when this authenticator trusts headers instead of a token (local mode only). */
  readonly isDevIdentity: boolean;
  authenticate(headers: Record<string, string | string[] | undefined>): Promise<Caller>;
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Local mode's stand-in for SSO: the tab's user switcher names the tenant and user.
 * Only ever constructed when the config says local mode (no BOT_ID).
 */
export class DevIdentityAuthenticator implements Authenticator {
  readonly isDevIdentity = true;

  async authenticate(headers: Record<string, string | string[] | undefined>): Promise<Caller> {
    const tenantId = headerValue(headers, 'x-dev-tenant')?.trim();
    const userId = headerValue(headers, 'x-dev-user')?.trim();
    if (!tenantId || !userId) {
      throw new DomainError('unauthenticated', 'local mode: send the X-Dev-Tenant and X-Dev-User headers');
    }
    if (!GUID.test(tenantId) || !GUID.test(userId)) {
      throw new DomainError('unauthenticated', 'X-Dev-Tenant and X-Dev-User must be GUIDs');
    }
    return { tenantId: tenantId.toLowerCase(), userId: userId.toLowerCase() };
  }
}
