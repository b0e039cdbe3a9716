import type { ProfileUpdate } from '../store/people';
import type { GraphUser } from './graph-client';

/**
 * A Graph user (from a full round or a delta page) as a profile update. Delta pages
 * may carry only the changed properties: an absent property keeps what we know, a
 * null one clears it. A removed user (`@removed`) is marked deleted, not erased:
 * their posts still name them.
 */
export function profileUpdateOf(user: GraphUser, syncId: string): ProfileUpdate {
  const userId = user.id.toLowerCase();
  if (user['@removed']) return { userId, source: 'graph', profile: { deleted: true, syncId } };
  const profile: ProfileUpdate['profile'] = { deleted: false, syncId };
  const text = (value: string | null | undefined) => (value ? value.trim() || undefined : undefined);
  if ('displayName' in user) profile.displayName = text(user.displayName) ?? userId;
  if ('mail' in user) profile.email = text(user.mail);
  if ('jobTitle' in user) profile.jobTitle = text(user.jobTitle);
  if ('department' in user) profile.department = text(user.department);
  if ('officeLocation' in user) profile.officeLocation = text(user.officeLocation);
  if ('accountEnabled' in user) profile.accountEnabled = user.accountEnabled !== false;
  const manager = user['manager@delta']?.[0];
  if (user['manager@delta']) {
    const managerId = manager && !manager['@removed'] ? manager.id.toLowerCase() : undefined;
    // A person cannot manage themselves; Graph allows other cycles, which readers bound (managementChain).
    profile.managerId = managerId === userId ? undefined : managerId;
  }
  return { userId, source: 'graph', profile };
}
