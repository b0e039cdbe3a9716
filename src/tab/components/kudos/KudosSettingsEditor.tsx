import { useState } from 'react';
import { Button, Checkbox, Field, Input, MessageBar, MessageBarBody, Radio, RadioGroup, Select, Switch, makeStyles, tokens } from '@fluentui/react-components';
import { useApi } from '../../data/ApiContext';
import { describeError } from '../../data/errorMessage';
import { kudosSettingsSchema, type KudosSettingsView } from '../../data/kudosSchemas';
import { useLocale, useT } from '../../i18n/LocaleContext';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  badge: { display: 'grid', gridTemplateColumns: '6rem 1fr 9rem auto', gap: tokens.spacingHorizontalS, alignItems: 'end' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, justifyContent: 'flex-end' },
});

const slug = (name: string) => name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 30) || 'badge';

/** Admins: badges (emoji, name, colour) and who may send how many kudos. Nothing is saved until Save. */
export function KudosSettingsEditor({ stored, onSaved }: { stored: KudosSettingsView; onSaved: (next: KudosSettingsView) => void }) {
  const styles = useStyles();
  const api = useApi();
  const translate = useT();
  const locale = useLocale();
  const [draft, setDraft] = useState(stored);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();
  const colours = stored.colours ?? [];
  const setBadge = (index: number, change: Partial<KudosSettingsView['badges'][number]>) =>
    setDraft((d) => ({ ...d, badges: d.badges.map((b, i) => (i === index ? { ...b, ...change } : b)) }));

  async function save() {
    const body = {
      sendPolicy: draft.sendPolicy,
      weeklyAllowance: draft.weeklyAllowance,
      notifyManagers: draft.notifyManagers,
      badges: draft.badges.map(({ id, name, emoji, colour }) => ({ id: id || slug(name), name, emoji, colour })),
    };
    try {
      const saved = await api.put('/api/v1/kudos/settings', body, kudosSettingsSchema);
      setOutcome({ ok: true, text: translate('tab.kudos.settings.saved') });
      onSaved({ ...saved, colours });
    } catch (error) {
      setOutcome({ ok: false, text: translate('tab.kudos.settings.failed', { message: describeError(locale, error) }) });
    }
  }

  return (
    <div className={styles.root} data-testid="kudos-settings">
      <Field label={translate('tab.kudos.settings.policy')}>
        <RadioGroup value={draft.sendPolicy} onChange={(_, data) => setDraft({ ...draft, sendPolicy: data.value as 'managers' | 'everyone' })}>
          <Radio value="managers" label={translate('tab.kudos.settings.managers')} />
          <Radio value="everyone" label={translate('tab.kudos.settings.everyone')} />
        </RadioGroup>
      </Field>
      <Checkbox
        checked={draft.weeklyAllowance !== null}
        onChange={(_, data) => setDraft({ ...draft, weeklyAllowance: data.checked ? 5 : null })}
        label={translate('tab.kudos.settings.limit')}
      />
      {draft.weeklyAllowance !== null && (
        <Field label={translate('tab.kudos.settings.allowance')}>
          <Input type="number" min={1} max={100} value={String(draft.weeklyAllowance)} onChange={(_, data) => setDraft({ ...draft, weeklyAllowance: Number(data.value) || 1 })} />
        </Field>
      )}
      <Switch checked={draft.notifyManagers} onChange={(_, data) => setDraft({ ...draft, notifyManagers: data.checked })} label={translate('tab.kudos.settings.notifyManagers')} />
      <fieldset>
        <legend>{translate('tab.kudos.settings.badges')}</legend>
        {draft.badges.map((badge, index) => (
          <div className={styles.badge} key={index} data-testid="badge-row">
            <Field label={translate('tab.kudos.settings.emoji')}>
              <Input value={badge.emoji} onChange={(_, data) => setBadge(index, { emoji: data.value })} />
            </Field>
            <Field label={translate('tab.kudos.settings.name')}>
              <Input value={badge.name} onChange={(_, data) => setBadge(index, { name: data.value })} />
            </Field>
            <Field label={translate('tab.kudos.settings.colour')}>
              <Select value={badge.colour} onChange={(_, data) => setBadge(index, { colour: data.value })}>
                {colours.map((c) => <option key={c.name} value={c.name}>{c.name}</option>)}
              </Select>
            </Field>
            <Button onClick={() => setDraft({ ...draft, badges: draft.badges.filter((_, i) => i !== index) })} aria-label={translate('tab.kudos.settings.remove', { name: badge.name || String(index + 1) })}>
              {translate('tab.kudos.settings.removeShort')}
            </Button>
          </div>
        ))}
        <Button onClick={() => setDraft({ ...draft, badges: [...draft.badges, { id: '', name: '', emoji: '⭐', colour: colours[0]?.name ?? 'blue', hex: '' }] })}>
          {translate('tab.kudos.settings.add')}
        </Button>
      </fieldset>
      {outcome && (
        <MessageBar intent={outcome.ok ? 'success' : 'error'}>
          <MessageBarBody>{outcome.text}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.actions}>
        <Button appearance="primary" onClick={save} data-testid="kudos-settings-save">{translate('tab.kudos.settings.save')}</Button>
      </div>
    </div>
  );
}
