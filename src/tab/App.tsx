import { useEffect } from 'react';
import { FluentProvider, makeStyles } from '@fluentui/react-components';
import { OutsideTeams } from './components/OutsideTeams';
import { StartupState } from './components/StartupState';
import { useGlobalStyles } from './globalStyles';
import { browserLocale, type HostSession } from './host/session';
import { fluentTheme } from './host/theme';
import { useHostSession } from './host/useHostSession';
import { useTheme } from './host/useTheme';
import { LocaleProvider } from './i18n/LocaleContext';
import { LocalShell } from './LocalShell';
import { TeamsShell } from './TeamsShell';

const useStyles = makeStyles({
  provider: { minHeight: '100vh' },
});

export function App() {
  useGlobalStyles();
  const styles = useStyles();
  const { state, retry } = useHostSession();
  const session = state.status === 'ready' ? state.session : undefined;
  const theme = useTheme(session);
  const locale = session?.locale ?? browserLocale();
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  return (
    <FluentProvider theme={fluentTheme(theme)} className={styles.provider}>
      <LocaleProvider locale={locale}>
        {session ? (
          <SessionView session={session} />
        ) : (
          <StartupState failure={state.status === 'failed' ? { error: state.error } : undefined} onRetry={retry} />
        )}
      </LocaleProvider>
    </FluentProvider>
  );
}

function SessionView({ session }: { session: HostSession }) {
  switch (session.mode) {
    case 'teams':
      return <TeamsShell teams={session.teams} />;
    case 'local':
      return <LocalShell identities={session.identities} />;
    case 'outsideTeams':
      return <OutsideTeams />;
  }
}
