import { useEffect, useState } from 'react';
import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { useApi } from '../data/ApiContext';
import { feedNewSchema } from '../data/schemas';
import { useT } from '../i18n/LocaleContext';

const useStyles = makeStyles({
  pill: { alignSelf: 'center', borderRadius: tokens.borderRadiusCircular },
  live: { display: 'flex', justifyContent: 'center', minHeight: '32px' },
});

/** How often the feed asks whether anything arrived (and whenever the tab is shown again). */
const CHECK_MS = 30_000;

/**
 * "3 new posts": the feed does not jump while someone reads; it says what arrived
 * since its top, and shows it when they ask. The count is announced politely.
 */
export function NewPostsPill({ path, since, onShow }: { path: string; since?: string; onShow: () => void }) {
  const styles = useStyles();
  const api = useApi();
  const translate = useT();
  const [fresh, setFresh] = useState<{ count: number; more: boolean }>();
  useEffect(() => {
    if (!since) return;
    const controller = new AbortController();
    const check = () =>
      api.get(`${path}${path.includes('?') ? '&' : '?'}since=${encodeURIComponent(since)}`, feedNewSchema, controller.signal).then(setFresh, () => undefined);
    const timer = setInterval(check, CHECK_MS);
    const onVisible = () => document.visibilityState === 'visible' && check();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      controller.abort();
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [api, path, since]);
  const label = fresh && fresh.count > 0 ? translate(fresh.count === 1 ? 'tab.feed.new.one' : 'tab.feed.new', { count: fresh.more ? `${fresh.count}+` : fresh.count }) : undefined;
  return (
    <div className={styles.live} aria-live="polite">
      {label && (
        <Button className={styles.pill} appearance="primary" size="small" onClick={onShow} data-testid="feed-new-posts">
          {label}
        </Button>
      )}
    </div>
  );
}
