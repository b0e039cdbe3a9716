import { useEffect, useState } from 'react';
import { Body1, Button, Field, Radio, RadioGroup, Subtitle2, Switch, makeStyles, tokens } from '@fluentui/react-components';
import { Page } from '../components/Page';
import { ResourceView } from '../components/ResourceView';
import { failureOf, ResultBar, type ActionResult } from '../components/ResultBar';
import { useApi } from '../data/ApiContext';
import { DIGEST_FREQUENCIES, digestSettingsSchema, followsSchema, type DigestSettingsView } from '../data/followSchemas';
import { FollowButton } from '../components/FollowButton';
import { useApiResource } from '../data/useApiResource';
import { useT } from '../i18n/LocaleContext';
import type { MessageKey } from '../../i18n';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '640px' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM },
  follows: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  follow: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', justifyContent: 'space-between' },
});

/** Everyone's own settings: how often their digest of what they follow comes, and the weekly digest. */
export function SettingsPage() {
  const translate = useT();
  const settings = useApiResource('/api/v1/me/digest', digestSettingsSchema);
  return (
    <Page title={translate('tab.settings.title')} testId="page-settings">
      <ResourceView resource={settings}>{(saved) => <DigestSettingsForm saved={saved} />}</ResourceView>
      <MyFollows />
    </Page>
  );
}

function DigestSettingsForm({ saved }: { saved: DigestSettingsView }) {
  const styles = useStyles();
  const translate = useT();
  const api = useApi();
  const [draft, setDraft] = useState(saved);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ActionResult>();
  useEffect(() => setDraft(saved), [saved]);
  const save = async () => {
    setBusy(true);
    setResult(undefined);
    try {
      setDraft(await api.put('/api/v1/me/digest', draft, digestSettingsSchema));
      setResult({ intent: 'success', text: translate('tab.settings.saved') });
    } catch (error) {
      setResult(failureOf(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className={styles.root}>
      <Subtitle2 as="h2">{translate('tab.settings.digests')}</Subtitle2>
      <Body1>{translate('tab.settings.intro')}</Body1>
      <Field label={translate('tab.settings.frequency')}>
        <RadioGroup value={draft.frequency} onChange={(_, data) => setDraft({ ...draft, frequency: data.value as DigestSettingsView['frequency'] })} data-testid="settings-frequency">
          {DIGEST_FREQUENCIES.map((f) => <Radio key={f} value={f} label={translate(`tab.settings.frequency.${f}` as MessageKey)} />)}
        </RadioGroup>
      </Field>
      <Switch checked={draft.weekly} onChange={(_, data) => setDraft({ ...draft, weekly: data.checked })} label={translate('tab.settings.weekly')} data-testid="settings-weekly" />
      <div className={styles.actions}>
        <Button appearance="primary" onClick={save} disabled={busy} data-testid="settings-save">{translate('tab.settings.save')}</Button>
      </div>
      <ResultBar result={result} testId="settings-result" />
    </div>
  );
}

/** What the person follows, each with its follow button (unfollowing keeps the row, to follow again). */
function MyFollows() {
  const styles = useStyles();
  const translate = useT();
  const follows = useApiResource('/api/v1/me/follows', followsSchema);
  return (
    <section className={styles.root} aria-labelledby="settings-following">
      <Subtitle2 as="h2" id="settings-following">{translate('tab.settings.following')}</Subtitle2>
      <ResourceView resource={follows}>
        {({ follows: list }) =>
          list.length === 0 ? (
            <Body1>{translate('tab.settings.followingNone')}</Body1>
          ) : (
            <ul className={styles.follows} data-testid="settings-follows">
              {list.map((f) => (
                <li key={`${f.kind}:${f.id}`} className={styles.follow}>
                  <Body1>{translate(`tab.settings.kind.${f.kind}` as MessageKey)}: {f.name}</Body1>
                  <FollowButton size="small" target={{ kind: f.kind, id: f.id }} name={f.name} />
                </li>
              ))}
            </ul>
          )
        }
      </ResourceView>
    </section>
  );
}
