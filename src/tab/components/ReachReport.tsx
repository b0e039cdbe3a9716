import { Body1, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { directoryReachSchema } from '../data/schemas';
import { useApiResource } from '../data/useApiResource';
import { hasMessage, useT } from '../i18n/LocaleContext';
import { RelativeTime } from './RelativeTime';
import { ResourceView } from './ResourceView';
import { Section } from './Section';

const useStyles = makeStyles({
  figures: { display: 'grid', gridTemplateColumns: 'max-content max-content', columnGap: tokens.spacingHorizontalXXL, rowGap: tokens.spacingVerticalXS, margin: 0 },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0, fontVariantNumeric: 'tabular-nums' },
  subheading: { marginTop: tokens.spacingVerticalL },
});

/** Label → figure pairs as one description list (read as pairs by screen readers). */
function Figures({ rows, testId }: { rows: Array<[string, number]>; testId: string }) {
  const styles = useStyles();
  return (
    <dl className={styles.figures} data-testid={testId}>
      {rows.map(([label, value]) => (
        <div key={label} style={{ display: 'contents' }}>
          <dt className={styles.term}>{label}</dt>
          <dd className={styles.value}>{value.toLocaleString()}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The Admin page's "Reach" section: how many people of the directory Commons can reach
 * in a personal chat and why not the rest, and what the last weekly digest run did
 * (scheduled, turned off, installed, unreachable by reason).
 */
export function ReachReport() {
  const styles = useStyles();
  const translate = useT();
  const reach = useApiResource('/api/v1/directory/reach', directoryReachSchema);
  // Failure reasons come from the delivery engine; one the catalog does not name is shown as it is.
  const reason = (key: string) => {
    const message = `tab.admin.reach.reason.${key}`;
    return hasMessage(message) ? translate(message) : key.replace(/_/g, ' ');
  };
  return (
    <Section title={translate('tab.admin.reach')} testId="reach-report">
      {() => (
        <ResourceView resource={reach}>
          {(data) => (
            <>
              <Figures
                testId="reach-figures"
                rows={[
                  [translate('tab.admin.reach.people'), data.people],
                  [translate('tab.admin.reach.reachable'), data.reachable],
                  ...Object.entries(data.unreachable).map(([key, count]): [string, number] => [reason(key), count]),
                ]}
              />
              <Body1 as="h3" className={styles.subheading}>{translate('tab.admin.reach.weekly')}</Body1>
              {data.weeklyDigest ? (
                <>
                  <Caption1>
                    {translate('tab.admin.reach.weekly.lastRun')} <RelativeTime iso={data.weeklyDigest.at} />
                  </Caption1>
                  <Figures
                    testId="weekly-reach-figures"
                    rows={[
                      [translate('tab.admin.reach.weekly.scheduled'), data.weeklyDigest.scheduled],
                      [translate('tab.admin.reach.weekly.newlyScheduled'), data.weeklyDigest.newlyScheduled],
                      [translate('tab.admin.reach.weekly.off'), data.weeklyDigest.off],
                      [translate('tab.admin.reach.weekly.installed'), data.weeklyDigest.installed],
                      ...Object.entries(data.weeklyDigest.unreachable).map(([key, count]): [string, number] => [reason(key), count]),
                    ]}
                  />
                </>
              ) : (
                <Caption1 data-testid="weekly-reach-none">{translate('tab.admin.reach.weekly.none')}</Caption1>
              )}
            </>
          )}
        </ResourceView>
      )}
    </Section>
  );
}
