import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ZodType, ZodTypeDef } from 'zod';
import { useApi } from './ApiContext';

export type Resource<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'error'; error: unknown };

export type RetryableResource<T> = Resource<T> & { retry: () => void };

const LOADING = { status: 'loading' } as const;

/**
 * GETs one API path when the component mounts, again on retry and whenever the API
 * client changes (a local-mode user switch), abandoning requests it no longer needs.
 * A result belongs to the request that produced it: after a change the resource
 * reads as loading in that same render, so nothing acts on the previous user's data
 * (such as their roles) while the new answer is on its way.
 */
export function useApiResource<T>(path: string, schema: ZodType<T, ZodTypeDef, unknown>): RetryableResource<T> {
  const api = useApi();
  const [attempt, setAttempt] = useState(0);
  const request = useMemo(() => ({ api, path, schema, attempt }), [api, path, schema, attempt]);
  const [settled, setSettled] = useState<{ request: typeof request; resource: Resource<T> }>();

  useEffect(() => {
    const controller = new AbortController();
    request.api.get(request.path, request.schema, controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setSettled({ request, resource: { status: 'ready', data } });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setSettled({ request, resource: { status: 'error', error } });
      },
    );
    return () => controller.abort();
  }, [request]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const resource = settled?.request === request ? settled.resource : LOADING;
  return { ...resource, retry };
}
