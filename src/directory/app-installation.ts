import type { GraphClient } from './graph-client';

/**
 * Installing Commons in a person's personal scope through Microsoft Graph
 * (application permission TeamsAppInstallation.ReadWriteForUser.All), so an
 * announcement reaches someone who never opened it. Teams then answers with the
 * personal chat's id, which proactive messages use as the conversation id.
 *
 * Why an installation fails is read from what Graph says: 404 for a person who no
 * longer exists; 403 "App is blocked by app permission policy" for an admin's block;
 * a 403 or 400 naming a licence for a person without Teams. Anything else is
 * `install_failed`, logged for the admin.
 */
export type InstallRefusal = 'blocked' | 'no_license' | 'deleted' | 'install_failed' | 'not_in_catalog';
export type InstallResult = { chatId: string } | { refused: InstallRefusal; detail?: string };

const quote = (value: string) => value.replace(/'/g, "''");

/** The app's id in the tenant's catalog (not the manifest id), once per tenant. */
export async function catalogAppId(graph: GraphClient, teamsAppId: string): Promise<string | undefined> {
  const answer = await graph.call('GET', `/v1.0/appCatalogs/teamsApps?$filter=externalId eq '${quote(teamsAppId)}'`);
  if (answer.status !== 200) return undefined;
  const apps = (JSON.parse(answer.body) as { value?: Array<{ id?: string }> }).value ?? [];
  return apps.find((app) => typeof app.id === 'string')?.id;
}

function refusalOf(status: number, code?: string, message?: string): InstallRefusal {
  const said = `${code ?? ''} ${message ?? ''}`;
  if (status === 404) return 'deleted';
  if (/licen[cs]e/i.test(said)) return 'no_license';
  if (status === 403 && /blocked|permission policy/i.test(said)) return 'blocked';
  return 'install_failed';
}

/** Installs (409: already installed, fine) and returns the personal chat with the bot. */
export async function installForUser(graph: GraphClient, catalogId: string, teamsAppId: string, userId: string, graphBaseUrl: string): Promise<InstallResult> {
  const user = encodeURIComponent(userId);
  const installed = await graph.call('POST', `/v1.0/users/${user}/teamwork/installedApps`, {
    'teamsApp@odata.bind': new URL(`/v1.0/appCatalogs/teamsApps/${encodeURIComponent(catalogId)}`, graphBaseUrl).toString(),
  });
  if (installed.status !== 201 && installed.status !== 200 && installed.status !== 409) {
    return { refused: refusalOf(installed.status, installed.errorCode, installed.errorMessage), detail: `${installed.status} ${installed.errorCode ?? ''} ${installed.errorMessage ?? ''}`.trim() };
  }
  const listed = await graph.call('GET', `/v1.0/users/${user}/teamwork/installedApps?$expand=teamsApp&$filter=teamsApp/externalId eq '${quote(teamsAppId)}'`);
  if (listed.status !== 200) return { refused: refusalOf(listed.status, listed.errorCode, listed.errorMessage), detail: `list ${listed.status}` };
  const installation = ((JSON.parse(listed.body) as { value?: Array<{ id?: string }> }).value ?? []).find((i) => typeof i.id === 'string');
  if (!installation?.id) return { refused: 'install_failed', detail: 'installed, but Graph lists no installation' };
  const chat = await graph.call('GET', `/v1.0/users/${user}/teamwork/installedApps/${encodeURIComponent(installation.id)}/chat`);
  const chatId = chat.status === 200 ? (JSON.parse(chat.body) as { id?: unknown }).id : undefined;
  if (typeof chatId !== 'string' || !chatId) return { refused: refusalOf(chat.status, chat.errorCode, chat.errorMessage), detail: `chat ${chat.status}` };
  return { chatId };
}
