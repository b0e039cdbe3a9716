import { diag, DiagLogger, DiagLogLevel, Span } from '@opentelemetry/api';
import { logs, SeverityNumber } from '@opentelemetry/api-logs';
import type { IncomingMessage } from 'http';
import { Writable } from 'stream';
import type { Logger } from '../log';

/**
 * Application Insights through the Azure Monitor OpenTelemetry distro: requests
 * (incoming HTTP), dependencies (Cosmos DB through the Azure SDK instrumentation,
 * the Bot Connector and Graph through outgoing HTTP), logs and exceptions (the pino
 * lines, already redacted), and the metrics of telemetry/metrics.ts. Cloud mode only,
 * and only with a connection string: config.ts decides, so local mode and tests never
 * load the distro at all.
 */
export interface Telemetry {
  /** Sends what is buffered and stops (on shutdown, before the process exits). */
  stop(): Promise<void>;
}

/** pino levels to OpenTelemetry severities. */
const SEVERITY: Record<number, SeverityNumber> = {
  10: SeverityNumber.TRACE,
  20: SeverityNumber.DEBUG,
  30: SeverityNumber.INFO,
  40: SeverityNumber.WARN,
  50: SeverityNumber.ERROR,
  60: SeverityNumber.FATAL,
};

/** Fields of a pino line that are not attributes (the rest are, flattened one level). */
const NOT_ATTRIBUTES = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'err', 'service']);

/**
 * A pino destination that re-emits each (already redacted) line as an OpenTelemetry
 * log record. pino writes synchronously inside the log call, so the record takes the
 * active request's trace context: a log line and its request correlate.
 */
export function telemetryLogStream(): Writable {
  const otel = logs.getLogger('commons');
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      try {
        const line = JSON.parse(chunk.toString('utf8')) as Record<string, unknown>;
        const attributes: Record<string, string | number | boolean> = {};
        for (const [key, value] of Object.entries(line)) {
          if (NOT_ATTRIBUTES.has(key)) continue;
          if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') attributes[key] = value;
        }
        const err = line.err as { type?: string; message?: string; stack?: string } | undefined;
        if (err) {
          // The exception attributes make Application Insights file it as an exception.
          attributes['exception.type'] = err.type ?? 'Error';
          attributes['exception.message'] = err.message ?? '';
          if (err.stack) attributes['exception.stacktrace'] = err.stack;
        }
        const level = typeof line.level === 'number' ? line.level : 30;
        otel.emit({ severityNumber: SEVERITY[level] ?? SeverityNumber.INFO, severityText: String(level), body: String(line.msg ?? ''), attributes });
      } catch {
        // A line that is not JSON is not ours to forward.
      }
      done();
    },
  });
}

const URL_ATTRIBUTES = ['http.target', 'http.url', 'url.full', 'url.query'];

/**
 * Query strings can carry what people typed (a search), so a request's span keeps
 * its path only. Headers are never recorded by the instrumentation.
 */
export function withoutQueryStrings(span: Span): void {
  const attributes = (span as unknown as { attributes?: Record<string, unknown> }).attributes ?? {};
  for (const key of URL_ATTRIBUTES) {
    const value = attributes[key];
    if (typeof value !== 'string') continue;
    if (key === 'url.query') span.setAttribute(key, '');
    else if (value.includes('?')) span.setAttribute(key, value.slice(0, value.indexOf('?')));
  }
}

/**
 * The distro reports export trouble through OpenTelemetry's diag channel, at every
 * retry. Operators need to know once that telemetry is not arriving, and Commons must
 * run on: the first failure is one warning line, the rest go to debug.
 */
export function exportTroubleLogger(logger: Logger): DiagLogger {
  let warned = false;
  const trouble = (message: string, ...args: unknown[]) => {
    const detail = args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' ').slice(0, 300);
    if (!warned) {
      warned = true;
      logger.warn({ detail: `${message} ${detail}`.trim() }, 'telemetry: Application Insights could not be reached; Commons runs on and keeps trying');
    } else logger.debug({ detail: `${message} ${detail}`.trim() }, 'telemetry: export trouble');
  };
  return {
    error: trouble,
    warn: trouble,
    info: () => undefined,
    debug: () => undefined,
    verbose: () => undefined,
  };
}

export function startTelemetry(connectionString: string, logger: Logger): Telemetry {
  // Loaded here, not at the top: local mode and tests never pay for the distro.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { useAzureMonitor, shutdownAzureMonitor } = require('@azure/monitor-opentelemetry') as typeof import('@azure/monitor-opentelemetry');
  useAzureMonitor({
    azureMonitorExporterOptions: { connectionString, disableOfflineStorage: true },
    enableLiveMetrics: false,
    instrumentationOptions: {
      http: {
        enabled: true,
        // The health probe is noise; everything else is a request or a dependency.
        ignoreIncomingRequestHook: (request: IncomingMessage) => request.url === '/healthz',
        requestHook: (span: Span) => withoutQueryStrings(span),
      } as Record<string, unknown>,
      azureSdk: { enabled: true },
      mongoDb: { enabled: false },
      mySql: { enabled: false },
      postgreSql: { enabled: false },
      redis: { enabled: false },
      redis4: { enabled: false },
      // Logs come from pino through telemetryLogStream, not from console.
      console: { enabled: false },
    },
  });
  // OTEL_LOG_LEVEL set: an operator is troubleshooting and gets the distro's own diagnostics.
  if (!process.env.OTEL_LOG_LEVEL) diag.setLogger(exportTroubleLogger(logger), { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  logger.info('telemetry: sending to Application Insights');
  return { stop: () => shutdownAzureMonitor() };
}
