import type { ReactNode } from 'react';
import type { RetryableResource } from '../data/useApiResource';
import { ErrorState } from './ErrorState';
import { LoadingState } from './LoadingState';

/** Loading spinner, error with retry, or the loaded data: the three states every page shares. */
export function ResourceView<T>({ resource, children }: { resource: RetryableResource<T>; children: (data: T) => ReactNode }) {
  if (resource.status === 'loading') return <LoadingState />;
  if (resource.status === 'error') return <ErrorState error={resource.error} onRetry={resource.retry} />;
  return <>{children(resource.data)}</>;
}
