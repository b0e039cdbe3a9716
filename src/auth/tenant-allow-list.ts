import { DomainError } from '../domain/errors';
import type { Authenticator, Caller } from './authenticator';

/**
 * ALLOWED_TENANTS. Neither door binds a tenant by itself: Bot Framework tokens name
 * none, and any Entra tenant can mint a valid SSO token for a multi-tenant app. So
 * the tenants this deployment serves are listed, and everything else is turned away
 * after authentication (the bot in src/bot/tenant-gate.ts, the API below).
 */
export class TenantAllowList {
  private readonly tenants?: ReadonlySet<string>;

  /** `tenants` undefined: every tenant (local mode without ALLOWED_TENANTS). */
  constructor(tenants?: readonly string[]) {
    this.tenants = tenants && new Set(tenants.map((id) => id.toLowerCase()));
  }

  get restricted(): boolean {
    return this.tenants !== undefined;
  }

  /** A tenant that is missing counts as not allowed when the list is restricted. */
  allows(tenantId: string | undefined): boolean {
    if (!this.tenants) return true;
    return tenantId !== undefined && this.tenants.has(tenantId.toLowerCase());
  }
}

/** The API's half: a caller from a tenant not on the list gets 403 tenant_not_allowed. */
export class TenantRestrictedAuthenticator implements Authenticator {
  constructor(
    private readonly inner: Authenticator,
    private readonly allowList: TenantAllowList,
  ) {}

  get isDevIdentity(): boolean {
    return this.inner.isDevIdentity;
  }

  async authenticate(headers: Record<string, string | string[] | undefined>): Promise<Caller> {
    const caller = await this.inner.authenticate(headers);
    if (!this.allowList.allows(caller.tenantId)) throw new DomainError('tenant_not_allowed', 'tenant not in ALLOWED_TENANTS');
    return caller;
  }
}
