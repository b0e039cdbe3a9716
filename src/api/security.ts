import type { RequestHandler } from 'restify';
import { DEV_IDENTITY_HEADER, DEV_IDENTITY_NOTICE } from './context';

/** Where Teams and Microsoft 365 may frame the tab; nothing else may. */
export const FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://teams.cloud.microsoft',
  'https://*.cloud.microsoft',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://*.microsoft365.com',
];

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Fluent UI (Griffel) inserts its generated styles at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' https: data:",
  "font-src 'self' https://res-1.cdn.office.net https://static2.sharepointonline.com data:",
  // teams-js fetches its list of valid Teams hosts from the Office CDN.
  "connect-src 'self' https://res.cdn.office.net",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  `frame-ancestors ${FRAME_ANCESTORS.join(' ')}`,
].join('; ');

export interface SecurityHeaderOptions {
  /** Local mode: every /api/v1 response says that identities are not verified. */
  devIdentity?: boolean;
}

/**
 * Runs as a `pre` handler so every response carries the headers, including restify's
 * own 404/405/413 answers, which never reach `use` handlers.
 */
export function securityHeaders(options: SecurityHeaderOptions = {}): RequestHandler {
  return (req, res, next) => {
    const path = req.getPath();
    res.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Referrer-Policy', 'strict-origin-when-cross-origin');
    res.header('Cache-Control', path.startsWith('/api/') ? 'no-store' : 'no-cache');
    if (options.devIdentity && path.startsWith('/api/v1')) res.header(DEV_IDENTITY_HEADER, DEV_IDENTITY_NOTICE);
    next();
  };
}
