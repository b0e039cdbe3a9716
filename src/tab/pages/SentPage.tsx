import { useEffect, useState } from 'react';
import { Body1, Field, MessageBar, MessageBarBody, Select, Subtitle1, makeStyles, tokens } from '@fluentui/react-components';
import { AcknowledgementTrail } from '../components/announcement/AcknowledgementTrail';
import { EditAndRecall } from '../components/announcement/EditAndRecall';
import { PostReport } from '../components/announcement/PostReport';
import { Page } from '../components/Page';
import { ResourceView } from '../components/ResourceView';
import { SendReport } from '../components/studio/SendReport';
import { announcementIdFromHash, announcementSchema, type AnnouncementView } from '../data/announcements';
import { accessSchema, draftListSchema } from '../data/studio';
import { useApiResource } from '../data/useApiResource';
import { useApi } from '../data/ApiContext';
import { useT } from '../i18n/LocaleContext';

const FOLLOW_MS = 2000;

const useStyles = makeStyles({
  sections: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXL },
});

function useAnnouncementId(): string | undefined {
  const [id, setId] = useState(() => announcementIdFromHash(window.location.hash));
  useEffect(() => {
    const follow = () => setId(announcementIdFromHash(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return id;
}

/** A sent post's page (#/sent/<id>): progress, who acknowledged, reminder, edit, test and recall. */
export function SentPage() {
  const translate = useT();
  const access = useApiResource('/api/v1/studio/access', accessSchema);
  return (
    <Page title={translate('tab.sent.title')} testId="page-sent">
      <ResourceView resource={access}>
        {(me) =>
          me.canAuthor ? (
            <SentPosts />
          ) : (
            <MessageBar intent="info" data-testid="sent-no-access">
              <MessageBarBody>{translate('tab.studio.noAccess', { names: me.grantors.map((g) => g.displayName).join(', ') || translate('tab.studio.anAdmin') })}</MessageBarBody>
            </MessageBar>
          )
        }
      </ResourceView>
    </Page>
  );
}

function SentPosts() {
  const translate = useT();
  const styles = useStyles();
  const chosen = useAnnouncementId();
  const list = useApiResource('/api/v1/studio/drafts', draftListSchema);
  const sent = list.status === 'ready' ? list.data.drafts.filter((d) => d.announcementId) : [];
  const id = chosen ?? sent[0]?.announcementId;
  return (
    <div className={styles.sections}>
      <Field label={translate('tab.sent.pick')}>
        <Select value={id ?? ''} onChange={(_, d) => (window.location.hash = `/sent/${d.value}`)} data-testid="sent-pick">
          {!id && <option value="">{translate('tab.sent.none')}</option>}
          {chosen && !sent.some((d) => d.announcementId === chosen) && <option value={chosen}>{chosen}</option>}
          {sent.map((d) => <option key={d.draftId} value={d.announcementId}>{d.title || translate('tab.studio.preview.untitled')}</option>)}
        </Select>
      </Field>
      {id ? <SentPostLoader key={id} announcementId={id} /> : list.status === 'ready' && <Body1 data-testid="sent-empty">{translate('tab.sent.empty')}</Body1>}
    </div>
  );
}

function SentPostLoader({ announcementId }: { announcementId: string }) {
  const resource = useApiResource(`/api/v1/announcements/${announcementId}`, announcementSchema);
  return <ResourceView resource={resource}>{(data) => <SentPost initial={data} />}</ResourceView>;
}

function SentPost({ initial }: { initial: AnnouncementView }) {
  const translate = useT();
  const styles = useStyles();
  const api = useApi();
  const [view, setView] = useState(initial);
  // While the engine has work on it (an edit's updates, a recall), follow it until it settles.
  useEffect(() => {
    if (!view.activity) return undefined;
    const controller = new AbortController();
    const timer = setTimeout(() => api.get(`/api/v1/announcements/${view.id}`, announcementSchema, controller.signal).then(setView, () => undefined), FOLLOW_MS);
    return () => (controller.abort(), clearTimeout(timer));
  }, [api, view]);
  return (
    <div className={styles.sections} data-testid="sent-post">
      <div>
        <Subtitle1 as="h2" data-testid="sent-heading">{view.title}</Subtitle1>
        <Body1 data-testid="sent-status">{translate('tab.sent.status', { status: view.status, version: view.version })}</Body1>
      </div>
      <SendReport key={`${view.status}-${view.version}`} announcementId={view.id} />
      <PostReport key={`report-${view.status}-${view.version}`} announcementId={view.id} />
      <AcknowledgementTrail announcementId={view.id} />
      <EditAndRecall announcement={view} onChanged={setView} />
    </div>
  );
}
