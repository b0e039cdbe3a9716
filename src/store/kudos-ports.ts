import { isKudos, KudosPost } from '../domain/kudos';
import type { KudosPorts } from '../domain/kudos-send';
import type { Repositories } from '.';

/** The repositories, as the kudos rules see them. */
export function kudosPorts(repositories: Pick<Repositories, 'kudos' | 'people' | 'posts' | 'kudosNotices' | 'heldNotices'>): KudosPorts {
  return {
    kudos: repositories.kudos,
    people: repositories.people,
    posts: {
      create: (post) => repositories.posts.create(post),
      update: async (tenantId, postId, change) => {
        const updated = await repositories.posts.update(tenantId, postId, (post) => (isKudos(post) ? change(post) : undefined));
        return updated && isKudos(updated) ? (updated as KudosPost) : undefined;
      },
      get: async (tenantId, postId) => {
        const post = await repositories.posts.get(tenantId, postId);
        return post && isKudos(post) ? post : undefined;
      },
    },
    recording: {
      begin: (tenantId, postId, dueAt) => repositories.heldNotices.hold(tenantId, postId, dueAt, 'kudosRecord'),
      end: (tenantId, postId) => repositories.heldNotices.forget(tenantId, postId, 'kudosRecord'),
    },
    notices: {
      // The list says what the message will hold, the held notice when it goes (any instance sends it).
      async tell(tenantId, target, now) {
        const dueAt = await repositories.kudosNotices.add(tenantId, target, now.getTime());
        await repositories.heldNotices.schedule(tenantId, target.userId, dueAt, 'kudos');
      },
    },
  };
}
