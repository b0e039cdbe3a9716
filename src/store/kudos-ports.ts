import { isKudos, KudosPost } from '../domain/kudos';
import type { KudosPorts } from '../domain/kudos-send';
import type { Repositories } from '.';

/** The repositories, as the kudos rules see them. */
export function kudosPorts(repositories: Pick<Repositories, 'kudos' | 'people' | 'posts'>): KudosPorts {
  return {
    kudos: repositories.kudos,
    people: repositories.people,
    posts: {
      create: (post) => repositories.posts.create(post),
      update: async (tenantId, postId, change) => {
        const updated = await repositories.posts.update(tenantId, postId, (post) => (isKudos(post) ? change(post) : undefined));
        return updated && isKudos(updated) ? (updated as KudosPost) : undefined;
      },
    },
  };
}
