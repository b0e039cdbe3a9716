import { ClientSecretCredential, ManagedIdentityCredential, TokenCredential } from '@azure/identity';
import type { Config } from '../config';
import { GraphClient } from './graph-client';

/**
 * A Graph client per tenant. Cloud mode reads the directory with an app-only token
 * for the tenant (application permission User.Read.All): the bot's client secret when
 * it has one, else its managed identity. Local mode talks to a loopback fake without
 * a token, as it trusts the dev identity. Without a Graph, there is no sync (undefined).
 */
export function graphClients(config: Config): (tenantId: string) => GraphClient | undefined {
  const baseUrl = config.directory.graphBaseUrl;
  if (!baseUrl) return () => undefined;
  const clients = new Map<string, GraphClient>();
  const scope = `${new URL(baseUrl).origin}/.default`;
  const credentialFor = (tenantId: string): TokenCredential | undefined => {
    if (config.mode === 'local') return undefined;
    if (config.bot.password) return new ClientSecretCredential(tenantId, config.bot.appId, config.bot.password);
    return new ManagedIdentityCredential({ clientId: config.bot.appId });
  };
  return (tenantId) => {
    let client = clients.get(tenantId);
    if (!client) {
      const credential = credentialFor(tenantId);
      client = new GraphClient({ baseUrl, token: async () => (credential ? (await credential.getToken(scope))?.token : undefined) });
      clients.set(tenantId, client);
    }
    return client;
  };
}
