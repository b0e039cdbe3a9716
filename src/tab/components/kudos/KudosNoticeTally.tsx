import { Body1, Caption1, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { z } from 'zod';
import { useApiResource } from '../../data/useApiResource';
import { useT } from '../../i18n/LocaleContext';
import { ResourceView } from '../ResourceView';

const tallySchema = z.object({
  sent: z.number(),
  unreachable: z.number(),
  failed: z.number(),
  recentUnreachable: z.array(z.object({ userId: z.string(), displayName: z.string().optional(), at: z.string() })),
});

const useStyles = makeStyles({ root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS } });

/** Admins: what became of kudos notices, and who Commons could not tell (no personal chat with it). */
export function KudosNoticeTally() {
  const styles = useStyles();
  const translate = useT();
  const tally = useApiResource('/api/v1/kudos/notices', tallySchema);
  return (
    <section className={styles.root} aria-labelledby="kudos-notices-heading" data-testid="kudos-notice-tally">
      <Subtitle2 as="h3" id="kudos-notices-heading">{translate('tab.kudos.notices.title')}</Subtitle2>
      <ResourceView resource={tally}>
        {(data) => (
          <>
            <Body1 data-testid="kudos-notice-counts">{translate('tab.kudos.notices.counts', { sent: data.sent, unreachable: data.unreachable, failed: data.failed })}</Body1>
            {data.recentUnreachable.length > 0 && (
              <Caption1 data-testid="kudos-notice-unreachable">
                {translate('tab.kudos.notices.unreachable', { names: data.recentUnreachable.map((p) => p.displayName ?? p.userId).join(', ') })}
              </Caption1>
            )}
          </>
        )}
      </ResourceView>
    </section>
  );
}
