import { Body1, Card, Title3, makeStyles, tokens } from '@fluentui/react-components';
import { useT } from '../i18n/LocaleContext';
import { CommonsMark } from './CommonsMark';

const useStyles = makeStyles({
  root: {
    minHeight: '100vh',
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    padding: tokens.spacingHorizontalL,
    boxSizing: 'border-box',
    backgroundColor: tokens.colorNeutralBackground3,
  },
  card: { maxWidth: '440px', padding: tokens.spacingHorizontalXXL, gap: tokens.spacingVerticalM, textAlign: 'center', alignItems: 'center' },
  title: { margin: 0 },
  body: { color: tokens.colorNeutralForeground2 },
});

/** Shown when the tab is opened in a plain browser against a server that is not in local mode. */
export function OutsideTeams() {
  const styles = useStyles();
  const translate = useT();
  return (
    <main className={styles.root} data-testid="outside-teams">
      <Card className={styles.card}>
        <CommonsMark />
        <Title3 as="h1" className={styles.title}>
          {translate('tab.outsideTeams.title')}
        </Title3>
        <Body1 className={styles.body}>{translate('tab.outsideTeams.body')}</Body1>
      </Card>
    </main>
  );
}
