import { useState } from 'react';
import { Button, Caption1, Field, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { guidelinesSettingsSchema, type GuidelinesSettings as Settings } from '../../data/guidelinesSchemas';
import { useT } from '../../i18n/LocaleContext';
import { ResultBar } from '../ResultBar';
import { SettingsSection, useSettingsSave } from '../SettingsForm';

const PATH = '/api/v1/settings/guidelines';

const useStyles = makeStyles({
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '70ch' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM },
});

/** The Admin page's "Community guidelines" section: edit in Markdown, save a draft, publish a new version. */
export function GuidelinesSettings() {
  const translate = useT();
  return (
    <SettingsSection title={translate('tab.admin.guidelines.title')} testId="guidelines-settings" path={PATH} schema={guidelinesSettingsSchema}>
      {(data) => <GuidelinesEditor stored={data} />}
    </SettingsSection>
  );
}

function GuidelinesEditor({ stored }: { stored: Settings }) {
  const styles = useStyles();
  const translate = useT();
  const [state, setState] = useState(stored);
  const [markdown, setMarkdown] = useState(stored.draft?.markdown ?? stored.current?.markdown ?? '');
  const settings = useSettingsSave(PATH, guidelinesSettingsSchema);
  const { busy, message } = settings;

  const save = (publish: boolean) =>
    settings.save({ markdown, publish, ...(publish && { basedOn: state.current?.version ?? 0 }) }, (saved) => {
      setState(saved);
      return publish ? translate('tab.admin.guidelines.published', { version: saved.current?.version ?? 0 }) : translate('tab.admin.guidelines.draftSaved');
    });

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
      <ResultBar result={message} testId="guidelines-settings-result" />
    </div>
  );
}
