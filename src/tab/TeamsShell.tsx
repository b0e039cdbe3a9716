import { useEffect } from 'react';
import type { TeamsHost } from './host/teamsHost';
import { Shell } from './Shell';

/** Inside Teams: SSO identity, and Teams is told once the first render is on screen. */
export function TeamsShell({ teams }: { teams: TeamsHost }) {
  useEffect(() => teams.notifyRendered(), [teams]);
  return <Shell identityHeaders={teams.identityHeaders} />;
}
