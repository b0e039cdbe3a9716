import { strict as assert } from 'assert';
import type { RunningCommons } from '../../src/index';
import { eventually } from './delivery';
import { devApi } from './dev-api';

/**
 * Asks for a person's erasure as an admin (202 and a job to follow, or 200 when it was
 * done already) and follows the job until it is done: its last status, with the report.
 */
export async function eraseAndWait(url: string, tenantId: string, adminId: string, userId: string, timeoutMs = 30_000): Promise<{ report: any; alreadyDone: boolean; jobId: string; state: string }> {
  const api = devApi(url, tenantId, adminId);
  const asked = await api('POST', `/api/v1/people/${userId}/erasure`);
  assert.ok(asked.status === 202 || asked.status === 200, `${asked.status} ${JSON.stringify(asked.body)}`);
  if (asked.status === 200) return asked.body;
  return eventually(async () => {
    const { status, body } = await api('GET', asked.body.location);
    assert.equal(status, 200, JSON.stringify(body));
    return body.state === 'done' && body;
  }, timeoutMs, `the erasure of ${userId} done`, 100);
}

/** Every document of every container (but those named) that holds `needle`, as "container: type id". */
export async function leftoversNaming(commons: Pick<RunningCommons, 'store'>, needle: string, except: string[] = []): Promise<string[]> {
  const leftovers: string[] = [];
  for (const [name, container] of Object.entries(commons.store.containers)) {
    if (except.includes(name)) continue;
    const { resources } = await container.items.query('SELECT * FROM c').fetchAll();
    for (const document of resources) if (JSON.stringify(document).toLowerCase().includes(needle.toLowerCase())) leftovers.push(`${name}: ${document.type} ${document.id}`);
  }
  return leftovers;
}
