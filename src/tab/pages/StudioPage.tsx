import { useState } from 'react';
import { Button, Field, MessageBar, MessageBarBody, Select, makeStyles, tokens } from '@fluentui/react-components';
import { ApprovalQueue } from '../components/studio/ApprovalQueue';
import { Composer } from '../components/studio/Composer';
import { WeekCalendar } from '../components/studio/WeekCalendar';
import { Page } from '../components/Page';
import { ResourceView } from '../components/ResourceView';
import { useApi } from '../data/ApiContext';
import { accessSchema, draftListSchema, draftSchema, templatesSchema, type StudioAccess, type StudioDraft } from '../data/studio';
import { useApiResource } from '../data/useApiResource';
import { useT } from '../i18n/LocaleContext';

const useStyles = makeStyles({
  sections: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXL },
  bar: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'wrap' },
});

/** Comms Studio: compose with a live preview, target, schedule, send or submit; approvers review. */
export function StudioPage() {
  const translate = useT();
  const styles = useStyles();
  const access = useApiResource('/api/v1/studio/access', accessSchema);
  return (
    <Page title={translate('tab.studio.title')} testId="page-studio">
      <ResourceView resource={access}>
        {(me) =>
          me.canAuthor || me.canApprove ? (
            <div className={styles.sections}>
              {me.canAuthor && <Drafts access={me} />}
              {me.canApprove && <ApprovalQueue />}
              <WeekCalendar />
            </div>
          ) : (
            <MessageBar intent="info" data-testid="studio-no-access">
              <MessageBarBody>
                {translate('tab.studio.noAccess', { names: me.grantors.map((g) => g.displayName).join(', ') || translate('tab.studio.anAdmin') })}
              </MessageBarBody>
            </MessageBar>
          )
        }
      </ResourceView>
    </Page>
  );
}

function Drafts({ access }: { access: StudioAccess }) {
  const translate = useT();
  const styles = useStyles();
  const api = useApi();
  const list = useApiResource('/api/v1/studio/drafts', draftListSchema);
  const templates = useApiResource('/api/v1/studio/templates', templatesSchema);
  const [draft, setDraft] = useState<StudioDraft>();
  const [template, setTemplate] = useState('');
  const start = async (body: Record<string, unknown>) => {
    setDraft(await api.post('/api/v1/studio/drafts', body, draftSchema));
    list.retry();
  };
  return (
    <div className={styles.sections}>
      <div className={styles.bar}>
        <Button appearance="primary" onClick={() => start(template ? { templateId: template } : {})} data-testid="studio-new">
          {translate('tab.studio.new')}
        </Button>
        <Field label={translate('tab.studio.field.template')}>
          <Select value={template} onChange={(_, d) => setTemplate(d.value)} data-testid="studio-template">
            <option value="">{translate('tab.studio.blank')}</option>
            {templates.status === 'ready' && templates.data.templates.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
          </Select>
        </Field>
        {list.status === 'ready' && list.data.drafts.length > 0 && (
          <Field label={translate('tab.studio.field.myDrafts')}>
            <Select value={draft?.id ?? ''} onChange={async (_, d) => d.value && setDraft(await api.get(`/api/v1/studio/drafts/${d.value}`, draftSchema))} data-testid="studio-drafts">
              <option value="">{translate('tab.studio.pick')}</option>
              {list.data.drafts.map((d) => <option key={d.draftId} value={d.draftId}>{`${d.title || translate('tab.studio.preview.untitled')} · ${translate(`tab.studio.draftState.${d.state as 'draft' | 'submitted' | 'rejected' | 'sent'}`)}`}</option>)}
            </Select>
          </Field>
        )}
        {draft && <Button onClick={async () => { setDraft(await api.post(`/api/v1/studio/drafts/${draft.id}/duplicate`, {}, draftSchema)); list.retry(); }} data-testid="studio-duplicate">{translate('tab.studio.duplicate')}</Button>}
      </div>
      {draft && <Composer key={draft.id} initial={draft} access={access} onSent={list.retry} />}
    </div>
  );
}
