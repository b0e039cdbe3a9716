import type { Container, SqlParameter } from '@azure/cosmos';
import type { StoredPersonalData } from '../domain/privacy-export';
import type { ContainerName } from './containers';

type PersonalContainers = Pick<Record<ContainerName, Container>, 'posts' | 'engagement' | 'studio' | 'communities' | 'moderation' | 'analytics'>;

async function all<T>(container: Container, query: string, parameters: SqlParameter[]): Promise<T[]> {
  const { resources } = await container.items.query<T>({ query, parameters }).fetchAll();
  return resources;
}

/**
 * What Commons stores about one person, gathered for their own download (a privacy
 * request). These are queries, not point reads, on purpose: an export is rare and
 * reads across every post a person ever touched, which no per-post document knows;
 * each filters on the tenant first, so nothing can cross tenants.
 */
export class PersonalDataRepository {
  constructor(private readonly containers: PersonalContainers) {}

  async collect(tenantId: string, userId: string): Promise<StoredPersonalData> {
    const p: SqlParameter[] = [
      { name: '@tenantId', value: tenantId },
      { name: '@userId', value: userId },
    ];
    const { posts, engagement, studio, communities, moderation, analytics } = this.containers;
    const byType = (container: Container, type: string) =>
      all<Record<string, unknown>>(container, 'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = @type AND c.userId = @userId', [...p, { name: '@type', value: type }]);
    const [postsAuthored, kudosReceived, kudosJoined, comments, reactions, reports, votes, acknowledgements, communityMemberships, analyticsMarkers] = await Promise.all([
      all<Record<string, unknown>>(posts, 'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = "post" AND c.authorId = @userId', p),
      all<Record<string, unknown>>(posts, 'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = "post" AND c.kind = "kudos" AND ARRAY_CONTAINS(c.kudos.recipients, { "userId": @userId }, true)', p),
      all<Record<string, unknown>>(posts, 'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = "post" AND c.kind = "kudos" AND ARRAY_CONTAINS(c.kudos.joiners, { "userId": @userId }, true)', p),
      all<{ postId: string; comment: Record<string, unknown> }>(
        engagement,
        'SELECT c.postId, cm AS comment FROM c JOIN cm IN c.comments WHERE c.tenantId = @tenantId AND c.type = "commentPage" AND cm.authorId = @userId',
        p,
      ),
      byType(engagement, 'reaction'),
      // One report per person per item, in the moderation container (src/store/reports.ts).
      byType(moderation, 'report'),
      byType(engagement, 'pollVote'),
      byType(studio, 'ack'),
      byType(communities, 'communityMembership'),
      // What analytics counted them for, once each (src/store/activity-counters.ts).
      byType(analytics, 'activityMarker'),
    ]);
    return { postsAuthored, kudosReceived, kudosJoined, comments, reactions, reports, votes, acknowledgements, communityMemberships, analyticsMarkers };
  }
}
