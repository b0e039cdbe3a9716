import { useEffect, useState } from 'react';
import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { useApi } from '../../data/ApiContext';
import { describeError } from '../../data/errorMessage';
import { kudosPageSchema, type KudosView } from '../../data/kudosSchemas';
import { useApiResource } from '../../data/useApiResource';
import { useLocale, useT } from '../../i18n/LocaleContext';
import { EmptyState } from '../EmptyState';
import { ResourceView } from '../ResourceView';
import { KudosCard } from './KudosCard';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, margin: 0, padding: 0, listStyle: 'none' },
  more: { alignSelf: 'center' },
});

/** A wall (or my kudos) page by page: the first page loads with the path, "Show more" follows `next`. */
export function KudosList({ path, emptyText, label }: { path: string; emptyText: string; label: string }) {
  const first = useApiResource(path, kudosPageSchema);
  return <ResourceView resource={first}>{(page) => <Pages key={path} path={path} first={page.kudos} next={page.next} emptyText={emptyText} label={label} />}</ResourceView>;
}

function Pages({ path, first, next, emptyText, label }: { path: string; first: KudosView[]; next?: string; emptyText: string; label: string }) {
  const styles = useStyles();
  const api = useApi();
  const translate = useT();
  const locale = useLocale();
  const [items, setItems] = useState(first);
  const [cursor, setCursor] = useState(next);
  const [error, setError] = useState<string>();
  useEffect(() => {
    setItems(first);
    setCursor(next);
  }, [first, next]);
  if (items.length === 0) return <EmptyState text={emptyText} />;
  async function more() {
    try {
      const page = await api.get(`${path}${path.includes('?') ? '&' : '?'}before=${encodeURIComponent(cursor!)}`, kudosPageSchema);
      setItems((current) => [...current, ...page.kudos]);
      setCursor(page.next);
    } catch (failure) {
      setError(describeError(locale, failure));
    }
  }
  return (
    <>
      <ul className={styles.list} aria-label={label} data-testid="kudos-list">
        {items.map((kudos) => (
          <li key={kudos.id}>
            <KudosCard kudos={kudos} />
          </li>
        ))}
      </ul>
      {error && <p role="alert">{error}</p>}
      {cursor && <Button className={styles.more} onClick={more}>{translate('tab.kudos.more')}</Button>}
    </>
  );
}
