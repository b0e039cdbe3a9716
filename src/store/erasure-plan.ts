import type { Container, SqlParameter } from '@azure/cosmos';
import type { ErasureKind, ErasureTask } from '../domain/erasure';
import type { ContainerName } from './containers';
import type { PersonalDataRepository } from './personal-data';

type PlanContainers = Pick<Record<ContainerName, Container>, 'engagement' | 'deliveries'>;
type Doc = Record<string, unknown>;

async function all<T>(container: Container, query: string, parameters: SqlParameter[]): Promise<T[]> {
  const { resources } = await container.items.query<T>({ query, parameters }).fetchAll();
  return resources;
}

/**
 * Finds every piece of a person's data for their erasure: what their download holds
 * (src/store/personal-data.ts) plus the AMA questions and upvotes and the delivery
 * records of announcements sent to them. Queries, like the download: erasure is a rare
 * admin act and reads across everything a person ever touched, which no per-post
 * document knows; each filters on the tenant first.
 */
export class ErasurePlanner {
  constructor(
    private readonly personalData: PersonalDataRepository,
    private readonly containers: PlanContainers,
  ) {}

  async plan(tenantId: string, userId: string): Promise<ErasureTask[]> {
    const p: SqlParameter[] = [
      { name: '@tenantId', value: tenantId },
      { name: '@userId', value: userId },
    ];
    const { engagement, deliveries } = this.containers;
    const [stored, questions, upvotes, records] = await Promise.all([
      this.personalData.collect(tenantId, userId),
      all<Doc>(engagement, 'SELECT c.postId, c.questionId FROM c WHERE c.tenantId = @tenantId AND c.type = "amaQuestion" AND c.authorId = @userId', p),
      all<Doc>(engagement, 'SELECT c.postId, c.questionId FROM c WHERE c.tenantId = @tenantId AND c.type = "amaUpvote" AND c.userId = @userId', p),
      all<Doc>(deliveries, 'SELECT c.id, c.pk FROM c WHERE c.tenantId = @tenantId AND c.type = "delivery" AND c.userId = @userId', p),
    ]);
    const task = (kind: ErasureKind, ref: unknown, sub?: unknown, n = 1): ErasureTask => ({ kind, ref: String(ref), ...(sub !== undefined && { sub: String(sub) }), n });
    const commentsPerPost = new Map<string, number>();
    for (const { postId } of stored.comments) commentsPerPost.set(postId, (commentsPerPost.get(postId) ?? 0) + 1);
    return [
      ...stored.postsAuthored.map((post) => task('posts', post.postId)),
      ...[...commentsPerPost].map(([postId, n]) => task('comments', postId, undefined, n)),
      ...questions.map((q) => task('amaQuestions', q.postId, q.questionId)),
      ...stored.reactions.map((r) => task('reactions', r.postId, undefined, r.reaction ? 1 : 0)),
      ...stored.votes.map((v) => task('pollVotes', v.postId)),
      ...upvotes.map((u) => task('amaUpvotes', u.postId, u.questionId)),
      ...stored.acknowledgements.map((a) => task('acknowledgements', a.announcementId)),
      ...stored.kudosReceived.map((k) => task('kudosReceived', k.postId)),
      ...stored.kudosJoined.map((k) => task('kudosJoined', k.postId)),
      ...stored.reports.map((r) => task('reports', r.itemKey)),
      ...stored.communityMemberships.map((m) => task('memberships', m.communityId)),
      ...records.map((r) => task('deliveryRecords', r.id, r.pk)),
      // Last: until the profile goes, an interrupted erasure is still found by the person's id.
      task('profile', userId),
    ];
  }
}
