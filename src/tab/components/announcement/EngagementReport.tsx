import { Caption1, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import type { Report } from '../../data/announcements';
import { FigureTable } from './FigureTable';
import { useT } from '../../i18n/LocaleContext';

const CHART_HEIGHT = 120;

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  // A plain bar chart: Fluent tokens on flex boxes (written before @fluentui/react-charts was
  // added; moving it there is open); the table after it carries the same figures for screen readers.
  chart: { display: 'flex', alignItems: 'flex-end', gap: '2px', height: `${CHART_HEIGHT + 20}px`, maxWidth: '720px', overflowX: 'auto', borderBottom: `1px solid ${tokens.colorNeutralStroke1}`, paddingTop: tokens.spacingVerticalS },
  column: { display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'flex-end', minWidth: '14px', flexGrow: 1, maxWidth: '32px', height: '100%' },
  bar: { width: '100%', backgroundColor: tokens.colorBrandBackground, borderTopLeftRadius: tokens.borderRadiusSmall, borderTopRightRadius: tokens.borderRadiusSmall, forcedColorAdjust: 'none' },
  value: { fontSize: tokens.fontSizeBase100, color: tokens.colorNeutralForeground2 },
});

type Engagement = Report['engagement'];

function periodLabel(translate: ReturnType<typeof useT>, bucket: Engagement['overTime'][number]): string {
  return translate(bucket.unit === 'hour' ? 'tab.sent.engagement.hour' : 'tab.sent.engagement.day', { n: bucket.index + 1 });
}

/** Reactions, comments, engaged people by department, and engagement over time (chart and table). */
export function EngagementReport({ engagement }: { engagement: Engagement }) {
  const styles = useStyles();
  const translate = useT();
  const totals: Array<[string, number]> = [
    [translate('tab.sent.engagement.reactions'), engagement.reactions.total],
    ...Object.entries(engagement.reactions.byType).map(([type, n]): [string, number] => [translate('tab.sent.engagement.reaction', { type }), n]),
    [translate('tab.sent.engagement.comments'), engagement.comments],
    [translate('tab.sent.engagement.people'), engagement.engagedPeople],
  ];
  const peak = Math.max(1, ...engagement.overTime.map((b) => b.events));
  return (
    <section className={styles.root} aria-labelledby="engagement-heading" data-testid="sent-engagement">
      <Subtitle2 as="h2" id="engagement-heading">{translate('tab.sent.engagement')}</Subtitle2>
      <FigureTable id="engagement-heading" caption={[translate('tab.sent.engagement.what'), translate('tab.sent.report.count')]} rows={totals} testId="engagement" />

      <Subtitle2 as="h3" id="engagement-departments">{translate('tab.sent.engagement.department')}</Subtitle2>
      <Caption1>{translate('tab.sent.engagement.departmentNote')}</Caption1>
      {engagement.byDepartment.length ? (
        <FigureTable id="engagement-departments" caption={[translate('tab.sent.engagement.department'), translate('tab.sent.engagement.departmentPeople')]} rows={engagement.byDepartment.map((d) => [d.department, d.people])} testId="engagement-department" />
      ) : (
        <Caption1>{translate('tab.sent.engagement.none')}</Caption1>
      )}

      <Subtitle2 as="h3" id="engagement-over-time">{translate('tab.sent.engagement.overTime')}</Subtitle2>
      <Caption1 id="engagement-over-time-note">{translate('tab.sent.engagement.overTimeNote')}</Caption1>
      {engagement.overTime.length ? (
        <>
          {/* The chart is for sighted readers; the table below is its text alternative. */}
          <div className={styles.chart} aria-hidden="true" data-testid="engagement-chart">
            {engagement.overTime.map((bucket) => (
              <div key={`${bucket.unit}${bucket.index}`} className={styles.column} title={`${periodLabel(translate, bucket)}: ${bucket.events}`}>
                <span className={styles.value}>{bucket.events}</span>
                <div className={styles.bar} style={{ height: `${Math.max(2, Math.round((bucket.events / peak) * CHART_HEIGHT))}px` }} />
              </div>
            ))}
          </div>
          <FigureTable id="engagement-over-time" caption={[translate('tab.sent.engagement.when'), translate('tab.sent.engagement.events')]} rows={engagement.overTime.map((b) => [`${periodLabel(translate, b)} (${new Date(b.start).toLocaleString()})`, b.events])} testId="engagement-time" />
        </>
      ) : (
        <Caption1>{translate('tab.sent.engagement.none')}</Caption1>
      )}
    </section>
  );
}
