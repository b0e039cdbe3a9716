import type { ErasureContext, ErasureTask } from '../domain/erasure';
import type { Post } from '../domain/posts';
import type { Repositories } from '.';

type Repos = Pick<Repositories, 'posts' | 'conversations' | 'rosters'>;

/** Teams ids travel in a task's `sub`, space-separated (a Teams id has no spaces). */
export const teamsIdsOf = (task: Pick<ErasureTask, 'sub'>): string[] => (task.sub ?? '').split(' ').filter(Boolean);
export const teamsIdsSub = (ids: Iterable<string>): string => [...new Set(ids)].join(' ');

/**
 * The erased person's Teams account ids (issue 17, item 6). Teams knows a person on a
 * card or in a chat by that id, not their Entra id: a card's `refresh.userIds`
 * (`personalViewers`) and stored chat references carry it (a personal chat's is the
 * person; a channel's names whoever spoke last). They go: the pseudonym has no Teams
 * account to show a personal view to, and nobody will message an erased person.
 */
export class TeamsIdErasure {
  constructor(private readonly repositories: Repos) {}

  /** Off the card's list of personal views (the card is refreshed without them). */
  cardViewers(task: ErasureTask, c: ErasureContext): Promise<Post | undefined> {
    const ids = teamsIdsOf(task);
    return this.repositories.posts.update(c.tenantId, task.ref, (post) => {
      const viewers = post.personalViewers ?? [];
      return viewers.some((viewer) => ids.includes(viewer)) ? { ...post, personalViewers: viewers.filter((viewer) => !ids.includes(viewer)) } : undefined;
    });
  }

  /** A chat reference that names them: their personal chat (and its roster entry) go, elsewhere they are no longer the sender last seen. */
  async chatReference(task: ErasureTask, c: ErasureContext): Promise<void> {
    await this.repositories.rosters.forgetPerson(c.tenantId, c.userId);
    await this.repositories.conversations.forgetPerson(c.tenantId, task.ref, c.userId, teamsIdsOf(task));
  }
}
