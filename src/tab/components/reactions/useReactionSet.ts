import { reactionSetSchema, type ReactionOption } from '../../data/schemas';
import { useApiResource } from '../../data/useApiResource';
import { REACTION_SETTINGS_PATH } from './paths';

/** The tenant's reaction set for a list of posts, read once (undefined while it loads: the bars wait for it). */
export function useReactionSet(): readonly ReactionOption[] | undefined {
  const reactionSet = useApiResource(REACTION_SETTINGS_PATH, reactionSetSchema);
  return reactionSet.status === 'ready' ? reactionSet.data.reactions : undefined;
}
