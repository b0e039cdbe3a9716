import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Radio, RadioGroup, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { z } from 'zod';
import { useApi } from '../../data/ApiContext';
import { describeError } from '../../data/errorMessage';
import { useLocale, useT } from '../../i18n/LocaleContext';
import { REPORT_NOTE_MAX, REPORT_REASONS, type ReportReason } from '../../../domain/reports';

const useStyles = makeStyles({
  // Dialogs render in a portal: state the text colour, so labels keep their contrast in dark themes.
  surface: { color: tokens.colorNeutralForeground1, backgroundColor: tokens.colorNeutralBackground1 },
  fields: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

const reportedSchema = z.object({ reported: z.boolean(), alreadyReported: z.boolean(), hidden: z.boolean(), message: z.string() });

/** Reports a post (POST /api/v1/posts/{id}/reports): a reason, an optional note, then the server's acknowledgement. */
export function ReportDialog({ postId, onClose }: { postId: string; onClose: (outcome?: { hidden: boolean }) => void }) {
  const styles = useStyles();
  const translate = useT();
  const locale = useLocale();
  const api = useApi();
  const [reason, setReason] = useState<ReportReason>();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<{ message: string; hidden: boolean }>();
  const [saving, setSaving] = useState(false);
  async function send() {
    setSaving(true);
    setError(undefined);
    try {
      const answer = await api.post(`/api/v1/posts/${encodeURIComponent(postId)}/reports`, { reason, ...(note.trim() && { note }) }, reportedSchema);
      setDone({ message: answer.message, hidden: answer.hidden });
    } catch (failure) {
      setError(describeError(locale, failure));
    } finally {
      setSaving(false);
    }
  }
  return (
    <Dialog open modalType="modal" onOpenChange={(_, data) => !data.open && onClose(done)}>
      <DialogSurface className={styles.surface} data-testid="report-dialog">
        <DialogBody>
          <DialogTitle>{translate('tab.report.title')}</DialogTitle>
          <DialogContent className={styles.fields}>
            {done ? (
              <p role="status" data-testid="report-thanks">{done.message}</p>
            ) : (
              <>
                <Field label={translate('tab.report.reason')} required validationMessage={error} validationState={error ? 'error' : 'none'}>
                  <RadioGroup value={reason ?? ''} onChange={(_, data) => setReason(data.value as ReportReason)}>
                    {REPORT_REASONS.map((r) => <Radio key={r} value={r} label={translate(`report.reason.${r}`)} />)}
                  </RadioGroup>
                </Field>
                <Field label={translate('tab.report.note')}>
                  <Textarea value={note} onChange={(_, data) => setNote(data.value)} maxLength={REPORT_NOTE_MAX} />
                </Field>
              </>
            )}
          </DialogContent>
          <DialogActions>
            {done ? (
              <Button appearance="primary" onClick={() => onClose(done)}>{translate('tab.report.cancel')}</Button>
            ) : (
              <>
                <Button appearance="secondary" onClick={() => onClose()} disabled={saving}>{translate('tab.report.cancel')}</Button>
                <Button appearance="primary" onClick={send} disabled={saving || !reason} data-testid="report-submit">{translate('tab.report.submit')}</Button>
              </>
            )}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
