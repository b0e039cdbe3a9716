import { useEffect, useRef, useState } from 'react';
import { Caption1, Checkbox, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useApi } from '../../data/ApiContext';
import { channelsSchema, reachSchema, type DraftAudience } from '../../data/studio';
import { useApiResource } from '../../data/useApiResource';
import { useT } from '../../i18n/LocaleContext';
import { PeoplePicker } from './PeoplePicker';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, border: 'none', margin: 0, padding: 0 },
  legend: { fontWeight: tokens.fontWeightSemibold, marginBottom: tokens.spacingVerticalXS, padding: 0 },
  error: { color: tokens.colorPaletteRedForeground1 },
});

/** Everyone, channels where Commons is installed, or people from the directory, with the estimated reach of the choice. */
/** `mayPickPeople`: the author's guardrails let them target people (picks already made still show, to be removed). */
export function AudiencePicker({ audience, onChange, error, mayPickPeople = true }: { audience: DraftAudience; onChange: (next: DraftAudience) => void; error?: string; mayPickPeople?: boolean }) {
  const styles = useStyles();
  const translate = useT();
  const api = useApi();
  const channels = useApiResource('/api/v1/conversations?kind=channel', channelsSchema);
  const [reach, setReach] = useState<{ recipients: number; unreachable: number }>();
  const query = new URLSearchParams({ everyone: String(!!audience.everyone), channels: (audience.channels ?? []).join(','), people: (audience.people ?? []).join(',') }).toString();
  const latest = useRef(query);
  latest.current = query;
  useEffect(() => {
    // The newest choice wins: an answer for an older one is dropped.
    api.get(`/api/v1/studio/reach?${query}`, reachSchema).then(
      (next) => latest.current === query && setReach(next),
      () => latest.current === query && setReach(undefined),
    );
  }, [api, query]);
  const chosen = new Set(audience.channels ?? []);
  const toggle = (id: string, on: boolean) => onChange({ ...audience, channels: on ? [...chosen, id] : [...chosen].filter((c) => c !== id) });
  return (
    // A fieldset, not a Field: a Field would give every checkbox in it the same id.
    <fieldset className={styles.list} data-testid="studio-audience">
      <legend className={styles.legend}>{translate('tab.studio.field.audience')}</legend>
      <div className={styles.list}>
        <Checkbox checked={!!audience.everyone} onChange={(_, d) => onChange({ ...audience, everyone: !!d.checked })} label={translate('tab.studio.audience.everyone')} />
        {channels.status === 'ready' &&
          channels.data.conversations.map((c) => {
            const id = c.conversationId ?? c.id ?? '';
            const name = [c.teamName, c.channelName ?? c.name].filter(Boolean).join(' › ') || id;
            return <Checkbox key={id} checked={chosen.has(id)} onChange={(_, d) => toggle(id, !!d.checked)} label={name} />;
          })}
        {(mayPickPeople || !!audience.people?.length) && <PeoplePicker people={audience.people ?? []} onChange={(people) => onChange({ ...audience, people })} />}
        <Caption1 aria-live="polite" data-testid="studio-reach">
          {reach ? translate('tab.studio.reach', { count: reach.recipients, unreachable: reach.unreachable }) : ''}
        </Caption1>
      </div>
      {error && <Text className={styles.error} role="alert">{error}</Text>}
    </fieldset>
  );
}
