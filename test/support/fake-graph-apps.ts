import type { IncomingMessage, ServerResponse } from 'http';

/**
 * The part of a loopback Graph that installs a Teams app for a person
 * (TeamsAppInstallation.ReadWriteForUser.All), as Graph answers it: the tenant
 * catalog looked up by the manifest id, POST /users/{id}/teamwork/installedApps
 * (201, or 409 when already installed), the installation listed with its
 * teamsApp, and its personal chat. Refusals on demand per person, with the status
 * and words Graph uses (a blocked app, no licence, a deleted user), and 429s.
 */
export interface Refusal {
  status: number;
  code: string;
  message: string;
}

export const REFUSALS = {
  blocked: { status: 403, code: 'Forbidden', message: 'App is blocked by app permission policy. TenantId: …' },
  noLicense: { status: 403, code: 'Forbidden', message: 'User does not have a valid license for Microsoft Teams' },
  deleted: { status: 404, code: 'NotFound', message: 'User not found' },
} satisfies Record<string, Refusal>;

export class FakeAppInstallations {
  /** manifest id → catalog id */
  readonly catalog = new Map<string, string>();
  readonly installed = new Map<string, { installationId: string; chatId: string }>();
  readonly refusals = new Map<string, Refusal>();
  /** POSTs per person, so a test can see nobody was installed twice. */
  readonly installRequests = new Map<string, number>();
  throttleNext = 0;
  private counter = 0;

  chatIdOf(userId: string): string {
    return `19:${userId}_bot@unq.gbl.spaces`;
  }

  /** True when the request was for this part of Graph (and was answered). */
  async serve(req: IncomingMessage, url: URL, res: ServerResponse): Promise<boolean> {
    const path = url.pathname;
    if (!path.startsWith('/v1.0/appCatalogs/') && !/^\/v1\.0\/users\/[^/]+\/teamwork\//.test(path)) return false;
    if (this.throttleNext > 0) {
      this.throttleNext--;
      return this.answer(res, 429, { error: { code: 'TooManyRequests', message: 'slow down' } }, { 'retry-after': '0' });
    }
    const filter = url.searchParams.get('$filter') ?? '';
    const externalId = /externalId eq '([^']+)'/.exec(filter)?.[1];
    if (req.method === 'GET' && path === '/v1.0/appCatalogs/teamsApps') {
      const id = externalId && this.catalog.get(externalId);
      return this.answer(res, 200, { value: id ? [{ id, externalId, distributionMethod: 'organization' }] : [] });
    }
    const [, userId, rest] = /^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps(.*)$/.exec(path) ?? [];
    if (!userId) return this.answer(res, 404, { error: { code: 'NotFound', message: 'no such resource' } });
    const refusal = this.refusals.get(userId);
    if (req.method === 'POST' && rest === '') {
      this.installRequests.set(userId, (this.installRequests.get(userId) ?? 0) + 1);
      const body = JSON.parse(await readBody(req)) as Record<string, string>;
      const catalogId = /\/appCatalogs\/teamsApps\/([^/]+)$/.exec(body['teamsApp@odata.bind'] ?? '')?.[1];
      if (!catalogId || ![...this.catalog.values()].includes(catalogId)) return this.answer(res, 400, { error: { code: 'BadRequest', message: 'unknown app' } });
      if (refusal) return this.answer(res, refusal.status, { error: { code: refusal.code, message: refusal.message } });
      if (this.installed.has(userId)) return this.answer(res, 409, { error: { code: 'Conflict', message: 'App is already installed' } });
      this.installed.set(userId, { installationId: `installation-${++this.counter}`, chatId: this.chatIdOf(userId) });
      return this.answer(res, 201, {});
    }
    const installation = this.installed.get(userId);
    if (req.method === 'GET' && rest === '') return this.answer(res, 200, { value: installation ? [{ id: installation.installationId }] : [] });
    if (req.method === 'GET' && installation && rest === `/${installation.installationId}/chat`) return this.answer(res, 200, { id: installation.chatId });
    return this.answer(res, 404, { error: { code: 'NotFound', message: 'no such installation' } });
  }

  private answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): true {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
    return true;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text || '{}'));
    req.on('error', reject);
  });
}
