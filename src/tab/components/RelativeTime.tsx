import { useEffect, useState } from 'react';
import { useLocale } from '../i18n/LocaleContext';
import { formatDateTime, formatRelativeTime } from '../text/dateFormat';

const REFRESH_MS = 60_000;

/** "5 minutes ago", kept current while the page is open, with the exact time on hover. */
export function RelativeTime({ iso }: { iso: string }) {
  const locale = useLocale();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, []);
  return (
    <time dateTime={iso} title={formatDateTime(iso, locale)}>
      {formatRelativeTime(iso, locale, now)}
    </time>
  );
}
