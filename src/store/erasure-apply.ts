import type { Container } from '@azure/cosmos';
import type { ErasureContext, ErasureKind, ErasureTask } from '../domain/erasure';
import { anonymisedPost, recountedComments, recountedReactions, withoutKudosPerson } from '../domain/erasure-posts';
import type { Post } from '../domain/posts';
import type { ContainerName } from './containers';
import { tenantKey } from './containers';
import { isCosmosError } from './cosmos';
import type { DeliveryDocument } from './delivery-records';
import { StoredDocument, updateDocument } from './documents';
import { deletePostCompletely } from './post-deletion';
import type { Repositories } from '.';
import { erasedFrom } from '../domain/comments';
import { isAnnouncementPost } from '../domain/announcement-engagement';
import { isKudos } from '../domain/kudos';
import { AuthorshipErasure } from './erasure-authorship';
import { TeamsIdErasure } from './erasure-teams';

type ApplyContainers = Pick<Record<ContainerName, Container>, 'deliveries' | 'kudos' | 'studio'>;
type Step = (task: ErasureTask, context: ErasureContext) => Promise<Post | undefined>;

const ignoreMissing = (error: unknown) => {
  if (!isCosmosError(error, 404)) throw error;
};

/**
 * Does one erasure task against the store. Every step can be repeated: it deletes what
 * is still there, writes the same pseudonym again, and recounts what it touched.
 */
export class ErasureApplier {
  private readonly steps: Record<ErasureKind, Step>;

  constructor(
    private readonly repositories: Omit<Repositories, 'erasure'>,
    private readonly containers: ApplyContainers,
    private readonly now: () => Date = () => new Date(),
  ) {
    const r = repositories;
    const authorship = new AuthorshipErasure(r, containers.studio);
    const teams = new TeamsIdErasure(r);
    this.steps = {
      posts: (task, c) => this.post(task, c),
      announcements: async (task, c) => {
        await authorship.announcement(task, c);
        return undefined;
      },
      comments: async ({ ref }, c) => {
        const thread = await r.engagement.rewriteComments(c.tenantId, ref, (comment) => erasedFrom(comment, c.userId, c.mode === 'delete' ? null : c.pseudonym));
        return r.posts.update(c.tenantId, ref, (post) => recountedComments(post, thread));
      },
      amaQuestions: async ({ ref, sub }, c) => {
        await r.amas.rewriteQuestionAuthor(c.tenantId, ref, sub ?? '', c.mode === 'delete' ? null : { authorId: c.pseudonym.userId, authorName: c.pseudonym.displayName });
        return r.posts.get(c.tenantId, ref);
      },
      reactions: async ({ ref }, c) => {
        await r.engagement.deleteReaction(c.tenantId, ref, c.userId);
        const remaining = await r.engagement.allReactions(c.tenantId, ref);
        return r.posts.update(c.tenantId, ref, (post) => recountedReactions(post, remaining));
      },
      pollVotes: async ({ ref }, c) => {
        await r.polls.forgetVote(c.tenantId, ref, c.userId);
        return r.posts.get(c.tenantId, ref);
      },
      amaUpvotes: async ({ ref, sub }, c) => {
        await r.amas.forgetUpvote(c.tenantId, ref, sub ?? '', c.userId);
        return r.posts.get(c.tenantId, ref);
      },
      acknowledgements: async ({ ref }, c) => {
        await r.acknowledgements.forget(c.tenantId, ref, c.userId);
        return undefined;
      },
      kudosReceived: (task, c) => this.kudos(task, c),
      kudosJoined: (task, c) => this.kudos(task, c),
      kudosRecords: async ({ ref, sub }, c) => {
        const { kudos } = this.containers;
        if (sub === 'board') {
          // Off the leaderboard; the others' scores stay (they count distinct senders, not who).
          // Its recent operations name recipients too (`<opId>|<userId>`): those of theirs go with them.
          await updateDocument<StoredDocument & { entries: Record<string, unknown>; recent?: string[] }>(kudos, ref, ref, (shard) => {
            const theirs = (op: string) => op.endsWith(`|${c.userId}`);
            if (!shard || (!(c.userId in shard.entries) && !shard.recent?.some(theirs))) return undefined;
            const { [c.userId]: _gone, ...entries } = shard.entries;
            return { ...shard, entries, ...(shard.recent && { recent: shard.recent.filter((op) => !theirs(op)) }) };
          });
        } else await kudos.item(ref, ref).delete().catch(ignoreMissing);
        return undefined;
      },
      reports: async ({ ref }, c) => {
        await r.reports.forgetReport(c.tenantId, ref, c.userId);
        return undefined;
      },
      drafts: async (task, c) => {
        await authorship.draft(task, c);
        return undefined;
      },
      memberships: async ({ ref }, c) => {
        await r.communities.removeMembership(c.tenantId, ref, c.userId);
        return undefined;
      },
      conversationMemberships: async ({ ref }) => {
        await r.memberships.erase(ref);
        return undefined;
      },
      chatReferences: async (task, c) => {
        await teams.chatReference(task, c);
        return undefined;
      },
      cardViewers: (task, c) => teams.cardViewers(task, c),
      deliveryRecords: async ({ ref, sub }, c) => {
        // Kept (the announcement's report counts them, a recall still reaches the copy), but no longer whose.
        await updateDocument<DeliveryDocument>(this.containers.deliveries, ref, sub ?? '', (record) => {
          if (!record || record.userId !== c.userId) return undefined;
          const { user: _user, ...reference } = (record.reference ?? {}) as Record<string, unknown>;
          return { ...record, userId: c.pseudonym.userId, ...(record.reference && { reference }) };
        });
        return undefined;
      },
      profile: async (_task, c) => {
        await r.people.erase(c.tenantId, c.userId);
        await r.posts.forgetAuthor(c.tenantId, c.userId);
        await r.follows.forget(c.tenantId, c.userId);
        await r.engagement.forgetReader(c.tenantId, c.userId);
        await r.activity.forget(c.tenantId, c.userId, c.pseudonym.userId);
        for (const id of [tenantKey(c.tenantId, 'stats', c.userId), tenantKey(c.tenantId, 'notice', c.userId)]) await this.containers.kudos.item(id, id).delete().catch(ignoreMissing);
        const drafts = tenantKey(c.tenantId, 'author', c.userId);
        await this.containers.studio.item(drafts, drafts).delete().catch(ignoreMissing);
        await r.heldNotices.forget(c.tenantId, c.userId, 'kudos');
        await authorship.guardrails(c);
        return undefined;
      },
    };
  }

  apply(task: ErasureTask, context: ErasureContext): Promise<Post | undefined> {
    return this.steps[task.kind](task, context);
  }

  /** A post they wrote: deleted in delete mode (a kudos' counts taken back first), but an announcement's feed post is kept under the pseudonym like the announcement. */
  private async post({ ref }: ErasureTask, c: ErasureContext): Promise<Post | undefined> {
    const { posts, kudos } = this.repositories;
    const post = await posts.get(c.tenantId, ref);
    if (c.mode === 'delete' && !isAnnouncementPost(post ?? {})) {
      if (post && isKudos(post)) await kudos.unrecord(post, 'whole', c.userId);
      return deletePostCompletely(this.repositories, c.tenantId, ref, this.now());
    }
    return posts.update(c.tenantId, ref, (current) => anonymisedPost(current, c.userId, c.pseudonym));
  }

  /** A kudos they received or joined: their name replaced, or they are taken off it (and a kudos left to nobody goes). */
  private async kudos({ ref }: ErasureTask, c: ErasureContext): Promise<Post | undefined> {
    // Counts first: a rerun after a crash still finds the kudos as it was, and taking back is idempotent.
    const before = c.mode === 'delete' ? await this.repositories.posts.get(c.tenantId, ref) : undefined;
    if (before && isKudos(before)) {
      if (withoutKudosPerson(before, c.userId).kudos?.recipients.length === 0) await this.repositories.kudos.unrecord(before, 'whole', c.userId);
      else if (before.kudos.joiners.some((j) => j.userId === c.userId)) await this.repositories.kudos.unrecord(before, 'join', c.userId);
    }
    const updated = await this.repositories.posts.update(c.tenantId, ref, (post) => (c.mode === 'delete' ? withoutKudosPerson(post, c.userId) : anonymisedPost(post, c.userId, c.pseudonym)));
    if (c.mode === 'delete' && updated?.kudos && updated.kudos.recipients.length === 0) return deletePostCompletely(this.repositories, c.tenantId, ref, this.now());
    return updated;
  }
}
