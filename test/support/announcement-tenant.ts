import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import type { DeliveryApp } from './delivery-app';
import { devApi } from './dev-api';
import { eventually, installPersonalChats, userIdOf } from './delivery';

/**
 * A tenant of its own: an author and `people` readers (`userIdOf(n)`, "Reader n", in
 * `departmentOf(n)` when given) with personal chats, the author's API, and `send`, which
 * posts an announcement and waits until it has gone out.
 */
export async function announcementTenant(app: DeliveryApp, people: number, options: { departmentOf?: (n: number) => string } = {}) {
  const { commons, repositories, connector } = app;
  const tenantId = randomUUID();
  const author = randomUUID();
  await repositories.people.upsert({ tenantId, userId: author, displayName: 'Ada Author', roles: ['author'] });
  for (let n = 0; n < people; n++) {
    await repositories.people.upsert({ tenantId, userId: userIdOf(n), displayName: `Reader ${n}`, ...(options.departmentOf && { department: options.departmentOf(n) }), roles: [] });
  }
  await installPersonalChats(repositories, connector.url, people, tenantId);
  const api = devApi(commons.url, tenantId, author);
  const send = async (content: Record<string, unknown>, audience: Record<string, unknown>): Promise<string> => {
    const created = await api('POST', '/api/v1/announcements', { title: 'Untitled', body: 'Body', audience, ...content });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;
    const ok = await eventually(async () => (await api('GET', `/api/v1/announcements/${id}`)).body.status === 'completed', 60_000, 'delivered', 500);
    assert.ok(ok, 'the announcement went out');
    return id;
  };
  return { tenantId, author, api, send };
}
