import { ApiError, createApiClient, type IdentityHeaders } from '../api';
import { devIdentitiesSchema, type DevIdentities, type DevUser } from '../data/schemas';

/**
 * Local mode: outside Teams there is no SSO token, so a server running with its
 * local store offers demo identities and trusts X-Dev-* headers instead. In any
 * real deployment the endpoint answers 404.
 */
const DEV_IDENTITIES_PATH = '/api/v1/dev/identities';
const STORAGE_KEY = 'commons.devIdentity.userId';

/** The demo identities, or undefined when the server is not in local mode. */
export async function loadDevIdentities(): Promise<DevIdentities | undefined> {
  const anonymous = createApiClient(async () => ({}));
  try {
    return await anonymous.get(DEV_IDENTITIES_PATH, devIdentitiesSchema);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}

export function devIdentityHeaders(tenantId: string, userId: string): IdentityHeaders {
  const headers = { 'X-Dev-Tenant': tenantId, 'X-Dev-User': userId };
  return async () => headers;
}

/** The remembered user if they still exist, else the first one. */
export function recallDevUser(users: DevUser[]): DevUser | undefined {
  const remembered = readStorage();
  return users.find((user) => user.userId === remembered) ?? users[0];
}

export function rememberDevUser(userId: string): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, userId);
  } catch {
    // Storage can be disabled (private mode, embedded webviews); the choice then lasts for this visit only.
  }
}

function readStorage(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
