import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from '../api';
import { useApi } from './ApiContext';
import { followKey, followSchema, followsSchema, unfollowedSchema, type FollowTarget } from './followSchemas';

/**
 * What the caller follows, read once per API client (a local-mode user switch gets its
 * own) and shared by every FollowButton on the page: one GET, not one per button.
 */
const lists = new WeakMap<ApiClient, Promise<Set<string>>>();

function followedBy(api: ApiClient): Promise<Set<string>> {
  let list = lists.get(api);
  if (!list) {
    list = api.get('/api/v1/me/follows', followsSchema).then((answer) => new Set(answer.follows.map(followKey)));
    list.catch(() => lists.delete(api));
    lists.set(api, list);
  }
  return list;
}

const pathOf = (target: FollowTarget) => `/api/v1/me/follows/${target.kind}/${encodeURIComponent(target.id)}`;

/** Whether the caller follows the target (undefined while loading), and a toggle that says so to the server. */
export function useFollowing(target: FollowTarget) {
  const api = useApi();
  const key = followKey(target);
  const [following, setFollowing] = useState<boolean>();
  useEffect(() => {
    let live = true;
    followedBy(api).then((set) => live && setFollowing(set.has(key)), () => live && setFollowing(false));
    return () => {
      live = false;
    };
  }, [api, key]);
  const toggle = useCallback(async () => {
    const set = await followedBy(api);
    if (set.has(key)) {
      await api.delete(pathOf(target), unfollowedSchema);
      set.delete(key);
      setFollowing(false);
    } else {
      await api.put(pathOf(target), {}, followSchema);
      set.add(key);
      setFollowing(true);
    }
  }, [api, key, target.kind, target.id]);
  return { following, toggle };
}
