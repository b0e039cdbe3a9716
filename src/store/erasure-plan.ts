import type { Container, SqlParameter } from '@azure/cosmos';
import type { ErasureKind, ErasureTask } from '../domain/erasure';
import type { ContainerName } from './containers';
import type { PersonalDataRepository } from './personal-data';
import type { StudioRepository } from './studio';
import type { TeamsAccountRepository } from './teams-accounts';
import { teamsIdsSub } from './erasure-teams';

type PlanContainers = Pick<Record<ContainerName, Container>, 'engagement' | 'deliveries' | 'kudos' | 'rosters' | 'announcements' | 'studio' | 'conversations' | 'posts'>;
type Doc = Record<string, unknown>;

async function all<T>(container: Container, query: string, parameters: SqlParameter[]): Promise<T[]> {
  const { resources } = await container.items.query<T>({ query, parameters }).fetchAll();
  return resources;
}

/**
 * Finds every piece of a person's data for their erasure: what their download holds
 * (src/store/personal-data.ts) plus the AMA questions and upvotes, the delivery
 * records of announcements sent to them, and what the kudos container keeps of them. Queries, like the download: erasure is a rare
 * admin act and reads across everything a person ever touched, which no per-post
 * document knows; each filters on the tenant first.
 */
export class ErasurePlanner {
  constructor(
    private readonly personalData: PersonalDataRepository,
    private readonly studio: Pick<StudioRepository, 'draftsOf'>,
    private readonly containers: PlanContainers,
    private readonly teamsAccounts: Pick<TeamsAccountRepository, 'idsOf'>,
  ) {}

  async plan(tenantId: string, userId: string): Promise<ErasureTask[]> {
    const p: SqlParameter[] = [
      { name: '@tenantId', value: tenantId },
      { name: '@userId', value: userId },
    ];
    const { engagement, deliveries, kudos, rosters, announcements, studio, conversations } = this.containers;
    const scopes: SqlParameter[] = ['received', 'given', 'team'].map((scope) => ({ name: `@${scope}`, value: `${scope}:${userId}` }));
    const [stored, questions, upvotes, records, boards, kudosOwn, memberships, drafts, announced, reviewed, chats, accounts] = await Promise.all([
      this.personalData.collect(tenantId, userId),
      all<Doc>(engagement, 'SELECT c.postId, c.questionId FROM c WHERE c.tenantId = @tenantId AND c.type = "amaQuestion" AND c.authorId = @userId', p),
      all<Doc>(engagement, 'SELECT c.postId, c.questionId FROM c WHERE c.tenantId = @tenantId AND c.type = "amaUpvote" AND c.userId = @userId', p),
      all<Doc>(deliveries, 'SELECT c.id, c.pk, c.reference["user"]["id"] AS teamsId FROM c WHERE c.tenantId = @tenantId AND c.type = "delivery" AND c.userId = @userId', p),
      // Leaderboard shards name their recipients by id and name (a small set per period and badge).
      all<Doc>(kudos, 'SELECT c.id, c.entries FROM c WHERE c.tenantId = @tenantId AND c.type = "kudosBoard"', p),
      // What kudos keep about the person alone: who recognised whom, their own walls, their weekly allowance.
      all<Doc>(
        kudos,
        'SELECT c.id FROM c WHERE c.tenantId = @tenantId AND ((c.type = "kudosPair" AND (c.recipientId = @userId OR c.senderId = @userId)) OR ((c.type = "kudosWallDay" OR c.type = "kudosWallDays") AND (c.scope = @received OR c.scope = @given OR c.scope = @team)) OR (c.type = "kudosAllowance" AND c.senderId = @userId))',
        [...p, ...scopes],
      ),
      // Which conversations they belong to (remembered for visibility checks).
      all<Doc>(rosters, 'SELECT c.id, c.pk FROM c WHERE c.tenantId = @tenantId AND c.type = "membership" AND c.userId = @userId', p),
      this.studio.draftsOf(tenantId, userId),
      // What they announced (a small container: one document per announcement).
      all<Doc>(announcements, 'SELECT c.announcementId FROM c WHERE c.tenantId = @tenantId AND c.type = "announcement" AND c.authorId = @userId', p),
      // Drafts they wrote, last saved or reviewed (their author list holds only the newest).
      all<Doc>(studio, 'SELECT c.draftId FROM c WHERE c.tenantId = @tenantId AND c.type = "draft" AND (c.authorId = @userId OR c.updatedBy = @userId OR c.review["by"] = @userId)', p),
      // Their personal chats with Commons: the references carry their Teams id.
      all<Doc>(conversations, 'SELECT c.conversationId, c.reference["user"]["id"] AS teamsId FROM c WHERE c.tenantId = @tenantId AND c.type = "conversation" AND c.kind = "personal" AND c.userId = @userId', p),
      this.teamsAccounts.idsOf(tenantId, userId),
    ]);
    const teamsIds = [...new Set([...accounts, ...[...chats, ...records].map((d) => d.teamsId).filter((id): id is string => typeof id === 'string' && id.length > 0)])];
    const [viewed, references] = await Promise.all([this.postsViewedBy(tenantId, teamsIds), this.referencesNaming(tenantId, userId, teamsIds)]);
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
      ...boards.filter((b) => userId in ((b.entries as Doc | undefined) ?? {})).map((b) => task('kudosRecords', b.id, 'board')),
      ...kudosOwn.map((d) => task('kudosRecords', d.id)),
      ...stored.reports.map((r) => task('reports', r.itemKey)),
      ...announced.map((a) => task('announcements', a.announcementId)),
      ...[...new Set([...drafts.map((d) => d.draftId), ...reviewed.map((d) => String(d.draftId))])].map((id) => task('drafts', id)),
      ...stored.communityMemberships.map((m) => task('memberships', m.communityId)),
      ...memberships.map((m) => task('conversationMemberships', m.id, m.pk)),
      ...references.map((conversationId) => task('chatReferences', conversationId, teamsIdsSub(teamsIds))),
      ...viewed.map((postId) => task('cardViewers', postId, teamsIdsSub(teamsIds))),
      ...records.map((r) => task('deliveryRecords', r.id, r.pk)),
      // Last: until the profile goes, an interrupted erasure is still found by the person's id.
      task('profile', userId),
    ];
  }

  /** Stored chat references that name them: their personal chats, and chats whose last sender seen was them. */
  private async referencesNaming(tenantId: string, userId: string, teamsIds: string[]): Promise<string[]> {
    const rows = await all<Doc>(
      this.containers.conversations,
      'SELECT c.conversationId FROM c WHERE c.tenantId = @tenantId AND c.type = "conversation" AND (c.userId = @userId OR c.reference["user"]["aadObjectId"] = @userId OR ARRAY_CONTAINS(@ids, c.reference["user"]["id"]))',
      [
        { name: '@tenantId', value: tenantId },
        { name: '@userId', value: userId },
        { name: '@ids', value: teamsIds },
      ],
    );
    return rows.map((row) => String(row.conversationId));
  }

  /** Posts whose cards list one of these Teams ids for a personal view. */
  private async postsViewedBy(tenantId: string, teamsIds: string[]): Promise<string[]> {
    if (!teamsIds.length) return [];
    const rows = await all<Doc>(this.containers.posts, 'SELECT c.postId FROM c JOIN v IN c.personalViewers WHERE c.tenantId = @tenantId AND c.type = "post" AND ARRAY_CONTAINS(@ids, v)', [
      { name: '@tenantId', value: tenantId },
      { name: '@ids', value: teamsIds },
    ]);
    return [...new Set(rows.map((row) => String(row.postId)))];
  }
}
