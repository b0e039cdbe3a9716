import { useMemo, useState } from 'react';
import { Button, Caption1, Link, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { useApi } from '../../data/ApiContext';
import { announcementListSchema, type AnnouncementSummary } from '../../data/studio';
import { useApiResource } from '../../data/useApiResource';
import { useLocale, useT } from '../../i18n/LocaleContext';
import { formatDateTime } from '../../text/dateFormat';

const PAGE = 10;
/** How far back "Recent" looks. */
const RECENT_DAYS = 30;
type ShownStatus = 'scheduled' | 'sending' | 'paused' | 'completed';

const useStyles = makeStyles({
  root: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(280px, 1fr))', gap: tokens.spacingHorizontalXXL },
  part: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, alignItems: 'flex-start' },
  items: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

/** Upcoming posts (soonest first) and recent ones (latest first), each a page at a time, each a link to its page. */
export function PostList() {
  const styles = useStyles();
  const translate = useT();
  // Fixed when Studio opens: the two lists meet at the same instant.
  const now = useMemo(() => new Date(), []);
  const since = new Date(now.getTime() - RECENT_DAYS * 86_400_000);
  const at = (date: Date) => encodeURIComponent(date.toISOString());
  return (
    <div className={styles.root}>
      <PostListPart testId="studio-upcoming" title={translate('tab.studio.list.upcoming')} empty={translate('tab.studio.list.noneUpcoming')} path={`/api/v1/announcements?state=scheduled,paused&from=${at(now)}&limit=${PAGE}`} />
      <PostListPart testId="studio-recent" title={translate('tab.studio.list.recent')} empty={translate('tab.studio.list.noneRecent')} path={`/api/v1/announcements?state=sending,completed&from=${at(since)}&to=${at(now)}&order=desc&limit=${PAGE}`} />
    </div>
  );
}

function PostListPart({ title, empty, path, testId }: { title: string; empty: string; path: string; testId: string }) {
  const styles = useStyles();
  const translate = useT();
  const locale = useLocale();
  const api = useApi();
  const first = useApiResource(path, announcementListSchema);
  const [more, setMore] = useState<{ items: AnnouncementSummary[]; continuation: string | null }>();
  if (first.status !== 'ready') return null;
  const items = [...first.data.announcements, ...(more?.items ?? [])];
  const continuation = more ? more.continuation : first.data.continuation;
  const showMore = async () => {
    const page = await api.get(`${path}&continuation=${encodeURIComponent(continuation ?? '')}`, announcementListSchema);
    setMore({ items: [...(more?.items ?? []), ...page.announcements], continuation: page.continuation });
  };
  const headingId = `${testId}-title`;
  return (
    <section className={styles.part} aria-labelledby={headingId} data-testid={testId}>
      <Subtitle2 as="h3" id={headingId}>{title}</Subtitle2>
      {items.length === 0 ? (
        <Caption1>{empty}</Caption1>
      ) : (
        <ul className={styles.items}>
          {items.map((post) => (
            <li key={post.id}>
              <Link href={`#/sent/${post.id}`} data-testid="studio-list-post">
                {translate('tab.studio.list.item', { when: formatDateTime(post.scheduledAt, locale), title: post.title, status: translate(`tab.studio.calendar.status.${post.status as ShownStatus}`) })}
              </Link>
            </li>
          ))}
        </ul>
      )}
      {continuation && <Button onClick={showMore} data-testid={`${testId}-more`}>{translate('tab.studio.list.more')}</Button>}
    </section>
  );
}
