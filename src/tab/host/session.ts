import type { DevIdentities } from '../data/schemas';
import { canonicalLocale } from '../i18n/canonicalLocale';
import { loadDevIdentities } from './devIdentity';
import { connectToTeams, type TeamsHost } from './teamsHost';

/** How the tab is running: inside Teams, standalone against a local-mode server, or opened somewhere it cannot work. */
export type HostSession =
  | { mode: 'teams'; locale: string; teams: TeamsHost }
  | { mode: 'local'; locale: string; identities: DevIdentities }
  | { mode: 'outsideTeams'; locale: string };

export async function startSession(): Promise<HostSession> {
  const teams = await connectToTeams();
  if (teams) return { mode: 'teams', locale: canonicalLocale(teams.locale || browserLocale()), teams };

  const locale = browserLocale();
  const identities = await loadDevIdentities();
  return identities ? { mode: 'local', locale, identities } : { mode: 'outsideTeams', locale };
}

export function browserLocale(): string {
  return canonicalLocale(navigator.language);
}
