import { ActivityTypes, TurnContext } from 'botbuilder';
import type { TenantAllowList } from '../auth/tenant-allow-list';
import type { Logger } from '../log';
import { LogThrottle } from '../log-throttle';
import { tenantOf } from './activity';

/** One line per foreign tenant an hour: another tenant's installs may send a lot. */
const FOREIGN_TENANT_LOG_INTERVAL_MS = 60 * 60_000;

/**
 * The bot's half of ALLOWED_TENANTS, run on an authenticated activity before any route.
 * An activity from another tenant is acknowledged (200, so the channel does not retry
 * it) and otherwise ignored: nothing is stored, nothing is sent back.
 */
export function tenantGate(tenants: TenantAllowList, logger: Logger): (context: TurnContext) => Promise<boolean> {
  const logged = new LogThrottle({ intervalMs: FOREIGN_TENANT_LOG_INTERVAL_MS });
  return async (context) => {
    const tenantId = tenantOf(context.activity);
    if (tenants.allows(tenantId)) return true;
    const { log, suppressed } = logged.admit(tenantId ?? 'none');
    if (log) {
      logger.warn({ tenantId: tenantId ?? null, activityType: context.activity.type, ignoredSinceLast: suppressed }, 'activity from a tenant not in ALLOWED_TENANTS ignored');
    }
    // Invokes expect a body; without one botbuilder would answer 501.
    if (context.activity.type === ActivityTypes.Invoke) await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200 } });
    return false;
  };
}
