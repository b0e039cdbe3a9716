import type { RequestHandler } from 'restify';

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
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  `frame-ancestors ${FRAME_ANCESTORS.join(' ')}`,
].join('; ');

export function securityHeaders(): RequestHandler {
  return (req, res, next) => {
    res.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Referrer-Policy', 'strict-origin-when-cross-origin');
    res.header('Cache-Control', req.getPath().startsWith('/api/') ? 'no-store' : 'no-cache');
    next();
  };
}
