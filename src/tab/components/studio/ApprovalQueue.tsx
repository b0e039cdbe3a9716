import { useState } from 'react';
import { Button, Field, MessageBar, MessageBarBody, Subtitle2, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import type { ApiError } from '../../api';
import { useApi } from '../../data/ApiContext';
import { draftSchema, queueSchema, sentSchema, type StudioDraft } from '../../data/studio';
import { useApiResource } from '../../data/useApiResource';
import { useT } from '../../i18n/LocaleContext';
import { CardPreview } from './CardPreview';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  item: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  row: { display: 'flex', gap: tokens.spacingHorizontalS },
});

/** Posts waiting for an approver: open one, see the card it will be, approve or reject with a comment. */
export function ApprovalQueue() {
  const styles = useStyles();
  const translate = useT();
  const api = useApi();
  const queue = useApiResource('/api/v1/studio/queue', queueSchema);
  const [open, setOpen] = useState<StudioDraft>();
  const [comment, setComment] = useState('');
  const [result, setResult] = useState<{ intent: 'success' | 'error'; text: string }>();

  const decide = async (decision: 'approve' | 'reject') => {
    if (!open) return;
    try {
      if (decision === 'approve') await api.post(`/api/v1/studio/drafts/${open.id}/approve`, comment ? { comment } : {}, sentSchema);
      else await api.post(`/api/v1/studio/drafts/${open.id}/reject`, { comment }, draftSchema);
      setResult({ intent: 'success', text: translate(decision === 'approve' ? 'tab.studio.approved' : 'tab.studio.rejected') });
      setOpen(undefined);
      setComment('');
      queue.retry();
    } catch (error) {
      setResult({ intent: 'error', text: (error as ApiError).serverMessage ?? (error as Error).message });
    }
  };

  return (
    <section className={styles.root} aria-label={translate('tab.studio.queue')} data-testid="studio-queue">
      <Subtitle2 as="h2">{translate('tab.studio.queue')}</Subtitle2>
      {queue.status === 'ready' && queue.data.drafts.length === 0 && <span>{translate('tab.studio.queueEmpty')}</span>}
      {queue.status === 'ready' &&
        queue.data.drafts.map((entry) => (
          <div key={entry.draftId} className={styles.item} data-testid="queue-item">
            <span>{translate('tab.studio.queueItem', { title: entry.title, name: entry.authorName })}</span>
            <Button onClick={async () => setOpen(await api.get(`/api/v1/studio/drafts/${entry.draftId}`, draftSchema))}>{translate('tab.studio.review')}</Button>
          </div>
        ))}
      {open && (
        <>
          <CardPreview input={{ ...open.content, title: open.content.title ?? '', body: open.content.body ?? '' }} label={translate('tab.studio.preview')} />
          <Field label={translate('tab.studio.field.comment')}>
            <Textarea value={comment} onChange={(_, d) => setComment(d.value)} data-testid="review-comment" />
          </Field>
          <div className={styles.row}>
            <Button appearance="primary" onClick={() => decide('approve')} data-testid="review-approve">{translate('tab.studio.approve')}</Button>
            <Button onClick={() => decide('reject')} data-testid="review-reject">{translate('tab.studio.reject')}</Button>
          </div>
        </>
      )}
      {result && (
        <MessageBar intent={result.intent}>
          <MessageBarBody>{result.text}</MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
