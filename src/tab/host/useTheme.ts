import { useEffect, useState } from 'react';
import type { HostSession } from './session';
import { useSystemTheme, type ThemeName } from './theme';

/** Teams' theme, followed live, inside Teams; the operating system's preference everywhere else. */
export function useTheme(session: HostSession | undefined): ThemeName {
  const systemTheme = useSystemTheme();
  const teams = session?.mode === 'teams' ? session.teams : undefined;
  const [teamsTheme, setTeamsTheme] = useState<ThemeName | undefined>(teams?.theme);

  useEffect(() => {
    if (!teams) return;
    setTeamsTheme(teams.theme);
    // Teams keeps one handler per page and offers no way to remove it; registering again replaces it.
    teams.onThemeChange(setTeamsTheme);
  }, [teams]);

  return (teams && teamsTheme) || systemTheme;
}
