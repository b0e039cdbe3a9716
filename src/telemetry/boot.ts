import path from 'path';
import { loadConfig } from '../config';
import { createLogger } from '../log';
import { startTelemetry, Telemetry } from './start';

/**
 * Imported first by src/index.ts. OpenTelemetry's instrumentation patches `http` (and
 * the Azure SDK) as modules require them, so it has to be on before restify,
 * botbuilder and the Cosmos SDK load: starting it in startCommons, after index.ts's
 * imports, saw no request at all. Only when index is the program (`npm run
 * start:server`, the tests' real processes), never when a test imports startCommons.
 * A configuration error is left for main() to report in its one line.
 */
let booted: Telemetry | undefined;

const entry = require.main?.filename.replace(/\.(ts|js)$/, '');
if (entry === path.join(__dirname, '..', 'index')) {
  try {
    const config = loadConfig();
    if (config.telemetry.connectionString) booted = startTelemetry(config.telemetry.connectionString, createLogger(config.logLevel));
  } catch {
    // main() loads the configuration again and stops with the error.
  }
}

/** The telemetry this process started at boot, if any. */
export function bootedTelemetry(): Telemetry | undefined {
  return booted;
}
