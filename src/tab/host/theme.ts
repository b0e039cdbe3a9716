import { useEffect, useState } from 'react';
import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme, type Theme } from '@fluentui/react-components';

export type ThemeName = 'light' | 'dark' | 'contrast';

const FLUENT_THEMES: Record<ThemeName, Theme> = {
  light: teamsLightTheme,
  dark: teamsDarkTheme,
  contrast: teamsHighContrastTheme,
};

export function fluentTheme(name: ThemeName): Theme {
  return FLUENT_THEMES[name];
}

/** Teams names its themes 'default' | 'dark' | 'contrast'; anything unknown is treated as light. */
export function themeFromTeams(teamsTheme: string | undefined): ThemeName {
  if (teamsTheme === 'dark' || teamsTheme === 'contrast') return teamsTheme;
  return 'light';
}

const DARK_QUERY = '(prefers-color-scheme: dark)';

function systemTheme(): ThemeName {
  return typeof window.matchMedia === 'function' && window.matchMedia(DARK_QUERY).matches ? 'dark' : 'light';
}

/** Outside Teams the tab follows the operating system's light/dark preference, live. */
export function useSystemTheme(): ThemeName {
  const [theme, setTheme] = useState<ThemeName>(systemTheme);
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const query = window.matchMedia(DARK_QUERY);
    const follow = () => setTheme(query.matches ? 'dark' : 'light');
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  }, []);
  return theme;
}
