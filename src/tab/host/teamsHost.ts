import { app } from '@microsoft/teams-js';
import type { IdentityHeaders } from '../api';
import { createSsoHeaders } from './ssoToken';
import { themeFromTeams, type ThemeName } from './theme';

/**
 * Outside a Teams frame app.initialize() rejects at once ("No Parent window found");
 * inside some other frame it may never settle, so it gets a deadline. Either way
 * the tab then runs standalone.
 */
const TEAMS_INITIALIZE_TIMEOUT_MS = 3000;

export interface TeamsHost {
  locale: string;
  theme: ThemeName;
  identityHeaders: IdentityHeaders;
  onThemeChange(handler: (theme: ThemeName) => void): void;
  /** Tells Teams the tab has rendered, which hides the host's loading indicator. */
  notifyRendered(): void;
}

/** Initialised once per page: a retry after a later failure must not initialise the SDK again. */
let insideTeams: Promise<boolean> | undefined;
let connected = false;

/** Whether the SDK is initialised inside a Teams client (capabilities such as chat may be asked then). */
export const isConnectedToTeams = () => connected;

/** Connects to the hosting Teams client, or resolves undefined when there is none. */
export async function connectToTeams(): Promise<TeamsHost | undefined> {
  insideTeams ??= withTimeout(app.initialize(), TEAMS_INITIALIZE_TIMEOUT_MS).then(
    () => true,
    () => false,
  );
  if (!(await insideTeams)) return undefined;
  connected = true;
  const context = await app.getContext();
  return {
    locale: context.app.locale,
    theme: themeFromTeams(context.app.theme),
    identityHeaders: createSsoHeaders(),
    onThemeChange(handler) {
      app.registerOnThemeChangeHandler((theme) => handler(themeFromTeams(theme)));
    },
    notifyRendered() {
      app.notifyAppLoaded();
      void app.notifySuccess();
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = window.setTimeout(() => reject(new Error(`No answer from Teams within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        window.clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        window.clearTimeout(timer);
        reject(error);
      },
    );
  });
}
