import { useState } from 'react';
import { Body1, Button, Card, MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import { GuidelinesText } from '../components/guidelines/GuidelinesText';
import { Page } from '../components/Page';
import { ResourceView } from '../components/ResourceView';
import { useApi } from '../data/ApiContext';
import { describeError } from '../data/errorMessage';
import { acceptSchema, guidelinesSchema, type Guidelines } from '../data/guidelinesSchemas';
import { useApiResource } from '../data/useApiResource';
import { useLocale, useT } from '../i18n/LocaleContext';
import { formatDate } from '../text/dateFormat';

const PATH = '/api/v1/guidelines';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '70ch' },
});

/** Everyone's page: the tenant's current community guidelines, and "I accept" until accepted. */
export function GuidelinesPage() {
  const translate = useT();
  const guidelines = useApiResource(PATH, guidelinesSchema);
  return (
    <Page title={translate('tab.guidelines.title')} testId="page-guidelines">
      <ResourceView resource={guidelines}>{(data) => <CurrentGuidelines stored={data} />}</ResourceView>
    </Page>
  );
}

function CurrentGuidelines({ stored }: { stored: Guidelines }) {
  const styles = useStyles();
  const translate = useT();
  const locale = useLocale();
  const api = useApi();
  const [accepted, setAccepted] = useState(stored.accepted);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const current = stored.current;
  if (!current) return <Body1 data-testid="guidelines-none">{translate('tab.guidelines.none')}</Body1>;

  async function accept() {
    setBusy(true);
    setError(undefined);
    try {
      setAccepted((await api.post(`${PATH}/accept`, { version: current!.version }, acceptSchema)).acceptance);
    } catch (failure) {
      setError(describeError(locale, failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className={styles.root}>
      <Body1>{translate('tab.guidelines.version', { version: current.version, date: formatDate(current.publishedAt, locale) })}</Body1>
      <Card>
        <GuidelinesText markdown={current.markdown} />
      </Card>
      {accepted ? (
        <MessageBar intent="success" data-testid="guidelines-accepted">
          <MessageBarBody>{translate('tab.guidelines.accepted', { version: accepted.version, date: formatDate(accepted.acceptedAt, locale) })}</MessageBarBody>
        </MessageBar>
      ) : (
        <div>
          <Button appearance="primary" onClick={accept} disabled={busy} data-testid="guidelines-accept">
            {translate('tab.guidelines.accept')}
          </Button>
        </div>
      )}
      {error && (
        <MessageBar intent="error" data-testid="guidelines-error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
