import { useState } from 'react';
import { Button, Caption1, Card, Field, Input, Select, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { useApi } from '../../data/ApiContext';
import { amaListSchema, amaSchema, type AmaView } from '../../data/amaSchemas';
import { communityError, memberPageSchema } from '../../data/communitySchemas';
import { useApiResource } from '../../data/useApiResource';
import { useLocale, useT } from '../../i18n/LocaleContext';
import type { MessageKey } from '../../../i18n';
import { EmptyState } from '../EmptyState';
import { ResourceView } from '../ResourceView';
import { AmaEvent } from './AmaEvent';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, margin: 0, padding: 0, listStyle: 'none' },
  tile: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  grow: { flexGrow: 1, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  meta: { color: tokens.colorNeutralForeground2 },
});

/** How long an event opened from the tab runs, from now. */
const DURATIONS = [['30m', 30], ['1h', 60], ['2h', 120], ['1d', 24 * 60]] as const;
export const phaseKey = (phase: AmaView['phase']) => `tab.ama.phase.${phase}` as MessageKey;

/** A community's ask-me-anything events: the list, opening one (members), and one event at a time. */
export function AmaSection({ communityId, canOpen, canNameHost }: { communityId: string; canOpen: boolean; canNameHost: boolean }) {
  const styles = useStyles();
  const translate = useT();
  const [open, setOpen] = useState<string>();
  const events = useApiResource(`/api/v1/communities/${communityId}/amas`, amaListSchema);
  if (open) return <AmaEvent id={open} onBack={() => { setOpen(undefined); events.retry(); }} />;
  return (
    <div className={styles.panel} data-testid="ama-section">
      {canOpen && <OpenAmaForm communityId={communityId} canNameHost={canNameHost} onOpened={(id) => setOpen(id)} />}
      <ResourceView resource={events}>
        {({ amas }) =>
          amas.length === 0 ? (
            <EmptyState text={translate('tab.ama.none')} />
          ) : (
            <ul className={styles.list} aria-label={translate('tab.ama.title')}>
              {amas.map((ama) => (
                <li key={ama.id}>
                  <Card className={styles.tile} data-testid="ama-tile">
                    <div className={styles.grow}>
                      <Subtitle2 as="h3">{ama.title}</Subtitle2>
                      <Caption1 className={styles.meta}>{translate('tab.ama.hostedBy', { name: ama.host.displayName })} · {translate(phaseKey(ama.phase))}</Caption1>
                    </div>
                    <Button onClick={() => setOpen(ama.id)} aria-label={translate('tab.ama.openNamed', { title: ama.title })}>{translate('tab.ama.open')}</Button>
                  </Card>
                </li>
              ))}
            </ul>
          )
        }
      </ResourceView>
    </div>
  );
}

/** Owners and moderators may name another member as host: the first page of members (owners first). */
function HostPicker({ communityId, value, onChange }: { communityId: string; value: string; onChange: (userId: string) => void }) {
  const translate = useT();
  const members = useApiResource(`/api/v1/communities/${communityId}/members`, memberPageSchema);
  return (
    <Field label={translate('tab.ama.host')}>
      <Select value={value} onChange={(_, data) => onChange(data.value)} data-testid="ama-host">
        <option value="">{translate('tab.ama.hostMe')}</option>
        {members.status === 'ready' && members.data.members.map((m) => <option key={m.userId} value={m.userId}>{m.displayName}</option>)}
      </Select>
    </Field>
  );
}

function OpenAmaForm({ communityId, canNameHost, onOpened }: { communityId: string; canNameHost: boolean; onOpened: (id: string) => void }) {
  const styles = useStyles();
  const translate = useT();
  const locale = useLocale();
  const api = useApi();
  const [title, setTitle] = useState('');
  const [duration, setDuration] = useState<string>('1h');
  const [hostId, setHostId] = useState('');
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  async function openIt() {
    setSaving(true);
    setError(undefined);
    try {
      const minutes = DURATIONS.find(([id]) => id === duration)?.[1] ?? 60;
      const ama = await api.post(`/api/v1/communities/${communityId}/amas`, { title, endsAt: new Date(Date.now() + minutes * 60_000).toISOString(), ...(hostId && { hostId }) }, amaSchema);
      onOpened(ama.id);
    } catch (failure) {
      setError(communityError(locale, failure));
    } finally {
      setSaving(false);
    }
  }
  return (
    <Card className={styles.form} data-testid="ama-open-form">
      <Subtitle2 as="h3">{translate('tab.ama.openTitle')}</Subtitle2>
      <Field label={translate('tab.ama.eventTitle')} validationMessage={error} validationState={error ? 'error' : 'none'}>
        <Input value={title} onChange={(_, data) => setTitle(data.value)} maxLength={200} data-testid="ama-title" />
      </Field>
      <Field label={translate('tab.ama.duration')}>
        <Select value={duration} onChange={(_, data) => setDuration(data.value)} data-testid="ama-duration">
          {DURATIONS.map(([id]) => <option key={id} value={id}>{translate(`tab.ama.duration.${id}` as MessageKey)}</option>)}
        </Select>
      </Field>
      {canNameHost && <HostPicker communityId={communityId} value={hostId} onChange={setHostId} />}
      <div><Button appearance="primary" onClick={openIt} disabled={saving || !title.trim()} data-testid="ama-open-submit">{translate('tab.ama.openSubmit')}</Button></div>
    </Card>
  );
}
