import { useEffect, useState } from 'react';
import { Caption1, ProgressBar, Field } from '@fluentui/react-components';
import { useApi } from '../../data/ApiContext';
import { announcementStatsSchema } from '../../data/studio';
import { useT } from '../../i18n/LocaleContext';

const POLL_MS = 2000;

/** Delivery progress of a sent post, polled from the announcements API until it settles. */
export function SendReport({ announcementId }: { announcementId: string }) {
  const api = useApi();
  const translate = useT();
  const [stats, setStats] = useState<ReturnType<typeof announcementStatsSchema.parse>>();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();
    const poll = () =>
      api.get(`/api/v1/announcements/${announcementId}`, announcementStatsSchema, controller.signal).then(
        (next) => {
          setStats(next);
          if (next.status === 'scheduled' || next.status === 'sending') timer = setTimeout(poll, POLL_MS);
        },
        () => undefined,
      );
    poll();
    return () => (controller.abort(), clearTimeout(timer));
  }, [api, announcementId]);
  if (!stats) return null;
  const { total, sent, failed } = stats.progress;
  // As on the post's report: people without a personal chat are not reachable yet, not failures.
  const unreachable = stats.progress.failedByReason.not_installed ?? 0;
  return (
    <Field label={translate('tab.studio.progress')} data-testid="studio-progress">
      <ProgressBar value={total ? (sent + failed) / total : 0} aria-label={translate('tab.studio.progress')} />
      <Caption1 data-testid="studio-progress-text">{translate('tab.studio.progressText', { status: stats.status, sent, total, unreachable, failed: failed - unreachable })}</Caption1>
    </Field>
  );
}
