import { FormEvent, useId, useState } from 'react';
import { Button, Caption1, Checkbox, MessageBar, Radio, RadioGroup, makeStyles, tokens } from '@fluentui/react-components';
import { useApi } from '../../data/ApiContext';
import { describeError } from '../../data/errorMessage';
import { useLocale, useT } from '../../i18n/LocaleContext';
import { PollResultsData, pollResultsSchema } from './pollSchema';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, alignItems: 'flex-start' },
  choices: { display: 'flex', flexDirection: 'column', border: 'none', margin: 0, padding: 0 },
  reason: { color: tokens.colorNeutralForeground2 },
});

/**
 * The vote in the tab: one radio per option (single choice) or a checkbox each
 * (multiple), the reader's earlier choice selected so they can change it, and the
 * same vote as the card's button (PUT …/poll/vote), so the card in Teams follows.
 * A closed poll keeps its controls visible but disabled, with the reason beside them.
 */
export function PollVoteForm({ postId, poll, onVoted }: { postId: string; poll: PollResultsData; onVoted: (results: PollResultsData) => void }) {
  const styles = useStyles();
  const translate = useT();
  const locale = useLocale();
  const api = useApi();
  const legendId = useId();
  const reasonId = useId();
  const [chosen, setChosen] = useState<string[]>(poll.myChoices);
  const [state, setState] = useState<{ busy: boolean; message?: { intent: 'success' | 'error'; text: string } }>({ busy: false });
  const unchanged = chosen.length === poll.myChoices.length && chosen.every((c) => poll.myChoices.includes(c));
  const disabled = poll.closed || state.busy;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setState({ busy: true });
    try {
      const results = await api.put(`/api/v1/posts/${encodeURIComponent(postId)}/poll/vote`, { choices: chosen }, pollResultsSchema);
      setState({ busy: false, message: { intent: 'success', text: translate(poll.myChoices.length ? 'tab.poll.changed' : 'tab.poll.counted') } });
      onVoted(results);
    } catch (error) {
      setState({ busy: false, message: { intent: 'error', text: describeError(locale, error) } });
    }
  }

  const toggle = (id: string, on: boolean) => setChosen((current) => (on ? [...current, id] : current.filter((c) => c !== id)));
  return (
    <form className={styles.form} onSubmit={submit} data-testid="poll-vote">
      <fieldset className={styles.choices} aria-describedby={poll.closed ? reasonId : undefined}>
        <legend id={legendId}>{translate(poll.multiple ? 'tab.poll.chooseMany' : 'tab.poll.chooseOne')}</legend>
        {poll.multiple ? (
          poll.options.map((option) => <Checkbox key={option.id} label={option.label} checked={chosen.includes(option.id)} disabled={disabled} onChange={(_, data) => toggle(option.id, data.checked === true)} />)
        ) : (
          <RadioGroup aria-labelledby={legendId} value={chosen[0] ?? ''} disabled={disabled} onChange={(_, data) => setChosen([data.value])}>
            {poll.options.map((option) => <Radio key={option.id} value={option.id} label={option.label} />)}
          </RadioGroup>
        )}
      </fieldset>
      {poll.closed ? (
        <Caption1 id={reasonId} className={styles.reason} data-testid="poll-closed">{translate('tab.poll.closed')}</Caption1>
      ) : (
        <Button type="submit" appearance="primary" disabled={disabled || !chosen.length || unchanged} data-testid="poll-vote-submit">
          {translate(poll.myChoices.length ? 'tab.poll.changeVote' : 'tab.poll.vote')}
        </Button>
      )}
      {state.message && <MessageBar intent={state.message.intent} role={state.message.intent === 'error' ? 'alert' : 'status'} data-testid="poll-vote-message">{state.message.text}</MessageBar>}
    </form>
  );
}
