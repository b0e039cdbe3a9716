import { GUID } from './authenticator';

/**
 * The Bot Framework channel service's issuer: every activity Teams sends carries a token
 * it signed with this `iss`.
 */
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

/**
 * What a bot token may look like before botbuilder reads it. The channel's tokens are
 * about 1.2 KB with five short claims; these bounds leave room for growth and none for
 * abuse.
 */
export const BOT_TOKEN_LIMITS = {
  /** The whole `Authorization` header. */
  maxHeaderLength: 8 * 1024,
  /** Claims in the payload (botbuilder groups them with a spread per claim: quadratic). */
  maxClaims: 32,
  /** Any one claim's value, as JSON. */
  maxClaimLength: 2048,
  maxKeyIdLength: 256,
} as const;

export interface BotTokenPolicy {
  /** The one issuer accepted: the Bot Framework's, or the test issuer from BOT_TOKEN_ISSUER. */
  issuer: string;
  /** When a token names a tenant (`tid`), it must be one of these (lower-case GUIDs). */
  allowedTenants?: ReadonlySet<string>;
}

export type BotTokenVerdict = { ok: true } | { ok: false; reason: string };

const BEARER_JWT = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/;

function jsonSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Vets the `Authorization` header of an activity before botbuilder sees it. This checks
 * shape, not truth: the signature, audience, expiry, `serviceurl` and endorsements are
 * still botbuilder's to verify. It exists because botbuilder (botframework-connector
 * 4.23) decodes a token *before* verifying it and acts on what it reads: with an `iss`
 * and a `tid` it appends issuer strings built from that `tid` to a module-level list that
 * never shrinks (the emulator path), which lets anonymous requests exhaust the heap. So
 * only the channel's own issuer gets through (never the emulator's, whose issuers are
 * Entra's), with RS256 only, bounded sizes, and a `tid`, if any, that is an allowed tenant.
 */
export function vetBotToken(authorization: string | undefined, policy: BotTokenPolicy): BotTokenVerdict {
  if (!authorization) return { ok: false, reason: 'no Authorization header' };
  if (authorization.length > BOT_TOKEN_LIMITS.maxHeaderLength) return { ok: false, reason: 'Authorization header too long' };
  const parts = BEARER_JWT.exec(authorization);
  if (!parts) return { ok: false, reason: 'not a Bearer JWT' };
  const header = jsonSegment(parts[1]);
  const payload = jsonSegment(parts[2]);
  if (!header || !payload) return { ok: false, reason: 'token header or payload is not a JSON object' };
  if (header.alg !== 'RS256') return { ok: false, reason: 'token algorithm is not RS256' };
  if (typeof header.kid !== 'string' || header.kid.length === 0 || header.kid.length > BOT_TOKEN_LIMITS.maxKeyIdLength) {
    return { ok: false, reason: 'token names no usable key id' };
  }
  const claims = Object.entries(payload);
  if (claims.length > BOT_TOKEN_LIMITS.maxClaims) return { ok: false, reason: 'token has too many claims' };
  if (claims.some(([name, value]) => name.length > 64 || JSON.stringify(value).length > BOT_TOKEN_LIMITS.maxClaimLength)) {
    return { ok: false, reason: 'token claim too long' };
  }
  if (payload.iss !== policy.issuer) return { ok: false, reason: 'token issuer is not the Bot Framework' };
  if (payload.tid !== undefined) {
    const tid = payload.tid;
    // Lower-case only: botbuilder's issuer list tells tenants apart by exact text.
    if (typeof tid !== 'string' || !GUID.test(tid) || tid !== tid.toLowerCase()) return { ok: false, reason: 'token tenant is not a GUID' };
    if (policy.allowedTenants && !policy.allowedTenants.has(tid)) return { ok: false, reason: 'token tenant is not allowed' };
  }
  return { ok: true };
}
