import { useState } from 'react';
import { Body1, Button, Caption1, Card, Checkbox, Field, Subtitle1, Textarea, ToggleButton, makeStyles, tokens } from '@fluentui/react-components';
import { useApi } from '../../data/ApiContext';
import { amaDetailSchema, amaQuestionSchema, amaVoteSchema, type AmaQuestionView, type AmaView } from '../../data/amaSchemas';
import { communityError } from '../../data/communitySchemas';
import { useApiResource } from '../../data/useApiResource';
import { useLocale, useT } from '../../i18n/LocaleContext';
import { EmptyState } from '../EmptyState';
import { ResourceView } from '../ResourceView';
import { phaseKey } from './AmaSection';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, margin: 0, padding: 0, listStyle: 'none' },
  question: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  row: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  meta: { color: tokens.colorNeutralForeground2 },
  body: { margin: 0, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' },
  answer: { borderLeft: `3px solid ${tokens.colorPaletteGreenBorder2}`, paddingLeft: tokens.spacingHorizontalS },
});

/** One event: ask (optionally anonymously), upvote, and, for its host, answer; questions most upvoted first. */
export function AmaEvent({ id, onBack }: { id: string; onBack: () => void }) {
  const styles = useStyles();
  const translate = useT();
  const event = useApiResource(`/api/v1/amas/${id}`, amaDetailSchema);
  return (
    <div className={styles.panel} data-testid="ama-event">
      <div><Button appearance="subtle" onClick={onBack}>{translate('tab.ama.back')}</Button></div>
      <ResourceView resource={event}>
        {({ ama, questions }) => (
          <>
            <Subtitle1 as="h3">{ama.title}</Subtitle1>
            <Caption1 className={styles.meta}>
              {translate('tab.ama.hostedBy', { name: ama.host.displayName })} · {translate(phaseKey(ama.phase))} · {translate('tab.ama.counts', { asked: ama.asked ?? 0, answered: ama.answered ?? 0 })}
            </Caption1>
            {ama.phase !== 'closed' && <AskForm amaId={id} onAsked={event.retry} />}
            {questions.length === 0 ? (
              <EmptyState text={translate('tab.ama.noQuestions')} />
            ) : (
              <ul className={styles.list} aria-label={translate('tab.ama.questions')}>
                {questions.map((q) => <li key={q.id}><QuestionTile ama={ama} question={q} onChanged={event.retry} /></li>)}
              </ul>
            )}
          </>
        )}
      </ResourceView>
    </div>
  );
}

function AskForm({ amaId, onAsked }: { amaId: string; onAsked: () => void }) {
  const styles = useStyles();
  const translate = useT();
  const locale = useLocale();
  const api = useApi();
  const [text, setText] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  async function ask() {
    setSaving(true);
    setError(undefined);
    try {
      await api.post(`/api/v1/amas/${amaId}/questions`, { text, anonymous }, amaQuestionSchema);
      setText('');
      onAsked();
    } catch (failure) {
      setError(communityError(locale, failure));
    } finally {
      setSaving(false);
    }
  }
  return (
    <Card className={styles.form} data-testid="ama-ask">
      <Field label={translate('tab.ama.yourQuestion')} validationMessage={error} validationState={error ? 'error' : 'none'}>
        <Textarea value={text} onChange={(_, data) => setText(data.value)} maxLength={500} data-testid="ama-question-text" />
      </Field>
      <Checkbox checked={anonymous} onChange={(_, data) => setAnonymous(Boolean(data.checked))} label={translate('tab.ama.anonymously')} data-testid="ama-anonymous" />
      <div><Button appearance="primary" onClick={ask} disabled={saving || !text.trim()} data-testid="ama-ask-submit">{translate('tab.ama.ask')}</Button></div>
    </Card>
  );
}

function QuestionTile({ ama, question, onChanged }: { ama: AmaView; question: AmaQuestionView; onChanged: () => void }) {
  const styles = useStyles();
  const translate = useT();
  const locale = useLocale();
  const api = useApi();
  const [answer, setAnswer] = useState(question.answer?.text ?? '');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function run(work: () => Promise<unknown>) {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      onChanged();
    } catch (failure) {
      setError(communityError(locale, failure));
    } finally {
      setBusy(false);
    }
  }
  const path = `/api/v1/amas/${ama.id}/questions/${question.id}`;
  const toggleVote = () => run(() => (question.upvoted ? api.delete(`${path}/upvote`, amaVoteSchema) : api.put(`${path}/upvote`, {}, amaVoteSchema)));
  const sendAnswer = () => run(() => api.put(`${path}/answer`, { text: answer }, amaQuestionSchema));
  return (
    <Card className={styles.question} data-testid="ama-question">
      <Body1 as="p" className={styles.body}><strong>{question.text}</strong></Body1>
      <div className={styles.row}>
        <Caption1 className={styles.meta}>{question.author.displayName} · {translate('tab.ama.votes', { count: question.votes })}</Caption1>
        {ama.phase !== 'closed' && (
          <ToggleButton size="small" checked={question.upvoted} disabled={busy} onClick={toggleVote} aria-label={translate(question.upvoted ? 'tab.ama.upvotedNamed' : 'tab.ama.upvoteNamed', { text: question.text.slice(0, 80) })} data-testid="ama-upvote">
            {translate(question.upvoted ? 'tab.ama.upvoted' : 'tab.ama.upvote')}
          </ToggleButton>
        )}
      </div>
      {question.answer && (
        <div className={styles.answer} data-testid="ama-answer">
          <Caption1>{translate('tab.ama.answerBy', { name: question.answer.byName })}</Caption1>
          <Body1 as="p" className={styles.body}>{question.answer.text}</Body1>
        </div>
      )}
      {ama.isHost && ama.phase === 'live' && (
        <div className={styles.form}>
          <Field label={translate('tab.ama.yourAnswer')}>
            <Textarea value={answer} onChange={(_, data) => setAnswer(data.value)} maxLength={2000} data-testid="ama-answer-text" />
          </Field>
          <div><Button onClick={sendAnswer} disabled={busy || !answer.trim()} data-testid="ama-answer-submit">{translate(question.answer ? 'tab.ama.changeAnswer' : 'tab.ama.sendAnswer')}</Button></div>
        </div>
      )}
      {error && <Body1 role="alert">{error}</Body1>}
    </Card>
  );
}
