import { useEffect, useMemo, useRef, useState } from 'react';
import { Button, Caption1, Field, Input, Link, MessageBar, MessageBarBody, Radio, RadioGroup, Select, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { ApiError } from '../../api';
import { useApi } from '../../data/ApiContext';
import { draftSchema, sentSchema, submittedSchema, type StudioAccess, type StudioDraft } from '../../data/studio';
import { testSentSchema } from '../../data/announcements';
import { useT } from '../../i18n/LocaleContext';
import { AudiencePicker } from './AudiencePicker';
import { CardPreview } from './CardPreview';
import { ComposeFields } from './ComposeFields';
import { SendReport } from './SendReport';

/** Autosave waits for a pause in typing; the API allows a write every 3 s once a burst is spent. */
const AUTOSAVE_DELAY_MS = 3000;
const PREVIEW_DELAY_MS = 250;

const useStyles = makeStyles({
  layout: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)', gap: tokens.spacingHorizontalXL, alignItems: 'start' },
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'wrap' },
});

const zones = (): string[] => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC']);

/** Which field an API message names ("buttons.0.url: …"), to show it next to that field. */
function fieldErrors(error: ApiError | undefined): Record<string, string> {
  const match = error?.serverMessage && /(?:valid: )?([a-zA-Z]+(?:\.[a-zA-Z0-9]+)*): (.*)$/.exec(error.serverMessage);
  if (match) return { [match[1].replace(/^content\./, '')]: match[2] };
  return {};
}

export function Composer({ initial, access, onSent }: { initial: StudioDraft; access: StudioAccess; onSent: () => void }) {
  const styles = useStyles();
  const translate = useT();
  const api = useApi();
  const [draft, setDraft] = useState(initial);
  const [content, setContent] = useState(initial.content);
  const [audience, setAudience] = useState(initial.audience);
  const [when, setWhen] = useState<'now' | 'later'>(initial.scheduledAt ? 'later' : 'now');
  const [scheduledAt, setScheduledAt] = useState(initial.scheduledAt ?? '');
  const [timeZone, setTimeZone] = useState(initial.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [status, setStatus] = useState<'saved' | 'saving' | 'dirty'>('saved');
  const [error, setError] = useState<ApiError>();
  const [notice, setNotice] = useState<string>();
  const [preview, setPreview] = useState(initial.content);
  const revision = useRef(initial.revision);
  const editable = draft.state !== 'sent';

  const body = () => ({ revision: revision.current, content, audience, scheduledAt: when === 'later' && scheduledAt ? scheduledAt : null, timeZone });
  const save = async () => {
    setStatus('saving');
    const saved = await api.put(`/api/v1/studio/drafts/${draft.id}`, body(), draftSchema);
    revision.current = saved.revision;
    setDraft(saved);
    setStatus('saved');
    return saved;
  };

  const first = useRef(true);
  // Sending or submitting saves first: an autosave still waiting would then hit a sent draft (409).
  const pendingAutosave = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => {
    const timer = setTimeout(() => setPreview(content), PREVIEW_DELAY_MS);
    if (first.current) {
      first.current = false;
      return () => clearTimeout(timer);
    }
    if (!editable) return () => clearTimeout(timer);
    setStatus('dirty');
    const autosave = setTimeout(() => save().then(() => setError(undefined), (e) => (setError(e as ApiError), setStatus('dirty'))), AUTOSAVE_DELAY_MS);
    pendingAutosave.current = autosave;
    return () => (clearTimeout(timer), clearTimeout(autosave));
  }, [JSON.stringify([content, audience, when, scheduledAt, timeZone])]);

  const act = async (action: 'send' | 'submit') => {
    clearTimeout(pendingAutosave.current);
    setError(undefined);
    try {
      await save();
      if (action === 'send') {
        const sent = await api.post(`/api/v1/studio/drafts/${draft.id}/send`, {}, sentSchema);
        setDraft(sent.draft);
        setNotice(sent.announcement.note ?? translate('tab.studio.sent'));
        onSent();
      } else {
        const submitted = await api.post(`/api/v1/studio/drafts/${draft.id}/submit`, {}, submittedSchema);
        setDraft(submitted);
        const unreachable = submitted.approvers.unreachable.map((a) => a.name || a.userId);
        setNotice([translate('tab.studio.submitted'), ...(unreachable.length ? [translate('tab.studio.approversUnreachable', { names: unreachable.join(', ') })] : [])].join(' '));
      }
    } catch (e) {
      setError(e as ApiError);
    }
  };

  const sendTest = async () => {
    setError(undefined);
    try {
      if (editable) await save();
      await api.post(`/api/v1/studio/drafts/${draft.id}/test`, {}, testSentSchema);
      setNotice(translate('tab.sent.testSent'));
    } catch (e) {
      setError(e as ApiError);
    }
  };

  const errors = fieldErrors(error);
  const previewInput = useMemo(() => ({ ...preview, title: preview.title || translate('tab.studio.preview.untitled'), body: preview.body ?? '' }), [preview, translate]);
  const needsApproval = access.rule?.requiresApproval ?? false;
  return (
    <div className={styles.layout}>
      <div className={styles.column}>
        {draft.review?.decision === 'rejected' && (
          <MessageBar intent="warning" data-testid="studio-rejected">
            <MessageBarBody>{translate('tab.studio.rejectedBy', { name: draft.review.byName, comment: draft.review.comment ?? '' })}</MessageBarBody>
          </MessageBar>
        )}
        <ComposeFields content={content} onChange={setContent} errors={errors} />
        <AudiencePicker audience={audience} onChange={setAudience} mayPickPeople={access.rule?.people !== false} error={errors.audience ?? (/recipient|channel|person|everyone/i.test(error?.message ?? '') && !Object.keys(errors).length ? error?.message : undefined)} />
        <Field label={translate('tab.studio.field.when')}>
          <RadioGroup layout="horizontal" value={when} onChange={(_, d) => setWhen(d.value as 'now' | 'later')}>
            <Radio value="now" label={translate('tab.studio.when.now')} />
            <Radio value="later" label={translate('tab.studio.when.later')} />
          </RadioGroup>
        </Field>
        {when === 'later' && (
          <div className={styles.row}>
            <Field label={translate('tab.studio.field.dateTime')} validationMessage={errors.scheduledAt}>
              <Input type="datetime-local" value={scheduledAt.slice(0, 16)} onChange={(_, d) => setScheduledAt(d.value)} data-testid="studio-datetime" />
            </Field>
            <Field label={translate('tab.studio.field.timeZone')}>
              <Select value={timeZone} onChange={(_, d) => setTimeZone(d.value)}>
                {zones().map((zone) => <option key={zone}>{zone}</option>)}
              </Select>
            </Field>
          </div>
        )}
        {error && (
          <MessageBar intent="error" data-testid="studio-error">
            <MessageBarBody>{error.serverMessage ?? error.message}</MessageBarBody>
          </MessageBar>
        )}
        {notice && (
          <MessageBar intent="success" data-testid="studio-notice">
            <MessageBarBody>{notice}</MessageBarBody>
          </MessageBar>
        )}
        <div className={styles.row}>
          {editable && !needsApproval && <Button appearance="primary" onClick={() => act('send')} data-testid="studio-send">{when === 'now' ? translate('tab.studio.sendNow') : translate('tab.studio.schedule')}</Button>}
          {editable && needsApproval && draft.state !== 'submitted' && <Button appearance="primary" onClick={() => act('submit')} data-testid="studio-submit">{translate('tab.studio.submit')}</Button>}
          <Button onClick={sendTest} data-testid="studio-test">{translate('tab.studio.test')}</Button>
          {draft.announcementId && <Link href={`#/sent/${draft.announcementId}`} data-testid="studio-open-sent">{translate('tab.studio.openSent')}</Link>}
          <Caption1 aria-live="polite" data-testid="studio-save-state">{translate(`tab.studio.state.${draft.state === 'sent' ? 'sent' : status}`)}</Caption1>
        </div>
        {draft.announcementId && <SendReport announcementId={draft.announcementId} />}
      </div>
      <div className={styles.column}>
        <Subtitle2 as="h2">{translate('tab.studio.preview')}</Subtitle2>
        <CardPreview input={previewInput} label={translate('tab.studio.preview')} />
      </div>
    </div>
  );
}
