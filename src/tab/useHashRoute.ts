import { useCallback, useEffect, useState } from 'react';
import { DEFAULT_ROUTE, routeFromHash, type RouteName } from './routes';

/** The current #/route; an unknown or missing hash is rewritten to the default in place, without a history entry. */
export function useHashRoute(): [RouteName, (route: RouteName) => void] {
  const [route, setRoute] = useState<RouteName>(readRoute);

  useEffect(() => {
    const follow = () => setRoute(readRoute());
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);

  const navigate = useCallback((next: RouteName) => {
    window.location.hash = `/${next}`;
  }, []);

  return [route, navigate];
}

function readRoute(): RouteName {
  const route = routeFromHash(window.location.hash);
  if (route) return route;
  window.history.replaceState(null, '', `#/${DEFAULT_ROUTE}`);
  return DEFAULT_ROUTE;
}
