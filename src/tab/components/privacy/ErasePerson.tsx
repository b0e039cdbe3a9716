import { useEffect, useState } from 'react';
import {
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { z } from 'zod';
import { useApi } from '../../data/ApiContext';
import { describeError } from '../../data/errorMessage';
import { useLocale, useT } from '../../i18n/LocaleContext';
import { ERASURE_KINDS } from '../../../domain/erasure';
import { ERASURE_MODES } from '../../../domain/privacy';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const erasureSchema = z.object({
  jobId: z.string(),
  state: z.enum(['queued', 'running', 'done']),
  location: z.string(),
  progress: z.object({ done: z.number(), total: z.number().nullable() }),
  report: z.object({ subject: z.string(), mode: z.enum(ERASURE_MODES), counts: z.record(z.number()), completedAt: z.string().optional(), runs: z.number() }).optional(),
  alreadyDone: z.boolean(),
});
type Erasure = z.infer<typeof erasureSchema>;
/** How often the page asks for a running erasure's progress. */
const POLL_MS = 1_000;

const useStyles = makeStyles({
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '70ch' },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end', flexWrap: 'wrap' },
  heading: { margin: 0 },
  // Dialogs render in a portal: state the text colour, so text keeps its contrast in dark themes.
  surface: { color: tokens.colorNeutralForeground1, backgroundColor: tokens.colorNeutralBackground1 },
});

/** Erases a person (POST /api/v1/people/{id}/erasure) after a confirm step, then shows what was done. */
export function ErasePerson() {
  const styles = useStyles();
  const translate = useT();
  const locale = useLocale();
  const api = useApi();
  const [userId, setUserId] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [job, setJob] = useState<Erasure>();
  const valid = GUID.test(userId.trim());

  // The erasure runs in the background: follow it until its report stands.
  useEffect(() => {
    if (!job || job.state === 'done') return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.get(job.location, erasureSchema, controller.signal).then(setJob, (failure) => {
        if (!controller.signal.aborted) setError(describeError(locale, failure));
      });
    }, POLL_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [job, api, locale]);

  async function erase() {
    setBusy(true);
    setError(undefined);
    try {
      setJob(await api.post(`/api/v1/people/${encodeURIComponent(userId.trim())}/erasure`, {}, erasureSchema));
      setUserId('');
    } catch (failure) {
      setError(describeError(locale, failure));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  }

  return (
    <div className={styles.column} data-testid="erase-person">
      <Subtitle2 as="h3" className={styles.heading}>{translate('tab.admin.privacy.erase.title')}</Subtitle2>
      <Caption1>{translate('tab.admin.privacy.erase.hint')}</Caption1>
      <div className={styles.row}>
        <Field label={translate('tab.admin.privacy.erase.userId')} validationMessage={error} validationState={error ? 'error' : 'none'}>
          <Input value={userId} onChange={(_, data) => setUserId(data.value)} data-testid="erase-user-id" />
        </Field>
        <Button appearance="primary" disabled={!valid || busy} onClick={() => setConfirming(true)} data-testid="erase-start">{translate('tab.admin.privacy.erase.start')}</Button>
      </div>
      {confirming && (
        <Dialog open modalType="alert" onOpenChange={(_, data) => !data.open && setConfirming(false)}>
          <DialogSurface className={styles.surface} data-testid="erase-confirm">
            <DialogBody>
              <DialogTitle>{translate('tab.admin.privacy.erase.confirmTitle')}</DialogTitle>
              <DialogContent>{translate('tab.admin.privacy.erase.confirmBody', { userId: userId.trim() })}</DialogContent>
              <DialogActions>
                <Button appearance="secondary" onClick={() => setConfirming(false)} disabled={busy}>{translate('tab.admin.privacy.erase.cancel')}</Button>
                <Button appearance="primary" onClick={() => void erase()} disabled={busy} data-testid="erase-confirm-button">{translate('tab.admin.privacy.erase.confirm')}</Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      )}
      {job && job.state !== 'done' && (
        <MessageBar intent="info" role="status" data-testid="erasure-progress">
          <MessageBarBody>
            {job.progress.total === null ? translate('tab.admin.privacy.erase.queued') : translate('tab.admin.privacy.erase.running', { done: job.progress.done, total: job.progress.total })}
          </MessageBarBody>
        </MessageBar>
      )}
      {job?.state === 'done' && job.report && <ErasureReport erasure={job} report={job.report} />}
    </div>
  );
}

function ErasureReport({ erasure, report }: { erasure: Erasure; report: NonNullable<Erasure['report']> }) {
  const translate = useT();
  return (
    <div data-testid="erasure-report">
      <MessageBar intent="success" role="status">
        <MessageBarBody>
          {translate(erasure.alreadyDone ? 'tab.admin.privacy.erase.already' : 'tab.admin.privacy.erase.done', { subject: report.subject, mode: translate(`tab.admin.privacy.mode.${report.mode}`) })}
        </MessageBarBody>
      </MessageBar>
      <Table size="small" aria-label={translate('tab.admin.privacy.erase.reportLabel')}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{translate('tab.admin.privacy.erase.kind')}</TableHeaderCell>
            <TableHeaderCell>{translate('tab.admin.privacy.erase.count')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {ERASURE_KINDS.map((kind) => (
            <TableRow key={kind} data-testid={`erasure-count-${kind}`}>
              <TableCell>{translate(`tab.admin.privacy.kind.${kind}`)}</TableCell>
              <TableCell>{report.counts[kind] ?? 0}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
