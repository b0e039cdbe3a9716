import { useState } from 'react';
import { Button, Field, Input, MessageBar, MessageBarBody, Radio, RadioGroup, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { z } from 'zod';
import { useApi } from '../../data/ApiContext';
import { describeError } from '../../data/errorMessage';
import { useApiResource } from '../../data/useApiResource';
import { useLocale, useT } from '../../i18n/LocaleContext';
import { ERASURE_MODES, REMOVED_PURGE_DAYS_MAX, REMOVED_PURGE_DAYS_MIN, RETENTION_MONTHS_MAX, RETENTION_MONTHS_MIN, type ErasureMode } from '../../../domain/privacy';
import { ResourceView } from '../ResourceView';
import { Section } from '../Section';
import { ErasePerson } from './ErasePerson';

export const PRIVACY_SETTINGS_PATH = '/api/v1/settings/privacy';
const settingsSchema = z.object({ erasureMode: z.enum(ERASURE_MODES), removedPurgeDays: z.number().int(), retentionMonths: z.number().int().nullable() });
type Settings = z.infer<typeof settingsSchema>;

const useStyles = makeStyles({
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '70ch' },
  heading: { margin: 0 },
});

/** The Admin page's "Privacy" section: erase a person, and the tenant's privacy settings. */
export function PrivacySection() {
  const translate = useT();
  const stored = useApiResource(PRIVACY_SETTINGS_PATH, settingsSchema);
  const styles = useStyles();
  return (
    <Section title={translate('tab.admin.privacy.title')} testId="privacy-admin">
      {() => (
        <div className={styles.column}>
          <ErasePerson />
          <ResourceView resource={stored}>{(data) => <PrivacySettingsForm stored={data} />}</ResourceView>
        </div>
      )}
    </Section>
  );
}

function PrivacySettingsForm({ stored }: { stored: Settings }) {
  const styles = useStyles();
  const translate = useT();
  const locale = useLocale();
  const api = useApi();
  const [mode, setMode] = useState<ErasureMode>(stored.erasureMode);
  const [purgeDays, setPurgeDays] = useState(String(stored.removedPurgeDays));
  const [retention, setRetention] = useState(stored.retentionMonths === null ? '' : String(stored.retentionMonths));
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; text: string }>();

  async function save() {
    setBusy(true);
    setMessage(undefined);
    try {
      const body = { erasureMode: mode, removedPurgeDays: Number(purgeDays), retentionMonths: retention.trim() ? Number(retention) : null };
      const saved = await api.put(PRIVACY_SETTINGS_PATH, body, settingsSchema);
      setRetention(saved.retentionMonths === null ? '' : String(saved.retentionMonths));
      setMessage({ intent: 'success', text: translate('tab.admin.privacy.saved') });
    } catch (error) {
      setMessage({ intent: 'error', text: describeError(locale, error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className={styles.column} data-testid="privacy-settings">
      <Subtitle2 as="h3" className={styles.heading}>{translate('tab.admin.privacy.settings')}</Subtitle2>
      <Field label={translate('tab.admin.privacy.mode')}>
        <RadioGroup value={mode} onChange={(_, data) => setMode(data.value as ErasureMode)} data-testid="erasure-mode">
          {ERASURE_MODES.map((m) => <Radio key={m} value={m} label={translate(`tab.admin.privacy.mode.${m}`)} />)}
        </RadioGroup>
      </Field>
      <Field label={translate('tab.admin.privacy.purgeDays')} hint={translate('tab.admin.privacy.purgeDays.hint')}>
        <Input type="number" min={REMOVED_PURGE_DAYS_MIN} max={REMOVED_PURGE_DAYS_MAX} value={purgeDays} onChange={(_, data) => setPurgeDays(data.value)} data-testid="purge-days" />
      </Field>
      <Field label={translate('tab.admin.privacy.retention')} hint={translate('tab.admin.privacy.retention.hint')}>
        <Input type="number" min={RETENTION_MONTHS_MIN} max={RETENTION_MONTHS_MAX} value={retention} onChange={(_, data) => setRetention(data.value)} data-testid="retention-months" />
      </Field>
      <div>
        <Button appearance="primary" onClick={() => void save()} disabled={busy} data-testid="privacy-save">{translate('tab.admin.privacy.save')}</Button>
      </div>
      {message && (
        <MessageBar intent={message.intent} role="status">
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
