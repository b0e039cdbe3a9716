import { useState } from 'react';
import { Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useApi } from '../../data/ApiContext';
import { acknowledgedSchema } from '../../data/engagementSchemas';
import { describeError } from '../../data/errorMessage';
import { useLocale, useT } from '../../i18n/LocaleContext';

const useStyles = makeStyles({
  done: { color: tokens.colorPaletteGreenForeground1, fontWeight: tokens.fontWeightSemibold },
  error: { color: tokens.colorPaletteRedForeground1 },
});

/** "I've read this" on an announcement that asks for it; once pressed it reads "Acknowledged ✓", as the card does. */
export function AcknowledgeButton({ announcementId, acknowledged, title }: { announcementId: string; acknowledged: boolean; title: string }) {
  const styles = useStyles();
  const translate = useT();
  const locale = useLocale();
  const api = useApi();
  const [done, setDone] = useState(acknowledged);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  async function acknowledge() {
    setBusy(true);
    setError(undefined);
    try {
      await api.post(`/api/v1/announcements/${encodeURIComponent(announcementId)}/acknowledge`, {}, acknowledgedSchema);
      setDone(true);
    } catch (failure) {
      setError(describeError(locale, failure));
    } finally {
      setBusy(false);
    }
  }
  // A live region that stays in place, so the change to "Acknowledged" is announced.
  return (
    <div role="status" data-testid="acknowledgement">
      {done ? (
        <Text className={styles.done}>{translate('tab.engagement.acknowledged')}</Text>
      ) : (
        <Button appearance="primary" size="small" disabled={busy} onClick={() => void acknowledge()} aria-label={translate('tab.engagement.ackName', { title })} data-testid="acknowledge">
          {translate('tab.engagement.ack')}
        </Button>
      )}
      {error && (
        <Text role="alert" className={styles.error}>
          {' '}
          {error}
        </Text>
      )}
    </div>
  );
}
