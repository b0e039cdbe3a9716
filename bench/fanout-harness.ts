/**
 * The benchmark's other side, in its own process so the benchmark measures the
 * memory of Commons alone: the embedded Cosmos server and the mock Bot Connector.
 * Prints one JSON line with their addresses; serves GET /stats (connector counters
 * and Cosmos request count) and POST /configure (connector options) on a control port.
 */
import http from 'http';
import { AddressInfo } from 'net';
import { MockConnector } from '../test/support/connector';

async function main(): Promise<void> {
  const { createHttpServer } = await import('@vercel/cosmosdb-server');
  // keepAlive: the server answers "connection: close" by default, which costs a TCP connect
  // per request (a third of the client's CPU here); Azure keeps connections open.
  const cosmos = createHttpServer({ keepAlive: true });
  let cosmosRequests = 0;
  cosmos.on('request', () => cosmosRequests++);
  let cosmosConnections = 0;
  cosmos.on('connection', () => cosmosConnections++);
  await new Promise<void>((resolve) => cosmos.listen(0, '127.0.0.1', resolve));
  const connector = await new MockConnector({ recordCalls: false }).start();

  const control = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/configure') {
        connector.reset();
        connector.configure(JSON.parse(raw));
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ connector: connector.stats(), cosmosRequests, cosmosConnections, rssMb: Math.round(process.memoryUsage().rss / 1e6) }));
    });
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  process.stdout.write(
    `${JSON.stringify({
      cosmos: `http://127.0.0.1:${(cosmos.address() as AddressInfo).port}`,
      connector: connector.url,
      control: `http://127.0.0.1:${(control.address() as AddressInfo).port}`,
    })}\n`,
  );
  process.on('SIGTERM', () => process.exit(0));
}

main().catch((error) => {
  process.stderr.write(`bench harness failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
