import { useState } from 'react';
import { Button, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { useApi } from '../../data/ApiContext';
import { reportSchema } from '../../data/announcements';
import { useApiResource } from '../../data/useApiResource';
import { useT } from '../../i18n/LocaleContext';
import { downloadText } from '../../text/download';
import { ResourceView } from '../ResourceView';
import { EngagementReport } from './EngagementReport';
import { FigureTable } from './FigureTable';
import { failureOf, ResultBar, type ActionResult } from '../ResultBar';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** A post's report from its counters, and every recipient's status as CSV. */
export function PostReport({ announcementId }: { announcementId: string }) {
  const styles = useStyles();
  const translate = useT();
  const api = useApi();
  const report = useApiResource(`/api/v1/announcements/${announcementId}/report`, reportSchema);
  const [result, setResult] = useState<ActionResult>();
  const exportCsv = async () => {
    try {
      downloadText(`announcement-${announcementId}-report.csv`, await api.text(`/api/v1/announcements/${announcementId}/report.csv`), 'text/csv;charset=utf-8');
    } catch (error) {
      setResult(failureOf(error));
    }
  };
  return (
    <section className={styles.root} aria-labelledby="report-heading" data-testid="sent-report">
      <Subtitle2 as="h2" id="report-heading">{translate('tab.sent.report')}</Subtitle2>
      <ResourceView resource={report}>
        {(data) => {
          const rows: Array<[string, number | string]> = [
            [translate('tab.sent.report.total'), data.total],
            [translate('tab.sent.report.delivered'), data.delivered],
            [translate('tab.sent.report.notReachable'), data.notReachable],
            [translate('tab.sent.report.failed'), data.failed],
            ...Object.entries(data.failedByReason).map(([reason, count]): [string, number] => [translate('tab.sent.report.reason', { reason }), count]),
            [translate('tab.sent.report.pending'), data.pending],
            ...(data.acknowledgement.required ? [[translate('tab.sent.report.acknowledged'), `${data.acknowledgement.count}`] as [string, string]] : []),
          ];
          return (
            <>
            <FigureTable id="report-heading" caption={[translate('tab.sent.report.what'), translate('tab.sent.report.count')]} rows={rows} testId="report" />
            <EngagementReport engagement={data.engagement} />
            </>
          );
        }}
      </ResourceView>
      <div>
        <Button onClick={exportCsv} data-testid="sent-csv">{translate('tab.sent.report.csv')}</Button>
      </div>
      <ResultBar result={result} testId="sent-report-result" />
    </section>
  );
}
