// Load generator for the benchmarks, in its own process so it does not share the
// server's event loop or memory. Input: one JSON argument; output: one JSON line.
import { randomUUID } from 'node:crypto';

const { url, serviceUrl, tenantId, channelId, verb, data, users, toggles, concurrency } = JSON.parse(process.argv[2]);

function activity(user) {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: `29:user-${user}`, name: `User ${user}`, aadObjectId: `00000000-0000-4000-8000-${String(user).padStart(12, '0')}` },
    recipient: { id: '28:commons-test-bot', name: 'Commons' },
    conversation: { id: channelId, conversationType: 'channel', isGroup: true, tenantId },
    channelData: { tenant: { id: tenantId } },
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}

// Toggle k of everyone, then toggle k+1: a person's clicks never overlap each other.
const jobs = [];
for (let k = 0; k < toggles; k++) for (let u = 1; u <= users; u++) jobs.push(u);

const latencies = [];
let next = 0;
let failures = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < jobs.length) {
      const user = jobs[next++];
      const t0 = performance.now();
      const response = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity(user)) });
      await response.arrayBuffer();
      if (response.status !== 200) failures++;
      latencies.push(performance.now() - t0);
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
console.log(JSON.stringify({ requests: jobs.length, failures, p50: at(50), p95: at(95), p99: at(99), throughput: jobs.length / seconds }));
