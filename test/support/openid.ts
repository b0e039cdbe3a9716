import http, { IncomingMessage, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import { randomUUID } from 'crypto';
import { exportJWK, generateKeyPair, JWK, JWTPayload, KeyLike, SignJWT } from 'jose';

/**
 * A loopback stand-in for the two identity services Commons trusts, so the real
 * token validation runs offline:
 *
 * - the Bot Framework channel: OpenID metadata at `/.well-known/openidconfiguration`,
 *   its key set at `/botframework/keys` (keys carry `endorsements`, as Microsoft's do),
 *   and a client-credentials token endpoint under `/botframework.com/oauth2/v2.0/token`;
 * - Entra ID for tab SSO: a key set at `/entra/keys` that can rotate while running.
 *
 * Tokens are signed with `jose` RSA keys generated per run; nothing here is a secret.
 */
export const BOT_TOKEN_ISSUER = 'https://api.botframework.test';
export const BOT_APP_ID = '3f1c9a52-8e47-4b1d-9c60-2a7e5d4b8f01';
export const BOT_APP_PASSWORD = 'loopback-test-secret-not-real';
export const TAB_CLIENT_ID = '6a2d8e14-3b9f-4c57-a1e0-9d4c7b2f6e03';
export const TAB_APP_ID_URI = `api://commons.example/${TAB_CLIENT_ID}`;

export interface SigningKey {
  kid: string;
  privateKey: KeyLike;
  jwk: JWK;
}

export async function createSigningKey(extra: Record<string, unknown> = {}): Promise<SigningKey> {
  const kid = `test-${randomUUID()}`;
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, kty: 'RSA', use: 'sig', alg: 'RS256', ...extra } as JWK;
  return { kid, privateKey, jwk };
}

/** One client-credentials request the bot made for its outbound token. */
export interface TokenRequest {
  path: string;
  form: Record<string, string>;
  accessToken: string;
}

export interface SignOptions {
  key?: SigningKey;
  /** Seconds from now; negative for a token already expired. */
  expiresIn?: number;
  /** Claims to add, replace or (with `undefined`) remove. */
  claims?: Record<string, unknown>;
}

export class OpenIdServer {
  url = '';
  /** The Bot Framework's signing key, endorsed for Teams. */
  channelKey!: SigningKey;
  /** A published Bot Framework key endorsed only for another channel. */
  webChatOnlyKey!: SigningKey;
  /** Entra keys currently published at /entra/keys. */
  readonly entraKeys: SigningKey[] = [];
  readonly tokenRequests: TokenRequest[] = [];
  /** How many times each path was fetched: shows caching and refetching. */
  readonly hits = new Map<string, number>();
  private server?: http.Server;

  async start(): Promise<this> {
    this.channelKey = await createSigningKey({ endorsements: ['msteams'] });
    this.webChatOnlyKey = await createSigningKey({ endorsements: ['webchat'] });
    this.entraKeys.push(await createSigningKey());
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The environment that points Commons' validation at this server. */
  get env(): Record<string, string> {
    return {
      BOT_OPENID_METADATA_URL: `${this.url}/.well-known/openidconfiguration`,
      BOT_TOKEN_ISSUER,
      BOT_LOGIN_URL: `${this.url}/botframework.com`,
      ENTRA_JWKS_URL: `${this.url}/entra/keys`,
    };
  }

  /** A token as the Bot Connector service sends with each activity. */
  botToken(serviceUrl: string, options: SignOptions = {}): Promise<string> {
    return sign(options.key ?? this.channelKey, { iss: BOT_TOKEN_ISSUER, aud: BOT_APP_ID, serviceurl: serviceUrl }, options);
  }

  /** A tab SSO access token as Entra issues it for `authentication.getAuthToken()`. */
  entraToken(tenantId: string, userId: string, options: SignOptions = {}): Promise<string> {
    const claims = {
      iss: `https://login.microsoftonline.com/${tenantId}/v2.0`,
      aud: TAB_CLIENT_ID,
      tid: tenantId,
      oid: userId,
      scp: 'access_as_user',
      ver: '2.0',
    };
    return sign(options.key ?? this.entraKeys[0], claims, options);
  }

  /** Publishes a new Entra key, as Entra does when it rotates keys. */
  async rotateEntraKey(): Promise<SigningKey> {
    const key = await createSigningKey();
    this.entraKeys.push(key);
    return key;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '').split('?')[0];
    this.hits.set(path, (this.hits.get(path) ?? 0) + 1);
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (path === '/.well-known/openidconfiguration') {
        return json(200, {
          issuer: BOT_TOKEN_ISSUER,
          jwks_uri: `${this.url}/botframework/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['private_key_jwt'],
        });
      }
      if (path === '/botframework/keys') return json(200, { keys: [this.channelKey.jwk, this.webChatOnlyKey.jwk] });
      if (path === '/entra/keys') return json(200, { keys: this.entraKeys.map((key) => key.jwk) });
      if (req.method === 'POST' && path.endsWith('/oauth2/v2.0/token')) {
        const form = Object.fromEntries(new URLSearchParams(raw));
        const accessToken = `outbound-${randomUUID()}`;
        this.tokenRequests.push({ path, form, accessToken });
        if (form.grant_type !== 'client_credentials' || form.client_id !== BOT_APP_ID || form.client_secret !== BOT_APP_PASSWORD) {
          return json(401, { error: 'invalid_client' });
        }
        return json(200, { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: accessToken });
      }
      json(404, { error: 'not_found' });
    });
  }
}

async function sign(key: SigningKey, claims: JWTPayload, options: SignOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = { iat: now, nbf: now - 10, exp: now + (options.expiresIn ?? 600), ...claims, ...options.claims };
  for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
}
