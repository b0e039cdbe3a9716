import { useState } from 'react';
import { Body1, Button, makeStyles, tokens } from '@fluentui/react-components';
import { Page } from '../components/Page';
import { failureOf, ResultBar, type ActionResult } from '../components/ResultBar';
import { useApi } from '../data/ApiContext';
import { useT } from '../i18n/LocaleContext';
import { downloadText } from '../text/download';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '640px' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM },
});

/** Everyone's own page: what Commons keeps about them, downloadable in one click. */
export function PrivacyPage() {
  const styles = useStyles();
  const translate = useT();
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ActionResult>();
  const download = async () => {
    setBusy(true);
    setResult(undefined);
    try {
      const text = await api.text('/api/v1/me/export');
      downloadText(`commons-my-data-${new Date().toISOString().slice(0, 10)}.json`, text, 'application/json;charset=utf-8');
      setResult({ intent: 'success', text: translate('tab.privacy.downloaded') });
    } catch (error) {
      setResult(failureOf(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page title={translate('tab.privacy.title')} testId="page-privacy">
      <div className={styles.root}>
        <Body1>{translate('tab.privacy.intro')}</Body1>
        <div className={styles.actions}>
          <Button appearance="primary" onClick={download} disabled={busy} data-testid="privacy-download">
            {translate('tab.privacy.download')}
          </Button>
        </div>
        <ResultBar result={result} testId="privacy-result" />
      </div>
    </Page>
  );
}
