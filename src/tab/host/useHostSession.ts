import { useCallback, useEffect, useState } from 'react';
import { startSession, type HostSession } from './session';

export type SessionState =
  | { status: 'starting' }
  | { status: 'ready'; session: HostSession }
  | { status: 'failed'; error: unknown };

export function useHostSession(): { state: SessionState; retry: () => void } {
  const [state, setState] = useState<SessionState>({ status: 'starting' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    setState({ status: 'starting' });
    startSession().then(
      (session) => current && setState({ status: 'ready', session }),
      (error: unknown) => current && setState({ status: 'failed', error }),
    );
    return () => {
      current = false;
    };
  }, [attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, retry };
}
