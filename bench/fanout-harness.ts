/**
 * The benchmark's other side, in processes of their own so the benchmark measures
 * the memory of Commons alone and neither side's event loop delays the other:
 *   `cosmos`    — the embedded Cosmos server;
 *   `connector` — the mock Bot Connector (its rate-limit windows timestamp requests
 *                 as they are handled, so a Cosmos request on the same event loop
 *                 would bunch them up and draw 429s Teams would not send).
 * Prints one JSON line with its addresses; serves GET /stats (connector counters, or
 * Cosmos request and connection counts) and POST /configure (the connector's faults,
 * or whether Cosmos lists the requests it serves, or collects its garbage now).
 */
import http from 'http';
import { AddressInfo } from 'net';
import { monitorEventLoopDelay } from 'perf_hooks';
import { MockConnector } from '../test/support/connector';

const address = (server: http.Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const listen = (server: http.Server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

function controlServer(stats: () => unknown, configure?: (options: unknown) => void): http.Server {
  return http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/configure' && configure) configure(JSON.parse(raw));
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ...(stats() as object), rssMb: Math.round(process.memoryUsage().rss / 1e6) }));
    });
  });
}

async function cosmos(): Promise<void> {
  const { createHttpServer } = await import('@vercel/cosmosdb-server');
  // keepAlive: the server answers "connection: close" by default, which costs a TCP connect
  // per request (a third of the client's CPU here); Azure keeps connections open.
  const server = createHttpServer({ keepAlive: true });
  let requests = 0;
  let connections = 0;
  // While tracing (POST /configure {"trace": true}), what was asked for, for GET /stats to show.
  let trace: string[] | undefined;
  server.on('request', (request: http.IncomingMessage) => {
    requests++;
    trace?.push(`${request.method} ${decodeURIComponent(request.url ?? '')}`);
  });
  server.on('connection', () => connections++);
  await listen(server);
  const control = controlServer(
    () => ({ cosmosRequests: requests, cosmosConnections: connections, ...(trace && { trace }) }),
    (options) => {
      const { trace: tracing, collect } = options as { trace?: boolean; collect?: boolean };
      if (tracing !== undefined) trace = tracing ? [] : undefined;
      // {"collect": true}: a full garbage collection now (started with --expose-gc), e.g. of a benchmark's seeding.
      if (collect) (globalThis as { gc?: () => void }).gc?.();
    },
  );
  await listen(control);
  process.stdout.write(`${JSON.stringify({ url: address(server), control: address(control) })}\n`);
}

async function connector(): Promise<void> {
  const mock = await new MockConnector({ recordCalls: false }).start();
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const control = controlServer(
    () => ({ connector: mock.stats(), connectorLoopDelayMs: [loopDelay.percentile(99) / 1e6, loopDelay.max / 1e6].map(Math.round) }),
    (options) => {
      loopDelay.reset();
      mock.reset();
      mock.configure(options as Parameters<MockConnector['configure']>[0]);
    },
  );
  await listen(control);
  process.stdout.write(`${JSON.stringify({ url: mock.url, control: address(control) })}\n`);
}

const role = process.argv[2];
(role === 'cosmos' ? cosmos() : role === 'connector' ? connector() : Promise.reject(new Error(`unknown role "${role}" (cosmos or connector)`))).catch((error) => {
  process.stderr.write(`bench harness failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
process.on('SIGTERM', () => process.exit(0));
