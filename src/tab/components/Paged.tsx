import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Button, makeStyles, tokens } from '@fluentui/react-components';
import type { ZodType, ZodTypeDef } from 'zod';
import { useApi } from '../data/ApiContext';
import { describeError } from '../data/errorMessage';
import { useApiResource } from '../data/useApiResource';
import { useLocale, useT } from '../i18n/LocaleContext';
import { EmptyState } from './EmptyState';
import { ResourceView } from './ResourceView';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, margin: 0, padding: 0, listStyle: 'none' },
  more: { alignSelf: 'center' },
});

type Page<T> = { continuationToken?: string } & Record<string, unknown>;

/**
 * A list the API pages by continuation token: the first page loads with the path,
 * "Show more" asks for the next with the token the last one gave. With `autoLoad`, the
 * next page also comes when "Show more" scrolls into view (infinite scroll; the button
 * stays, for keyboards and screen readers). `header` renders above the list from the
 * first page (the feed's "new posts" pill).
 */
export function Paged<T, P extends Page<T>>(props: {
  path: string;
  schema: ZodType<P, ZodTypeDef, unknown>;
  items: (page: P) => T[];
  render: (item: T) => ReactNode;
  keyOf: (item: T) => string;
  label: string;
  emptyText: string;
  testId: string;
  autoLoad?: boolean;
  header?: (first: P) => ReactNode;
}) {
  const first = useApiResource(props.path, props.schema);
  return <ResourceView resource={first}>{(page) => <Pages key={props.path} {...props} first={page} />}</ResourceView>;
}

function Pages<T, P extends Page<T>>({ path, schema, items: itemsOf, render, keyOf, label, emptyText, testId, first, autoLoad, header }: Parameters<typeof Paged<T, P>>[0] & { first: P }) {
  const styles = useStyles();
  const api = useApi();
  const translate = useT();
  const locale = useLocale();
  const [items, setItems] = useState(() => itemsOf(first));
  const [token, setToken] = useState(first.continuationToken);
  const [error, setError] = useState<string>();
  const loading = useRef(false);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    setItems(itemsOf(first));
    setToken(first.continuationToken);
  }, [first, itemsOf]);
  async function more() {
    if (loading.current || !token) return;
    loading.current = true;
    try {
      const page = await api.get(`${path}${path.includes('?') ? '&' : '?'}continuationToken=${encodeURIComponent(token)}`, schema);
      setItems((current) => [...current, ...itemsOf(page)]);
      setToken(page.continuationToken);
    } catch (failure) {
      setError(describeError(locale, failure));
    } finally {
      loading.current = false;
    }
  }
  useEffect(() => {
    const target = button.current;
    if (!autoLoad || !target || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((seen) => seen.some((entry) => entry.isIntersecting) && void more());
    observer.observe(target);
    return () => observer.disconnect();
  });
  if (items.length === 0) return <EmptyState text={emptyText} />;
  return (
    <>
      {header?.(first)}
      <ul className={styles.list} aria-label={label} data-testid={testId}>
        {items.map((item) => <li key={keyOf(item)}>{render(item)}</li>)}
      </ul>
      {error && <p role="alert">{error}</p>}
      {token && <Button ref={button} className={styles.more} onClick={more} data-testid={`${testId}-more`}>{translate('tab.communities.more')}</Button>}
    </>
  );
}
