import { useMemo, useRef, type ReactNode } from 'react';
import { makeStyles, tokens } from '@fluentui/react-components';
import { createApiClient, type IdentityHeaders } from './api';
import { AppHeader } from './components/AppHeader';
import { CurrentUserSummary } from './components/CurrentUserSummary';
import { NavBar } from './components/NavBar';
import { SkipLink } from './components/SkipLink';
import { ApiProvider } from './data/ApiContext';
import { CurrentUserProvider } from './data/CurrentUserContext';
import { pageFor } from './routes';
import { useHashRoute } from './useHashRoute';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground3 },
  header: {
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    boxShadow: tokens.shadow2,
  },
  main: {
    flex: 1,
    padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalL} ${tokens.spacingVerticalXXXL}`,
    ':focus': { outline: 'none' },
    '@media (max-width: 480px)': { padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalS}` },
  },
});

/**
 * The signed-in tab: header, navigation and the current page. Every API call below
 * carries `identityHeaders`; when they change (a local-mode user switch) every page
 * reloads its data as the new user.
 */
export function Shell({ identityHeaders, banner }: { identityHeaders: IdentityHeaders; banner?: ReactNode }) {
  const styles = useStyles();
  const api = useMemo(() => createApiClient(identityHeaders), [identityHeaders]);
  const [route, navigate] = useHashRoute();
  const mainRef = useRef<HTMLElement>(null);
  const CurrentPage = pageFor(route);
  return (
    <ApiProvider client={api}>
      <CurrentUserProvider>
        <div className={styles.root}>
          <SkipLink target={mainRef} />
          <header className={styles.header}>
            {banner}
            <AppHeader user={<CurrentUserSummary />} />
            <NavBar current={route} onNavigate={navigate} />
          </header>
          <main ref={mainRef} className={styles.main} tabIndex={-1}>
            <CurrentPage />
          </main>
        </div>
      </CurrentUserProvider>
    </ApiProvider>
  );
}
