import { z } from 'zod';

/**
 * Every setting Commons reads, from environment variables only. The README's
 * configuration table documents the same names; keep them in step.
 */
export type RunMode = 'local' | 'cloud';
export type StoreMode = 'embedded' | 'key' | 'managedIdentity';

export interface Config {
  mode: RunMode;
  /** The manifest id (TEAMS_APP_ID), for proactive installation through Graph; absent: no proactive installation. */
  teamsAppId?: string;
  port: number;
  host: string;
  logLevel: string;
  bot: {
    appId: string;
    password: string;
    tenantId: string;
    appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    /** Overrides so the real JWT validation can run against a loopback OpenID server in tests. */
    authOverrides?: BotAuthOverrides;
  };
  store: {
    mode: StoreMode;
    endpoint?: string;
    key?: string;
    database: string;
    dataDir: string;
    snapshotIntervalMs: number;
    /** Local mode on a store that is not on this machine (COMMONS_ALLOW_REMOTE_STORE_IN_LOCAL_MODE). */
    remoteInLocalMode: boolean;
  };
  tab: {
    clientId: string;
    appIdUri: string;
    jwksUrl: string;
    /** Local mode only: the API accepts X-Dev-Tenant / X-Dev-User. Never true in cloud mode. */
    devIdentity: boolean;
  };
  admins: string[];
  /** Background erasure jobs (src/domain/erasure-run.ts). */
  erasure: { tasksPerSlice: number };
  delivery: {
    /** Tenant-wide Bot Connector requests per second for announcements (Teams allows about 50). */
    maxRps: number;
    /** Why the delivery engine (and the held-notice sweeper) must not run; undefined: it runs. */
    disabledBecause?: string;
  };
  /**
   * The Entra tenants whose activities and API calls are served (lower-case GUIDs);
   * undefined: every tenant (local mode without ALLOWED_TENANTS only).
   */
  allowedTenants?: string[];
  directory: {
    /** Microsoft Graph for the directory sync; undefined in local mode unless GRAPH_BASE_URL names a loopback fake. */
    graphBaseUrl?: string;
    /** How often each tenant's directory is synced; 0: only on demand. */
    syncIntervalMs: number;
    /** How long a sync's lease lasts without a page: after that, another (or a restarted) instance resumes it. */
    syncLeaseMs: number;
  };
  seedDemoData: boolean;
  /**
   * Application Insights (APPLICATIONINSIGHTS_CONNECTION_STRING), cloud mode only:
   * local mode and tests send nothing, whatever the environment says.
   */
  telemetry: { connectionString?: string };
  publicUrl: string;
}

export interface BotAuthOverrides {
  openIdMetadataUrl: string;
  emulatorOpenIdMetadataUrl: string;
  tokenIssuer: string;
  loginUrl: string;
  oauthScope: string;
  oauthUrl: string;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));
const optionalText = z.string().trim().min(1).optional();
/** By address, not by name resolution: a name may resolve elsewhere tomorrow. */
const isLoopbackUrl = (url: string) => {
  const host = new URL(url).hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
};
const tenantList = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean))
  .refine((ids) => ids.length > 0 && ids.every((id) => guid.test(id)), 'must be comma-separated Entra tenant ids (GUIDs)');

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: optionalText,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BOT_ID: optionalText,
  BOT_PASSWORD: optionalText,
  BOT_TENANT_ID: optionalText,
  BOT_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  BOT_OPENID_METADATA_URL: z.string().url().optional(),
  BOT_TOKEN_ISSUER: optionalText,
  BOT_LOGIN_URL: z.string().url().optional(),
  COSMOS_ENDPOINT: z.string().url().optional(),
  COMMONS_ALLOW_REMOTE_STORE_IN_LOCAL_MODE: bool.default('false'),
  ALLOWED_TENANTS: tenantList.optional(),
  COSMOS_KEY: optionalText,
  COSMOS_DATABASE: z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, 'letters, digits, _ and - only').default('commons'),
  DATA_DIR: z.string().min(1).default('.data'),
  SNAPSHOT_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86400).default(1),
  // ERASURE_TASKS_PER_SLICE: how much of an erasure one background slice does before
  // yielding to the store's other work (a slice per sweep, about a second apart).
  ERASURE_TASKS_PER_SLICE: z.coerce.number().int().min(1).max(10_000).default(200),
  SEED: bool.default('true'),
  COMMONS_ADMINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean))
    .refine((ids) => ids.every((id) => guid.test(id)), 'must be comma-separated Entra object ids (GUIDs)'),
  TAB_CLIENT_ID: optionalText,
  TAB_APP_ID_URI: optionalText,
  ENTRA_JWKS_URL: z.string().url().default('https://login.microsoftonline.com/common/discovery/v2.0/keys'),
  PUBLIC_URL: z.string().url().optional(),
  // DELIVERY_MAX_RPS: tenant-wide rate of announcement sends, requests per second. Teams
  // allows about 50 per app per tenant; higher values only make sense against a mock connector.
  GRAPH_BASE_URL: z.string().url().optional(),
  /** The Teams app's manifest id: proactive installation finds the app in the tenant catalog by it. */
  TEAMS_APP_ID: optionalText.refine((id) => id === undefined || guid.test(id), 'must be the Teams app id from the manifest (a GUID)'),
  GRAPH_SYNC_INTERVAL_MINUTES: z.coerce.number().int('must be whole minutes').min(0).max(7 * 24 * 60).default(60),
  GRAPH_SYNC_LEASE_SECONDS: z.coerce.number().int('must be whole seconds').min(1).max(3600).default(120),
  APPLICATIONINSIGHTS_CONNECTION_STRING: optionalText.refine(
    (value) => value === undefined || /(^|;)\s*InstrumentationKey=[^;]+/i.test(value),
    'must be an Application Insights connection string (InstrumentationKey=…;IngestionEndpoint=…)',
  ),
  DELIVERY_MAX_RPS: z.coerce.number().positive('must be a positive number of requests per second').max(10_000).default(50),
});

/** Turns the first zod issue into the one line that stops start-up. */
function describeIssue(error: z.ZodError, env: NodeJS.ProcessEnv): string {
  const issue = error.issues[0];
  const name = String(issue.path[0] ?? 'environment');
  const got = env[name];
  const shown = got === undefined ? '' : ` (got "${got.length > 40 ? `${got.slice(0, 40)}…` : got}")`;
  return `Configuration error: ${name}: ${issue.message}${shown}`;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(describeIssue(parsed.error, env));
  const e = parsed.data;
  const mode: RunMode = e.BOT_ID ? 'cloud' : 'local';

  if (mode === 'cloud' && !e.COSMOS_ENDPOINT) {
    throw new ConfigError('Configuration error: COSMOS_ENDPOINT: required when BOT_ID is set (cloud mode)');
  }
  if (e.COSMOS_KEY && !e.COSMOS_ENDPOINT) {
    throw new ConfigError('Configuration error: COSMOS_KEY: set COSMOS_ENDPOINT too, or remove COSMOS_KEY');
  }
  if (mode === 'cloud' && !e.TAB_CLIENT_ID) {
    throw new ConfigError('Configuration error: TAB_CLIENT_ID: required when BOT_ID is set (cloud mode), for tab SSO');
  }
  const overrides = [e.BOT_OPENID_METADATA_URL, e.BOT_TOKEN_ISSUER, e.BOT_LOGIN_URL];
  if (overrides.some(Boolean) && !overrides.every(Boolean)) {
    throw new ConfigError(
      'Configuration error: BOT_OPENID_METADATA_URL, BOT_TOKEN_ISSUER and BOT_LOGIN_URL must be set together',
    );
  }

  const host = e.HOST ?? (mode === 'local' ? '127.0.0.1' : '0.0.0.0');
  // Local mode trusts the dev identity headers and runs the bot without auth:
  // never reachable from another machine.
  if (mode === 'local' && !['127.0.0.1', 'localhost', '::1'].includes(host)) {
    throw new ConfigError(`Configuration error: HOST: local mode (no BOT_ID) listens on loopback only (got "${host}")`);
  }
  // Local mode syncs without a token, so it may only talk to a Graph on this machine.
  if (mode === 'local' && e.GRAPH_BASE_URL && !isLoopbackUrl(e.GRAPH_BASE_URL)) {
    throw new ConfigError(`Configuration error: GRAPH_BASE_URL: local mode (no BOT_ID) syncs only from a loopback address (got "${e.GRAPH_BASE_URL}")`);
  }
  // Local mode trusts the dev identity headers, seeds the demo tenant and sends without
  // credentials: pointed at a real store it would do all three to real data.
  const remoteInLocalMode = mode === 'local' && !!e.COSMOS_ENDPOINT && !isLoopbackUrl(e.COSMOS_ENDPOINT);
  if (remoteInLocalMode && !e.COMMONS_ALLOW_REMOTE_STORE_IN_LOCAL_MODE) {
    throw new ConfigError(
      `Configuration error: COSMOS_ENDPOINT: local mode (no BOT_ID) uses a store on this machine only (got "${e.COSMOS_ENDPOINT}"); set BOT_ID for cloud mode, or COMMONS_ALLOW_REMOTE_STORE_IN_LOCAL_MODE=true to use it anyway (no seeding into a store with data, no delivery)`,
    );
  }
  const allowedTenants = allowedTenantsOf(mode, e.ALLOWED_TENANTS, e.BOT_TENANT_ID);
  const storeMode: StoreMode = !e.COSMOS_ENDPOINT ? 'embedded' : e.COSMOS_KEY ? 'key' : 'managedIdentity';
  const port = e.PORT;
  const tabClientId = e.TAB_CLIENT_ID ?? '00000000-0000-0000-0000-000000000000';
  return {
    mode,
    teamsAppId: e.TEAMS_APP_ID?.toLowerCase(),
    port,
    host,
    logLevel: e.LOG_LEVEL,
    bot: {
      appId: e.BOT_ID ?? '',
      password: e.BOT_PASSWORD ?? '',
      tenantId: e.BOT_TENANT_ID ?? '',
      appType: e.BOT_TYPE ?? (mode === 'local' || e.BOT_PASSWORD ? 'MultiTenant' : 'UserAssignedMSI'),
      authOverrides: e.BOT_OPENID_METADATA_URL
        ? {
            openIdMetadataUrl: e.BOT_OPENID_METADATA_URL,
            emulatorOpenIdMetadataUrl: e.BOT_OPENID_METADATA_URL,
            tokenIssuer: e.BOT_TOKEN_ISSUER!,
            loginUrl: e.BOT_LOGIN_URL!,
            oauthScope: 'https://api.botframework.com',
            oauthUrl: e.BOT_LOGIN_URL!,
          }
        : undefined,
    },
    store: {
      mode: storeMode,
      endpoint: e.COSMOS_ENDPOINT,
      key: e.COSMOS_KEY,
      database: e.COSMOS_DATABASE,
      dataDir: e.DATA_DIR,
      snapshotIntervalMs: e.SNAPSHOT_INTERVAL_SECONDS * 1000,
      remoteInLocalMode,
    },
    tab: {
      clientId: tabClientId,
      appIdUri: e.TAB_APP_ID_URI ?? `api://${tabClientId}`,
      jwksUrl: e.ENTRA_JWKS_URL,
      devIdentity: mode === 'local',
    },
    admins: e.COMMONS_ADMINS,
    erasure: { tasksPerSlice: e.ERASURE_TASKS_PER_SLICE },
    delivery: { maxRps: e.DELIVERY_MAX_RPS, disabledBecause: deliveryDisabledBecause(mode, remoteInLocalMode, e) },
    allowedTenants,
    directory: {
      graphBaseUrl: e.GRAPH_BASE_URL ?? (mode === 'cloud' ? 'https://graph.microsoft.com' : undefined),
      syncIntervalMs: e.GRAPH_SYNC_INTERVAL_MINUTES * 60_000,
      syncLeaseMs: e.GRAPH_SYNC_LEASE_SECONDS * 1000,
    },
    seedDemoData: mode === 'local' && e.SEED,
    telemetry: { connectionString: mode === 'cloud' ? e.APPLICATIONINSIGHTS_CONNECTION_STRING : undefined },
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${port}`,
  };
}

/**
 * Cloud mode serves one organisation unless told otherwise: ALLOWED_TENANTS, else the
 * bot's own tenant. Local mode serves every tenant (tests and the Playground use
 * several) unless ALLOWED_TENANTS is set.
 */
function allowedTenantsOf(mode: RunMode, allowed: string[] | undefined, botTenantId: string | undefined): string[] | undefined {
  if (allowed || mode === 'local') return allowed;
  if (botTenantId && guid.test(botTenantId)) return [botTenantId.toLowerCase()];
  throw new ConfigError(
    botTenantId
      ? `Configuration error: BOT_TENANT_ID: must be an Entra tenant id (GUID) to stand in for ALLOWED_TENANTS (got "${botTenantId.slice(0, 40)}")`
      : 'Configuration error: ALLOWED_TENANTS: required in cloud mode (BOT_ID set) unless BOT_TENANT_ID is set: the comma-separated Entra tenant ids Commons serves',
  );
}

/** Sends need the bot's credentials; local mode on a real store must not send at all. */
function deliveryDisabledBecause(mode: RunMode, remoteInLocalMode: boolean, e: z.infer<typeof EnvSchema>): string | undefined {
  if (remoteInLocalMode) return 'local mode on a remote store (COMMONS_ALLOW_REMOTE_STORE_IN_LOCAL_MODE): no delivery, it has no bot credentials';
  const appType = e.BOT_TYPE ?? (e.BOT_PASSWORD ? 'MultiTenant' : 'UserAssignedMSI');
  if (mode === 'cloud' && appType !== 'UserAssignedMSI' && !e.BOT_PASSWORD) return `cloud mode without bot credentials (BOT_TYPE ${appType} needs BOT_PASSWORD): no delivery`;
  return undefined;
}

/** The start-up banner line: what mode we run in and why, without secrets. */
export function describeConfig(config: Config): string {
  const store =
    config.store.mode === 'embedded'
      ? 'embedded Cosmos server (data in ' + config.store.dataDir + ')'
      : `${config.store.endpoint} (${config.store.mode === 'key' ? 'account key' : 'managed identity'})`;
  const auth = config.mode === 'cloud' ? 'Bot Framework JWT validation on' : 'bot auth off (local), dev identity on';
  const tenants = config.allowedTenants ? `tenants ${config.allowedTenants.join(', ')} only` : 'every tenant';
  const telemetry = config.telemetry.connectionString ? 'telemetry to Application Insights' : config.mode === 'cloud' ? 'telemetry off (no APPLICATIONINSIGHTS_CONNECTION_STRING)' : 'telemetry off (local mode)';
  return `Commons in ${config.mode} mode on Node ${process.version}: store ${store}; ${auth}; ${tenants}; ${telemetry}`;
}
