import { useState } from 'react';
import { Button, Card, Checkbox, Field, Link, Radio, RadioGroup, Subtitle2, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { ApiError } from '../../api';
import { useApi } from '../../data/ApiContext';
import { communityError, communityPostSchema } from '../../data/communitySchemas';
import { useLocale, useT } from '../../i18n/LocaleContext';
import type { MessageKey } from '../../../i18n';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
});

const KINDS = ['discussion', 'question', 'poll'] as const;
type Kind = (typeof KINDS)[number];

/** Starts a discussion, a question or a poll in the community: filed there and posted in its linked channels. */
export function StartPostForm({ communityId, onStarted }: { communityId: string; onStarted: () => void }) {
  const styles = useStyles();
  const translate = useT();
  const locale = useLocale();
  const api = useApi();
  const [kind, setKind] = useState<Kind>('discussion');
  const [text, setText] = useState('');
  const [options, setOptions] = useState('');
  const [multiple, setMultiple] = useState(false);
  const [anonymous, setAnonymous] = useState(false);
  const [hideResults, setHideResults] = useState(false);
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  // The guidelines refused this post: link to the page where the person accepts them.
  const [guidelinesNeeded, setGuidelinesNeeded] = useState(false);
  async function start() {
    setSaving(true);
    setError(undefined);
    setGuidelinesNeeded(false);
    try {
      const poll = kind === 'poll' ? { options: options.split('\n').map((o) => o.trim()).filter(Boolean), multiple, anonymous, hideResults } : {};
      await api.post(`/api/v1/communities/${communityId}/posts`, { kind, text, ...poll }, communityPostSchema);
      setText('');
      setOptions('');
      onStarted();
    } catch (failure) {
      setError(communityError(locale, failure));
      setGuidelinesNeeded(failure instanceof ApiError && failure.code === 'guidelines_required');
    } finally {
      setSaving(false);
    }
  }
  return (
    <Card className={styles.form} data-testid="start-post">
      <Subtitle2 as="h3">{translate('tab.communities.start.title')}</Subtitle2>
      <Field label={translate('tab.communities.start.kind')}>
        <RadioGroup layout="horizontal" value={kind} onChange={(_, data) => setKind(data.value as Kind)}>
          {KINDS.map((k) => <Radio key={k} value={k} label={translate(`tab.communities.kind.${k}` as MessageKey)} />)}
        </RadioGroup>
      </Field>
      <Field label={translate(kind === 'poll' ? 'tab.communities.start.question' : 'tab.communities.start.text')} validationMessage={error} validationState={error ? 'error' : 'none'}>
        <Textarea value={text} onChange={(_, data) => setText(data.value)} maxLength={4000} data-testid="start-post-text" />
      </Field>
      {kind === 'poll' && (
        <>
          <Field label={translate('tab.communities.start.options')} hint={translate('tab.communities.start.optionsHint')}>
            <Textarea value={options} onChange={(_, data) => setOptions(data.value)} data-testid="start-post-options" />
          </Field>
          <div className={styles.row}>
            <Checkbox checked={multiple} onChange={(_, data) => setMultiple(Boolean(data.checked))} label={translate('tab.communities.start.multiple')} />
            <Checkbox checked={anonymous} onChange={(_, data) => setAnonymous(Boolean(data.checked))} label={translate('tab.communities.start.anonymous')} />
            <Checkbox checked={hideResults} onChange={(_, data) => setHideResults(Boolean(data.checked))} label={translate('tab.communities.start.hideResults')} />
          </div>
        </>
      )}
      {guidelinesNeeded && <Link href="#/guidelines" data-testid="start-post-guidelines">{translate('tab.guidelines.link')}</Link>}
      <div><Button appearance="primary" onClick={start} disabled={saving || !text.trim()} data-testid="start-post-submit">{translate('tab.communities.start.submit')}</Button></div>
    </Card>
  );
}
