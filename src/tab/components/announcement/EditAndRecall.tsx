import { useState } from 'react';
import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger, Field, Input, Subtitle2, Textarea, makeStyles, tokens,
} from '@fluentui/react-components';
import { useApi } from '../../data/ApiContext';
import { announcementSchema, testSentSchema, type AnnouncementView } from '../../data/announcements';
import { useT } from '../../i18n/LocaleContext';
import { failureOf, ResultBar, type ActionResult } from '../ResultBar';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

/** Edit a sent post (every delivered card is updated), send yourself a test, or recall it from everyone. */
export function EditAndRecall({ announcement, onChanged }: { announcement: AnnouncementView; onChanged: (next: AnnouncementView) => void }) {
  const styles = useStyles();
  const translate = useT();
  const api = useApi();
  const [title, setTitle] = useState(announcement.title);
  const [body, setBody] = useState(announcement.body);
  const [result, setResult] = useState<ActionResult>();
  const recalled = announcement.status === 'recalled';

  const run = async (work: () => Promise<string>) => {
    setResult(undefined);
    try {
      setResult({ intent: 'success', text: await work() });
    } catch (error) {
      setResult(failureOf(error));
    }
  };
  const save = () => run(async () => {
    onChanged(await api.patch(`/api/v1/announcements/${announcement.id}`, { title, body }, announcementSchema));
    return translate('tab.sent.saved');
  });
  const recall = () => run(async () => {
    onChanged(await api.post(`/api/v1/announcements/${announcement.id}/recall`, {}, announcementSchema));
    return translate('tab.sent.recalling');
  });
  const test = () => run(async () => {
    await api.post(`/api/v1/announcements/${announcement.id}/test`, {}, testSentSchema);
    return translate('tab.sent.testSent');
  });

  return (
    <section className={styles.root} aria-labelledby="edit-heading" data-testid="sent-edit">
      <Subtitle2 as="h2" id="edit-heading">{translate('tab.sent.edit')}</Subtitle2>
      <Field label={translate('tab.studio.field.title')}>
        <Input value={title} onChange={(_, d) => setTitle(d.value)} disabled={recalled} data-testid="sent-title" />
      </Field>
      <Field label={translate('tab.studio.field.message')} hint={translate('tab.sent.editHint')}>
        <Textarea value={body} onChange={(_, d) => setBody(d.value)} disabled={recalled} resize="vertical" rows={5} data-testid="sent-body" />
      </Field>
      <div className={styles.row}>
        <Button appearance="primary" onClick={save} disabled={recalled || (title === announcement.title && body === announcement.body)} data-testid="sent-save">{translate('tab.sent.save')}</Button>
        <Button onClick={test} data-testid="sent-test">{translate('tab.sent.test')}</Button>
        <Dialog>
          <DialogTrigger disableButtonEnhancement>
            <Button disabled={recalled} data-testid="sent-recall">{translate('tab.sent.recall')}</Button>
          </DialogTrigger>
          <DialogSurface>
            <DialogBody>
              <DialogTitle>{translate('tab.sent.recallTitle')}</DialogTitle>
              <DialogContent>{translate('tab.sent.recallText')}</DialogContent>
              <DialogActions>
                <DialogTrigger disableButtonEnhancement>
                  <Button appearance="secondary">{translate('tab.sent.keep')}</Button>
                </DialogTrigger>
                <DialogTrigger disableButtonEnhancement>
                  <Button appearance="primary" onClick={recall} data-testid="sent-recall-confirm">{translate('tab.sent.recallConfirm')}</Button>
                </DialogTrigger>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      </div>
      <ResultBar result={result} testId="sent-result" />
    </section>
  );
}
