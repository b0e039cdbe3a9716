import { Tab, TabList, makeStyles, tokens } from '@fluentui/react-components';
import { useT } from '../i18n/LocaleContext';
import { ROUTES, type RouteName } from '../routes';

const useStyles = makeStyles({
  // Five tabs do not fit a 320 px phone: the strip scrolls sideways rather than wrapping.
  root: { overflowX: 'auto', overflowY: 'hidden', scrollbarWidth: 'none', padding: `0 ${tokens.spacingHorizontalS}` },
});

export function NavBar({ current, onNavigate }: { current: RouteName; onNavigate: (route: RouteName) => void }) {
  const styles = useStyles();
  const translate = useT();
  return (
    <nav className={styles.root} aria-label={translate('tab.nav.label')}>
      <TabList
        selectedValue={current}
        onTabSelect={(_, data) => onNavigate(data.value as RouteName)}
        data-testid="nav"
      >
        {ROUTES.map((route) => (
          <Tab key={route.name} value={route.name} data-testid={`nav-${route.name}`}>
            {translate(route.labelKey)}
          </Tab>
        ))}
      </TabList>
    </nav>
  );
}
