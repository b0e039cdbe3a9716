import { useState, type FormEvent } from 'react';
import { Button, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { useApi } from '../../data/ApiContext';
import { savedProfileSchema } from '../../data/profileSchemas';
import { useT } from '../../i18n/LocaleContext';
import { failureOf, ResultBar, type ActionResult } from '../ResultBar';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '560px' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM },
});

/** Commas separate entries; the server trims, deduplicates and checks them (20 of 40 characters at most). */
const entriesOf = (text: string) => text.split(',').map((entry) => entry.trim()).filter(Boolean);

/** My own "ask me about" skills and interests, edited as comma-separated lists. */
export function ProfileEditor({ skills, interests, onSaved }: { skills: string[]; interests: string[]; onSaved: (saved: { skills: string[]; interests: string[] }) => void }) {
  const styles = useStyles();
  const translate = useT();
  const api = useApi();
  const [skillsText, setSkillsText] = useState(skills.join(', '));
  const [interestsText, setInterestsText] = useState(interests.join(', '));
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ActionResult>();
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setResult(undefined);
    try {
      const saved = await api.put('/api/v1/me/profile', { skills: entriesOf(skillsText), interests: entriesOf(interestsText) }, savedProfileSchema);
      setSkillsText(saved.skills.join(', '));
      setInterestsText(saved.interests.join(', '));
      setResult({ intent: 'success', text: translate('tab.people.edit.saved') });
      onSaved(saved);
    } catch (error) {
      setResult(failureOf(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className={styles.form} onSubmit={save} data-testid="profile-editor">
      <Field label={translate('tab.people.edit.skills')} hint={translate('tab.people.edit.hint')}>
        <Input value={skillsText} onChange={(_, data) => setSkillsText(data.value)} data-testid="profile-skills-input" />
      </Field>
      <Field label={translate('tab.people.edit.interests')} hint={translate('tab.people.edit.hint')}>
        <Input value={interestsText} onChange={(_, data) => setInterestsText(data.value)} data-testid="profile-interests-input" />
      </Field>
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={busy} data-testid="profile-save">{translate('tab.people.edit.save')}</Button>
      </div>
      <ResultBar result={result} testId="profile-result" />
    </form>
  );
}
