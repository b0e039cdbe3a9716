import { useState } from 'react';
import { Body1, Button, Caption1, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { useApi } from '../../data/ApiContext';
import { acknowledgementsSchema, reminderSchema } from '../../data/announcements';
import { useApiResource } from '../../data/useApiResource';
import { useT } from '../../i18n/LocaleContext';
import { failureOf, ResultBar, type ActionResult } from '../ResultBar';
import { ResourceView } from '../ResourceView';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  columns: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', gap: tokens.spacingHorizontalXL },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

/** Who has acknowledged a post that asked for it, who has not, and a reminder to the latter (once per 24 h). */
export function AcknowledgementTrail({ announcementId }: { announcementId: string }) {
  const styles = useStyles();
  const translate = useT();
  const api = useApi();
  const trail = useApiResource(`/api/v1/announcements/${announcementId}/acknowledgements`, acknowledgementsSchema);
  const [result, setResult] = useState<ActionResult>();

  const remind = async () => {
    setResult(undefined);
    try {
      const sent = await api.post(`/api/v1/announcements/${announcementId}/remind`, {}, reminderSchema);
      setResult({ intent: 'success', text: translate('tab.sent.reminded', { count: sent.people }) });
    } catch (error) {
      setResult(failureOf(error));
    }
  };

  return (
    <section className={styles.root} aria-labelledby="ack-heading" data-testid="sent-acknowledgements">
      <Subtitle2 as="h2" id="ack-heading">{translate('tab.sent.acknowledgements')}</Subtitle2>
      <ResourceView resource={trail}>
        {(data) =>
          !data.required ? (
            <Body1>{translate('tab.sent.noAckAsked')}</Body1>
          ) : (
            <>
              <Body1 data-testid="sent-ack-count">{translate('tab.sent.ackCount', { count: data.count, notYet: data.notYet.length })}</Body1>
              <div className={styles.columns}>
                <div>
                  <Subtitle2 as="h3">{translate('tab.sent.acknowledged')}</Subtitle2>
                  {data.acknowledged.length ? (
                    <ul className={styles.list} data-testid="sent-acknowledged">
                      {data.acknowledged.map((p) => <li key={p.userId}>{p.displayName || p.userId} <Caption1>{new Date(p.at).toLocaleString()}</Caption1></li>)}
                    </ul>
                  ) : <Caption1>{translate('tab.sent.nobodyYet')}</Caption1>}
                </div>
                <div>
                  <Subtitle2 as="h3">{translate('tab.sent.notYet')}</Subtitle2>
                  {data.notYet.length ? (
                    <ul className={styles.list} data-testid="sent-not-yet">
                      {data.notYet.map((p) => <li key={p.userId}>{p.displayName || p.userId}</li>)}
                    </ul>
                  ) : <Caption1>{translate('tab.sent.everyoneNamed')}</Caption1>}
                </div>
              </div>
              <div>
                <Button onClick={remind} disabled={!data.notYet.length} data-testid="sent-remind">{translate('tab.sent.remind')}</Button>
              </div>
              <Caption1>{translate('tab.sent.remindHint')}</Caption1>
            </>
          )
        }
      </ResourceView>
      <ResultBar result={result} testId="sent-remind-result" />
    </section>
  );
}
