import { useState } from 'react';
import { Button, Caption1, Field, MessageBar, MessageBarBody, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { useApi } from '../../data/ApiContext';
import { describeError } from '../../data/errorMessage';
import { guidelinesSettingsSchema, type GuidelinesSettings as Settings } from '../../data/guidelinesSchemas';
import { useApiResource } from '../../data/useApiResource';
import { useLocale, useT } from '../../i18n/LocaleContext';
import { ResourceView } from '../ResourceView';
import { Section } from '../Section';

const PATH = '/api/v1/settings/guidelines';

const useStyles = makeStyles({
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '70ch' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM },
});

/** The Admin page's "Community guidelines" section: edit in Markdown, save a draft, publish a new version. */
export function GuidelinesSettings() {
  const translate = useT();
  const stored = useApiResource(PATH, guidelinesSettingsSchema);
  return (
    <Section title={translate('tab.admin.guidelines.title')} testId="guidelines-settings">
      {() => <ResourceView resource={stored}>{(data) => <GuidelinesEditor stored={data} />}</ResourceView>}
    </Section>
  );
}

function GuidelinesEditor({ stored }: { stored: Settings }) {
  const styles = useStyles();
  const translate = useT();
  const locale = useLocale();
  const api = useApi();
  const [state, setState] = useState(stored);
  const [markdown, setMarkdown] = useState(stored.draft?.markdown ?? stored.current?.markdown ?? '');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; text: string }>();

  async function save(publish: boolean) {
    setBusy(true);
    setMessage(undefined);
    try {
      const saved = await api.put(PATH, { markdown, publish, ...(publish && { basedOn: state.current?.version ?? 0 }) }, guidelinesSettingsSchema);
      setState(saved);
      setMessage({ intent: 'success', text: publish ? translate('tab.admin.guidelines.published', { version: saved.current?.version ?? 0 }) : translate('tab.admin.guidelines.draftSaved') });
    } catch (error) {
      setMessage({ intent: 'error', text: describeError(locale, error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className={styles.column}>
      <Caption1>{state.current ? translate('tab.admin.guidelines.current', { version: state.current.version }) : translate('tab.admin.guidelines.noneYet')}</Caption1>
      <Field label={translate('tab.admin.guidelines.markdown')} hint={translate('tab.admin.guidelines.hint')}>
        <Textarea value={markdown} onChange={(_, data) => setMarkdown(data.value)} rows={10} maxLength={20_000} data-testid="guidelines-markdown" />
      </Field>
      <div className={styles.actions}>
        <Button onClick={() => void save(false)} disabled={busy || !markdown.trim()} data-testid="guidelines-save-draft">{translate('tab.admin.guidelines.saveDraft')}</Button>
        <Button appearance="primary" onClick={() => void save(true)} disabled={busy || !markdown.trim()} data-testid="guidelines-publish">{translate('tab.admin.guidelines.publish')}</Button>
      </div>
      {message && (
        <MessageBar intent={message.intent} data-testid="guidelines-settings-result">
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
