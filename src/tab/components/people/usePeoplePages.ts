import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../../data/ApiContext';
import { peoplePageSchema, type Person } from '../../data/schemas';

/** At least this many letters before a search is sent (the server's index needs two). */
export const SEARCH_MIN_LETTERS = 2;
const SEARCH_DELAY_MS = 250;

export type PeoplePages =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'ready'; people: Person[]; more: boolean; loadingMore: boolean };

/**
 * The Admin page's people: GET /api/v1/people, searched by prefix (after a short pause
 * in typing) or listed, a page at a time, more pages appended on request. A reply for
 * an older search is dropped.
 */
export function usePeoplePages(search: string) {
  const api = useApi();
  const query = search.trim().length >= SEARCH_MIN_LETTERS ? search.trim() : '';
  const [state, setState] = useState<{ query: string; pages: PeoplePages; continuation?: string }>({ query, pages: { status: 'loading' } });
  const [attempt, setAttempt] = useState(0);

  const load = useCallback(
    (continuation: string | undefined, signal: AbortSignal) => {
      const params = new URLSearchParams();
      if (query) params.set('search', query);
      if (continuation) params.set('continuation', continuation);
      const path = `/api/v1/people${params.size ? `?${params}` : ''}`;
      return api.get(path, peoplePageSchema, signal);
    },
    [api, query],
  );

  useEffect(() => {
    const controller = new AbortController();
    setState({ query, pages: { status: 'loading' } });
    const timer = setTimeout(() => {
      load(undefined, controller.signal).then(
        (page) => !controller.signal.aborted && setState({ query, continuation: page.continuation, pages: { status: 'ready', people: page.people, more: !!page.continuation, loadingMore: false } }),
        (error: unknown) => !controller.signal.aborted && setState({ query, pages: { status: 'error', error } }),
      );
    }, query ? SEARCH_DELAY_MS : 0);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [load, query, attempt]);

  const loadMore = useCallback(() => {
    setState((current) => {
      if (current.pages.status !== 'ready' || !current.continuation || current.pages.loadingMore) return current;
      const controller = new AbortController();
      const shown = current.pages.people;
      load(current.continuation, controller.signal).then(
        (page) => setState((now) => (now.query !== current.query ? now : { query: now.query, continuation: page.continuation, pages: { status: 'ready', people: [...shown, ...page.people], more: !!page.continuation, loadingMore: false } })),
        (error: unknown) => setState((now) => (now.query !== current.query ? now : { query: now.query, pages: { status: 'error', error } })),
      );
      return { ...current, pages: { ...current.pages, loadingMore: true } };
    });
  }, [load]);

  /** After a role change: the one person's row shows what the server now holds. */
  const replace = useCallback((person: Person) => {
    setState((current) => (current.pages.status !== 'ready' ? current : { ...current, pages: { ...current.pages, people: current.pages.people.map((p) => (p.userId === person.userId ? { ...p, ...person } : p)) } }));
  }, []);

  return { pages: state.pages, loadMore, replace, retry: () => setAttempt((n) => n + 1) };
}
