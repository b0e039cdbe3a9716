import { useEffect, useRef } from 'react';
import { Tab, TabList, makeStyles, tokens } from '@fluentui/react-components';
import { useT } from '../i18n/LocaleContext';
import { ROUTES, type RouteName } from '../routes';
import { ANALYTICS_SCOPES_PATH, analyticsScopesSchema, hasAnalyticsScope } from '../data/analyticsSchemas';
import { useApiResource } from '../data/useApiResource';

const useStyles = makeStyles({
  // Five tabs do not fit a 320 px phone: the strip scrolls sideways rather than wrapping.
  root: {
    overflowX: 'auto',
    overflowY: 'hidden',
    scrollbarWidth: 'none',
    padding: `0 ${tokens.spacingHorizontalS}`,
    '@media (max-width: 400px)': { padding: 0 },
  },
  tab: { '@media (max-width: 400px)': { paddingLeft: tokens.spacingHorizontalS, paddingRight: tokens.spacingHorizontalS } },
});

export function NavBar({ current, onNavigate }: { current: RouteName; onNavigate: (route: RouteName) => void }) {
  const styles = useStyles();
  const translate = useT();
  const navRef = useRef<HTMLElement>(null);
  const analytics = useApiResource(ANALYTICS_SCOPES_PATH, analyticsScopesSchema);
  const shown = ROUTES.filter((route) => route.name !== 'analytics' || route.name === current || (analytics.status === 'ready' && hasAnalyticsScope(analytics.data)));

  // On a phone the current tab may sit off-screen in the scrolling strip (e.g. opened at #/admin).
  useEffect(() => {
    navRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [current]);

  return (
    <nav ref={navRef} className={styles.root} aria-label={translate('tab.nav.label')}>
      <TabList
        selectedValue={current}
        onTabSelect={(_, data) => onNavigate(data.value as RouteName)}
        data-testid="nav"
      >
        {shown.map((route) => (
          <Tab key={route.name} value={route.name} className={styles.tab} data-testid={`nav-${route.name}`}>
            {translate(route.labelKey)}
          </Tab>
        ))}
      </TabList>
    </nav>
  );
}
