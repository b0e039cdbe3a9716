import { createContext, useContext, type ReactNode } from 'react';
import { meSchema, type Me } from './schemas';
import { useApiResource, type RetryableResource } from './useApiResource';

/** /api/v1/me, loaded once per identity and shared by the header and the pages that check roles. */
const CurrentUserContext = createContext<RetryableResource<Me> | undefined>(undefined);

export function CurrentUserProvider({ children }: { children: ReactNode }) {
  const me = useApiResource('/api/v1/me', meSchema);
  return <CurrentUserContext.Provider value={me}>{children}</CurrentUserContext.Provider>;
}

export function useCurrentUser(): RetryableResource<Me> {
  const me = useContext(CurrentUserContext);
  if (!me) throw new Error('useCurrentUser() was called outside <CurrentUserProvider>');
  return me;
}

export function hasRole(me: Me, role: string): boolean {
  return me.roles.includes(role);
}
