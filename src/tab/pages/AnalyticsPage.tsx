import { useState } from 'react';
import { Body1, Button, Card, Field, Input, MessageBar, MessageBarBody, Select, Text, makeStyles, tokens } from '@fluentui/react-components';
import { LineChart, VerticalBarChart, type ChartProps, type VerticalBarChartDataPoint } from '@fluentui/react-charts';
import { FigureTable } from '../components/announcement/FigureTable';
import { Page } from '../components/Page';
import { ResourceView } from '../components/ResourceView';
import { failureOf, ResultBar, type ActionResult } from '../components/ResultBar';
import { Section } from '../components/Section';
import { DataTable } from '../components/analytics/DataTable';
import { useApi } from '../data/ApiContext';
import { analyticsSchema, ANALYTICS_SCOPES_PATH, analyticsScopesSchema, hasAnalyticsScope, type Analytics, type AnalyticsScopes } from '../data/analyticsSchemas';
import { useApiResource } from '../data/useApiResource';
import { useLocale, useT } from '../i18n/LocaleContext';
import { downloadText } from '../text/download';
import { DEPARTMENT_MIN_PEOPLE, OTHER_DEPARTMENT } from '../../domain/announcement-engagement';

const DAY_MS = 86_400_000;
const DEFAULT_DAYS = 30;
const CHART_WIDTH = 820;
const CHART_HEIGHT = 280;
const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10);

const useStyles = makeStyles({
  pickers: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'flex-end' },
  tiles: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))', gap: tokens.spacingHorizontalM },
  tile: { padding: tokens.spacingHorizontalM, gap: tokens.spacingVerticalXS },
  figure: { fontSize: tokens.fontSizeHero700, lineHeight: tokens.lineHeightHero700, fontWeight: tokens.fontWeightSemibold },
  chart: { overflowX: 'auto', maxWidth: '100%' },
  details: { marginTop: tokens.spacingVerticalS },
});

/** Analytics (#/analytics): a period's activity in the tenant or one community, as tiles, charts with their tables, and CSV. */
export function AnalyticsPage() {
  const translate = useT();
  const scopes = useApiResource(ANALYTICS_SCOPES_PATH, analyticsScopesSchema);
  return (
    <Page title={translate('tab.analytics.title')} testId="page-analytics">
      <ResourceView resource={scopes}>
        {(data) =>
          hasAnalyticsScope(data) ? (
            <Report scopes={data} />
          ) : (
            <MessageBar intent="info" data-testid="analytics-forbidden">
              <MessageBarBody>{translate('tab.analytics.noScope')}</MessageBarBody>
            </MessageBar>
          )
        }
      </ResourceView>
    </Page>
  );
}

function Report({ scopes }: { scopes: AnalyticsScopes }) {
  const styles = useStyles();
  const translate = useT();
  const api = useApi();
  const [scope, setScope] = useState(scopes.tenant ? '' : scopes.communities[0].communityId);
  const [to, setTo] = useState(dayOf(Date.now()));
  const [from, setFrom] = useState(dayOf(Date.now() - (DEFAULT_DAYS - 1) * DAY_MS));
  const [download, setDownload] = useState<ActionResult>();
  const query = `from=${from}&to=${to}${scope ? `&community=${scope}` : ''}`;
  const report = useApiResource(`/api/v1/analytics?${query}`, analyticsSchema);
  const downloadCsv = async () => {
    setDownload(undefined);
    try {
      downloadText(`commons-analytics-${from}-${to}.csv`, await api.text(`/api/v1/analytics?${query}&format=csv`), 'text/csv;charset=utf-8');
    } catch (error) {
      setDownload(failureOf(error));
    }
  };
  return (
    <>
      <div className={styles.pickers}>
        <Field label={translate('tab.analytics.scope')}>
          <Select value={scope} onChange={(_, data) => setScope(data.value)} data-testid="analytics-scope">
            {scopes.tenant && <option value="">{translate('tab.analytics.scope.tenant')}</option>}
            {scopes.communities.map((community) => (
              <option key={community.communityId} value={community.communityId}>
                {community.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={translate('tab.analytics.from')}>
          <Input type="date" value={from} max={to} onChange={(_, data) => data.value && setFrom(data.value)} data-testid="analytics-from" />
        </Field>
        <Field label={translate('tab.analytics.to')}>
          <Input type="date" value={to} min={from} onChange={(_, data) => data.value && setTo(data.value)} data-testid="analytics-to" />
        </Field>
        <Button onClick={downloadCsv} data-testid="analytics-csv">
          {translate('tab.analytics.csv')}
        </Button>
      </div>
      <ResultBar result={download} testId="analytics-csv-result" />
      <ResourceView resource={report}>{(data) => <Figures data={data} />}</ResourceView>
    </>
  );
}

function Figures({ data }: { data: Analytics }) {
  const styles = useStyles();
  const translate = useT();
  const locale = useLocale();
  const number = (value: number) => value.toLocaleString(locale);
  const tiles: Array<[string, string]> = [
    [translate('tab.analytics.kpi.activePeople'), number(data.totals.activePeople)],
    [translate('tab.analytics.kpi.posts'), number(data.totals.posts)],
    [translate('tab.analytics.kpi.reactions'), number(data.totals.reactions)],
    [translate('tab.analytics.kpi.comments'), number(data.totals.comments)],
    [translate('tab.analytics.kpi.kudos'), number(data.totals.kudos)],
    [translate('tab.analytics.kpi.newContributors'), number(data.contributors.new)],
    [translate('tab.analytics.kpi.returningContributors'), number(data.contributors.returning)],
    [translate('tab.analytics.kpi.reach'), number(data.announcements.delivered)],
    [translate('tab.analytics.kpi.engagementRate'), data.announcements.engagementRate.toLocaleString(locale, { style: 'percent', maximumFractionDigits: 1 })],
  ];
  const series: Array<['activePeople' | 'reactions' | 'comments' | 'posts', string, string]> = [
    ['activePeople', translate('tab.analytics.kpi.activePeople'), tokens.colorBrandForeground1],
    ['reactions', translate('tab.analytics.kpi.reactions'), tokens.colorPaletteMarigoldForeground2],
    ['comments', translate('tab.analytics.kpi.comments'), tokens.colorPaletteGreenForeground2],
    ['posts', translate('tab.analytics.kpi.posts'), tokens.colorPaletteBerryForeground2],
  ];
  const activity: ChartProps = {
    chartTitle: translate('tab.analytics.activity.title'),
    lineChartData: series.map(([key, legend, color]) => ({ legend, color, data: data.daily.map((day) => ({ x: new Date(`${day.day}T00:00:00Z`), y: day[key] })) })),
  };
  const departmentLabel = (department: string) => (department === OTHER_DEPARTMENT ? translate('tab.analytics.departments.other') : department);
  const departments: VerticalBarChartDataPoint[] = data.departments.map((row) => ({ x: departmentLabel(row.department), y: row.people, legend: departmentLabel(row.department), color: tokens.colorBrandBackground }));
  return (
    <>
      <div className={styles.tiles} data-testid="analytics-kpis">
        {tiles.map(([label, value]) => (
          <Card key={label} className={styles.tile}>
            <Text size={200}>{label}</Text>
            <Text className={styles.figure}>{value}</Text>
          </Card>
        ))}
      </div>

      <Section title={translate('tab.analytics.activity.title')} testId="analytics-activity">
        {(headingId) => (
          <>
            <div className={styles.chart} data-testid="analytics-activity-chart">
              <LineChart data={activity} width={CHART_WIDTH} height={CHART_HEIGHT} hideTooltip={false} />
            </div>
            <details className={styles.details}>
              <summary>{translate('tab.analytics.asTable')}</summary>
              <DataTable
                labelledBy={headingId}
                testId="analytics-activity-table"
                columns={[translate('tab.analytics.column.day'), ...series.map(([, legend]) => legend)]}
                rows={data.daily.map((day) => [day.day, ...series.map(([key]) => number(day[key]))])}
              />
            </details>
          </>
        )}
      </Section>

      <Section title={translate('tab.analytics.departments.title')} testId="analytics-departments">
        {(headingId) => (
          <>
            <Body1>{translate('tab.analytics.departments.note', { min: DEPARTMENT_MIN_PEOPLE })}</Body1>
            {departments.length ? (
              <div className={styles.chart} data-testid="analytics-departments-chart">
                <VerticalBarChart data={departments} chartTitle={translate('tab.analytics.departments.title')} width={CHART_WIDTH} height={CHART_HEIGHT} hideLegend />
              </div>
            ) : null}
            <DataTable
              labelledBy={headingId}
              testId="analytics-departments-table"
              columns={[translate('tab.analytics.column.department'), translate('tab.analytics.column.people')]}
              rows={data.departments.map((row) => [departmentLabel(row.department), number(row.people)])}
            />
          </>
        )}
      </Section>

      <Section title={translate('tab.analytics.funnel.title')} testId="analytics-funnel">
        {(headingId) => (
          <FigureTable
            id={headingId}
            testId="analytics-funnel-table"
            caption={[translate('tab.analytics.funnel.step'), translate('tab.analytics.column.people')]}
            rows={[
              [translate('tab.analytics.funnel.delivered'), number(data.announcements.delivered)],
              [translate('tab.analytics.funnel.acknowledged'), number(data.announcements.acknowledged)],
              [translate('tab.analytics.funnel.reacted'), number(data.announcements.reacted)],
              [translate('tab.analytics.funnel.commented'), number(data.announcements.commented)],
            ]}
          />
        )}
      </Section>

      <Section title={translate('tab.analytics.topPosts.title')} testId="analytics-top-posts">
        {(headingId) => (
          <DataTable
            labelledBy={headingId}
            testId="analytics-top-posts-table"
            columns={[translate('tab.analytics.column.post'), translate('tab.analytics.column.author'), translate('tab.analytics.kpi.reactions'), translate('tab.analytics.kpi.comments')]}
            rows={data.topPosts.map((post) => [post.title, post.authorName, number(post.reactions), number(post.comments)])}
            empty={translate('tab.analytics.topPosts.none')}
          />
        )}
      </Section>
    </>
  );
}
