import { strict as assert } from 'assert';
import type { RunningCommons } from '../../src/index';
import { devApi } from './dev-api';

/** Asks for a person's erasure as an admin and answers its finished report. */
export async function eraseAndWait(url: string, tenantId: string, adminId: string, userId: string): Promise<{ report: any; alreadyDone: boolean; resumed: boolean }> {
  const { status, body } = await devApi(url, tenantId, adminId)('POST', `/api/v1/people/${userId}/erasure`);
  assert.equal(status, 200, JSON.stringify(body));
  return body;
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
