import type { PrivacyJobPorts } from '../delivery/privacy-job';
import type { Logger } from '../log';
import type { Post } from '../domain/posts';
import { deletePostCompletely, purgeRemovedPost } from './post-deletion';
import type { Repositories } from '.';

/** The privacy job's ports, from the repositories. */
export function privacyJobPorts(repositories: Repositories, logger: Logger, refresh: (post: Post) => void = () => undefined): PrivacyJobPorts {
  return {
    settings: (tenantId) => repositories.privacy.settings(tenantId),
    index: repositories.privacyIndex,
    purge: (tenantId, postId, now) => purgeRemovedPost(repositories, tenantId, postId, now),
    remove: async (tenantId, postId, now) => {
      await repositories.kudos.takeBack(await repositories.posts.get(tenantId, postId));
      return deletePostCompletely(repositories, tenantId, postId, now);
    },
    post: (tenantId, postId) => repositories.posts.get(tenantId, postId),
    backfill: (tenantId) => repositories.privacyBackfill.run(tenantId),
    refresh,
    logger,
  };
}
