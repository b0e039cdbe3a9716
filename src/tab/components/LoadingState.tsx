import { Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { useT } from '../i18n/LocaleContext';

const useStyles = makeStyles({
  root: { display: 'flex', justifyContent: 'center', padding: `${tokens.spacingVerticalXXXL} 0` },
});

export function LoadingState() {
  const styles = useStyles();
  const translate = useT();
  return (
    <div className={styles.root} data-testid="loading">
      <Spinner size="medium" label={translate('tab.loading')} labelPosition="below" />
    </div>
  );
}
