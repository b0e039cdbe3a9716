import { useState } from 'react';
import { ToggleButton } from '@fluentui/react-components';
import { useT } from '../i18n/LocaleContext';
import type { FollowTarget } from '../data/followSchemas';
import { useFollowing } from '../data/useFollows';
import { failureOf } from './ResultBar';

/**
 * Follow or unfollow a person, a community or a thread: a toggle button (aria-pressed)
 * named for what it follows ("Follow Trail runners", "Following Trail runners"), so a
 * screen reader hears what it acts on among several on a page. New activity there
 * comes in the person's digest (settings page).
 */
export function FollowButton({ target, name, size = 'medium' }: { target: FollowTarget; name: string; size?: 'small' | 'medium' }) {
  const translate = useT();
  const { following, toggle } = useFollowing(target);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const onClick = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await toggle();
    } catch (failure) {
      setError(failureOf(failure).text);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span>
      <ToggleButton
        size={size}
        checked={Boolean(following)}
        disabled={following === undefined || busy}
        onClick={onClick}
        aria-label={translate(following ? 'tab.follow.followingName' : 'tab.follow.followName', { name })}
        data-testid={`follow-${target.kind}`}
      >
        {translate(following ? 'tab.follow.following' : 'tab.follow.follow')}
      </ToggleButton>
      {error && <span role="alert"> {error}</span>}
    </span>
  );
}
