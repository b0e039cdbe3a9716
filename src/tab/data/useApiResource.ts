import { useCallback, useEffect, useState } from 'react';
import type { ZodType, ZodTypeDef } from 'zod';
import { useApi } from './ApiContext';

export type Resource<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'error'; error: unknown };

export type RetryableResource<T> = Resource<T> & { retry: () => void };

/** GETs one API path when the component mounts (and again on retry), abandoning the request on unmount. */
export function useApiResource<T>(path: string, schema: ZodType<T, ZodTypeDef, unknown>): RetryableResource<T> {
  const api = useApi();
  const [resource, setResource] = useState<Resource<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setResource({ status: 'loading' });
    api.get(path, schema, controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setResource({ status: 'ready', data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setResource({ status: 'error', error });
      },
    );
    return () => controller.abort();
  }, [api, path, schema, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...resource, retry };
}
