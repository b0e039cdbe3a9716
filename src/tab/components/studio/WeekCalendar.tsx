import { useMemo, useState } from 'react';
import { Body1, Button, Caption1, Link, Subtitle2, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { announcementListSchema, type AnnouncementSummary } from '../../data/studio';
import { useApiResource } from '../../data/useApiResource';
import { useLocale, useT } from '../../i18n/LocaleContext';
import { addDays, byDay, dayKey, daysOfWeek, DAYS_IN_WEEK, startOfWeek } from '../../text/week';
import { PostList } from './PostList';

/** What the calendar shows: posts scheduled and sent (not cancelled or recalled ones). */
const SHOWN_STATES = ['scheduled', 'sending', 'paused', 'completed'] as const;
const PAGE = 100;

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  bar: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  // Seven columns, Monday to Sunday; on a phone (Teams mobile) one day under the other.
  week: {
    display: 'grid',
    gridTemplateColumns: `repeat(${DAYS_IN_WEEK}, minmax(0, 1fr))`,
    gap: tokens.spacingHorizontalS,
    margin: 0,
    padding: 0,
    listStyleType: 'none',
    '@media (max-width: 720px)': { gridTemplateColumns: '1fr' },
  },
  day: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, padding: tokens.spacingHorizontalS, overflowWrap: 'anywhere', borderRadius: tokens.borderRadiusMedium, border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, minHeight: '96px' },
  today: { border: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}` },
  posts: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, margin: 0, padding: 0, listStyleType: 'none' },
  heading: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
});

/**
 * Studio's schedule: a week (Monday to Sunday, in the viewer's time zone) of scheduled and sent posts
 * from GET /api/v1/announcements, with the previous and next week and back to this
 * one. Days are a list of labelled sections, each post a link to its page: plain
 * buttons and links, so the keyboard and screen readers need nothing special. Below
 * it, the upcoming and recent posts as lists.
 */
export function WeekCalendar() {
  const styles = useStyles();
  const translate = useT();
  const locale = useLocale();
  const [weekStart, setWeekStart] = useState(() => startOfWeek(new Date()));
  const end = addDays(weekStart, DAYS_IN_WEEK);
  const path = `/api/v1/announcements?state=${SHOWN_STATES.join(',')}&from=${encodeURIComponent(weekStart.toISOString())}&to=${encodeURIComponent(end.toISOString())}&limit=${PAGE}`;
  const list = useApiResource(path, announcementListSchema);
  const posts = useMemo(() => (list.status === 'ready' ? byDay(list.data.announcements, (a) => a.scheduledAt) : new Map<string, AnnouncementSummary[]>()), [list]);
  const dateText = (at: Date, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, options).format(at);
  const todayKey = dayKey(new Date());
  const range = translate('tab.studio.calendar.week', { from: dateText(weekStart, { dateStyle: 'medium' }), to: dateText(addDays(weekStart, DAYS_IN_WEEK - 1), { dateStyle: 'medium' }) });

  return (
    <section className={styles.root} aria-labelledby="studio-calendar-title" data-testid="studio-calendar">
      <Subtitle2 as="h2" id="studio-calendar-title">{translate('tab.studio.calendar')}</Subtitle2>
      <div className={styles.bar}>
        <Button onClick={() => setWeekStart(addDays(weekStart, -DAYS_IN_WEEK))} data-testid="calendar-previous">{translate('tab.studio.calendar.previous')}</Button>
        <Button onClick={() => setWeekStart(startOfWeek(new Date()))} data-testid="calendar-today">{translate('tab.studio.calendar.today')}</Button>
        <Button onClick={() => setWeekStart(addDays(weekStart, DAYS_IN_WEEK))} data-testid="calendar-next">{translate('tab.studio.calendar.next')}</Button>
        <Body1 aria-live="polite" data-testid="calendar-range">{range}</Body1>
      </div>
      {list.status === 'ready' && list.data.announcements.length === 0 && <Caption1 data-testid="calendar-empty">{translate('tab.studio.calendar.weekEmpty')}</Caption1>}
      {list.status === 'ready' && list.data.continuation && <Caption1>{translate('tab.studio.calendar.more', { count: PAGE })}</Caption1>}
      <ol className={styles.week} aria-label={range}>
        {daysOfWeek(weekStart).map((day) => {
          const key = dayKey(day);
          const isToday = key === todayKey;
          const headingId = `calendar-day-${key}`;
          const items = posts.get(key) ?? [];
          return (
            <li key={key} className={mergeClasses(styles.day, isToday && styles.today)} aria-labelledby={headingId} aria-current={isToday ? 'date' : undefined} data-testid={headingId}>
              <h3 id={headingId} className={styles.heading}>
                {dateText(day, { weekday: 'short', day: 'numeric', month: 'short' })}
                {isToday && ` · ${translate('tab.studio.calendar.todayMark')}`}
              </h3>
              {items.length === 0 ? (
                <Caption1>{translate('tab.studio.calendar.dayEmpty')}</Caption1>
              ) : (
                <ul className={styles.posts}>
                  {items.map((post) => (
                    <li key={post.id}>
                      <Link href={`#/sent/${post.id}`} data-testid="calendar-post">
                        {translate('tab.studio.calendar.post', {
                          time: dateText(new Date(post.scheduledAt), { timeStyle: 'short' }),
                          title: post.title,
                          status: translate(`tab.studio.calendar.status.${post.status as (typeof SHOWN_STATES)[number]}`),
                        })}
                      </Link>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
      <PostList />
    </section>
  );
}
