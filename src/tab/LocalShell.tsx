import { useCallback, useMemo, useState } from 'react';
import { DevIdentityBar } from './components/DevIdentityBar';
import { OutsideTeams } from './components/OutsideTeams';
import type { DevIdentities } from './data/schemas';
import { devIdentityHeaders, recallDevUser, rememberDevUser } from './host/devIdentity';
import { Shell } from './Shell';

/** Standalone against a local-mode server: the tab acts as whichever demo user the viewer picks. */
export function LocalShell({ identities }: { identities: DevIdentities }) {
  const { tenantId, users } = identities;
  const [userId, setUserId] = useState(() => recallDevUser(users)?.userId);
  const headers = useMemo(() => (userId ? devIdentityHeaders(tenantId, userId) : undefined), [tenantId, userId]);

  const switchUser = useCallback((next: string) => {
    rememberDevUser(next);
    setUserId(next);
  }, []);

  if (!userId || !headers) return <OutsideTeams />;
  return <Shell identityHeaders={headers} banner={<DevIdentityBar users={users} selectedUserId={userId} onSelect={switchUser} />} />;
}
