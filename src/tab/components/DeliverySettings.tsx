import { useState } from 'react';
import { Caption1, MessageBar, MessageBarBody, Switch, makeStyles, tokens } from '@fluentui/react-components';
import { useApi } from '../data/ApiContext';
import { describeError } from '../data/errorMessage';
import { deliverySettingsSchema, type DeliverySettings as Settings } from '../data/schemas';
import { useApiResource } from '../data/useApiResource';
import { useLocale, useT } from '../i18n/LocaleContext';
import { ResourceView } from './ResourceView';
import { Section } from './Section';

const PATH = '/api/v1/settings/delivery';

const useStyles = makeStyles({
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '60ch' },
});

/** The Admin page's "Reaching people" section: proactive installation, off until an admin turns it on. */
export function DeliverySettings() {
  const translate = useT();
  const stored = useApiResource(PATH, deliverySettingsSchema);
  return (
    <Section title={translate('tab.admin.delivery.title')} testId="delivery-settings">
      {() => <ResourceView resource={stored}>{(data) => <ProactiveInstallSwitch stored={data} />}</ResourceView>}
    </Section>
  );
}

function ProactiveInstallSwitch({ stored }: { stored: Settings }) {
  const styles = useStyles();
  const translate = useT();
  const locale = useLocale();
  const api = useApi();
  const [checked, setChecked] = useState(stored.proactiveInstall);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; text: string }>();

  async function change(next: boolean) {
    setBusy(true);
    setMessage(undefined);
    try {
      const saved = await api.put(PATH, { proactiveInstall: next }, deliverySettingsSchema);
      setChecked(saved.proactiveInstall);
      setMessage({ intent: 'success', text: translate('tab.admin.delivery.saved') });
    } catch (error) {
      setMessage({ intent: 'error', text: describeError(locale, error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className={styles.column}>
      <Switch
        checked={checked}
        disabled={busy || !stored.proactiveInstallAvailable}
        onChange={(_, data) => void change(data.checked)}
        label={translate('tab.admin.delivery.proactiveInstall')}
        data-testid="proactive-install"
      />
      <Caption1>{translate(stored.proactiveInstallAvailable ? 'tab.admin.delivery.proactiveInstallHint' : 'tab.admin.delivery.unavailable')}</Caption1>
      {message && (
        <MessageBar intent={message.intent} role="status">
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
