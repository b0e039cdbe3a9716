import type { ReactNode } from 'react';
import { Text, makeStyles, tokens } from '@fluentui/react-components';
import { useT } from '../i18n/LocaleContext';
import { CommonsMark } from './CommonsMark';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL} ${tokens.spacingVerticalXS}`,
  },
  brand: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  name: { margin: 0 },
});

/** App name on the left, the signed-in person on the right; the nav sits below. */
export function AppHeader({ user }: { user: ReactNode }) {
  const styles = useStyles();
  const translate = useT();
  return (
    <div className={styles.root}>
      <div className={styles.brand}>
        <CommonsMark />
        <Text as="span" weight="bold" size={500} className={styles.name} data-testid="app-name">
          {translate('app.name')}
        </Text>
      </div>
      {user}
    </div>
  );
}
