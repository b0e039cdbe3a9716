import pino, { Logger, LoggerOptions } from 'pino';
import type { Writable } from 'stream';

export type { Logger };

/**
 * JSON logs; tokens, keys and passwords are redacted wherever they appear. With
 * `alsoTo` (the telemetry stream), each redacted line goes there as well as to stdout.
 */
export function createLogger(level: string, alsoTo?: Writable): Logger {
  const options: LoggerOptions = {
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
  };
  if (!alsoTo) return pino(options);
  return pino(options, pino.multistream([{ level: level as pino.Level, stream: process.stdout }, { level: level as pino.Level, stream: alsoTo }]));
}
