import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Dropdown, Field, Input, Option, Radio, RadioGroup, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { useApi } from '../../data/ApiContext';
import { communityError, communitySchema, COVER_COLOURS, PRIVACIES, type CommunityView } from '../../data/communitySchemas';
import { useLocale, useT } from '../../i18n/LocaleContext';
import type { MessageKey } from '../../../i18n';

const useStyles = makeStyles({
  // Dialogs render in a portal: state the text colour, so labels keep their contrast in dark themes.
  surface: { color: tokens.colorNeutralForeground1, backgroundColor: tokens.colorNeutralBackground1 },
  fields: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalM },
});

/** Creates a community; the server refuses a taken name (409) and the reason shows here, with what was typed kept. */
export function CreateCommunityDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (community: CommunityView) => void }) {
  const styles = useStyles();
  const translate = useT();
  const locale = useLocale();
  const api = useApi();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [emoji, setEmoji] = useState('💬');
  const [colour, setColour] = useState<(typeof COVER_COLOURS)[number]>('blue');
  const [privacy, setPrivacy] = useState<(typeof PRIVACIES)[number]>('open');
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  async function create() {
    setSaving(true);
    setError(undefined);
    try {
      onCreated(await api.post('/api/v1/communities', { name, description, emoji, colour, privacy }, communitySchema));
    } catch (failure) {
      setError(communityError(locale, failure));
    } finally {
      setSaving(false);
    }
  }
  return (
    <Dialog open modalType="modal" onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface className={styles.surface} data-testid="create-community-dialog">
        <DialogBody>
          <DialogTitle>{translate('tab.communities.create.title')}</DialogTitle>
          <DialogContent className={styles.fields}>
            <Field label={translate('tab.communities.create.name')} required validationMessage={error} validationState={error ? 'error' : 'none'}>
              <Input value={name} onChange={(_, data) => setName(data.value)} maxLength={80} data-testid="community-name" />
            </Field>
            <Field label={translate('tab.communities.create.description')}>
              <Textarea value={description} onChange={(_, data) => setDescription(data.value)} maxLength={1000} />
            </Field>
            <div className={styles.row}>
              <Field label={translate('tab.communities.create.emoji')}>
                <Input value={emoji} onChange={(_, data) => setEmoji(data.value)} maxLength={8} />
              </Field>
              <Field label={translate('tab.communities.create.colour')}>
                <Dropdown value={translate(`tab.communities.colour.${colour}` as MessageKey)} selectedOptions={[colour]} onOptionSelect={(_, data) => setColour(data.optionValue as (typeof COVER_COLOURS)[number])}>
                  {COVER_COLOURS.map((c) => <Option key={c} value={c}>{translate(`tab.communities.colour.${c}` as MessageKey)}</Option>)}
                </Dropdown>
              </Field>
            </div>
            <Field label={translate('tab.communities.create.privacy')}>
              <RadioGroup value={privacy} onChange={(_, data) => setPrivacy(data.value as (typeof PRIVACIES)[number])}>
                {PRIVACIES.map((p) => <Radio key={p} value={p} label={`${translate(`tab.communities.privacy.${p}` as MessageKey)}: ${translate(`tab.communities.privacyHelp.${p}` as MessageKey)}`} />)}
              </RadioGroup>
            </Field>
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose} disabled={saving}>{translate('tab.communities.create.cancel')}</Button>
            <Button appearance="primary" onClick={create} disabled={saving || !name.trim()} data-testid="community-create-submit">{translate('tab.communities.create.submit')}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
