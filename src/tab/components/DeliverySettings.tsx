import { useState } from 'react';
import { Caption1, MessageBar, MessageBarBody, Switch, makeStyles, tokens } from '@fluentui/react-components';
import { deliverySettingsSchema, type DeliverySettings as Settings } from '../data/schemas';
import { useT } from '../i18n/LocaleContext';
import { SettingsSection, useSettingsSave } from './SettingsForm';

const PATH = '/api/v1/settings/delivery';

const useStyles = makeStyles({
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '60ch' },
});

/** The Admin page's "Reaching people" section: proactive installation, off until an admin turns it on. */
export function DeliverySettings() {
  const translate = useT();
  return (
    <SettingsSection title={translate('tab.admin.delivery.title')} testId="delivery-settings" path={PATH} schema={deliverySettingsSchema}>
      {(data) => <ProactiveInstallSwitch stored={data} />}
    </SettingsSection>
  );
}

function ProactiveInstallSwitch({ stored }: { stored: Settings }) {
  const styles = useStyles();
  const translate = useT();
  const [checked, setChecked] = useState(stored.proactiveInstall);
  const { busy, message, save } = useSettingsSave(PATH, deliverySettingsSchema);

  const change = (next: boolean) =>
    save({ proactiveInstall: next }, (saved) => {
      setChecked(saved.proactiveInstall);
      return translate('tab.admin.delivery.saved');
    });

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
