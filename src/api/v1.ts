import { registerAnnouncementFollowUpRoutes } from './announcement-follow-up';
import { registerAnnouncementReportRoutes } from './announcement-report';
import type { Server } from 'restify';
import { DomainError } from '../domain/errors';
import { hasRole } from '../domain/identity';
import { DEMO_TENANT_ID, DEMO_TENANT_NAME } from '../store/demo-tenant';
import { ApiDependencies, callerOf } from './context';
import { handler, parse } from './http';
import { z } from 'zod';
import { CONVERSATION_PAGE_MAX } from '../store/conversations';
import { registerAnnouncementRoutes } from './announcements';
import { registerAnnouncementListRoutes } from './announcement-list';
import { registerSettingsRoutes } from './settings';
import { registerDeliverySettingsRoutes } from './delivery-settings';
import { registerGuidelinesRoutes } from './guidelines';
import { registerPostRoutes } from './posts';
import { registerPeopleRoutes } from './people';
import { registerProfileRoutes } from './profiles';
import { registerDirectoryRoutes } from './directory';
import { registerStudioRoutes } from './studio';
import { registerStudioSettingsRoutes } from './studio-settings';
import { registerAcknowledgementRoutes } from './acknowledgements';
import { registerKudosRoutes } from './kudos';
import { registerAuditRoutes } from './audit';
import { registerCommunityRoutes } from './communities';
import { registerCommunityPostRoutes } from './community-posts';
import { registerReportRoutes } from './reports';
import { registerWordListRoutes } from './word-list';
import { registerModerationRoutes } from './moderation';
import { registerAmaRoutes } from './amas';
import { conversationView } from './views';
import { registerPrivacyRoutes } from './privacy';
import { registerErasureRoutes } from './erasure';
import { registerFeedRoutes } from './feed';
import { registerFollowRoutes } from './follows';
import { registerAnalyticsRoutes } from './analytics';
import { registerEngagementRoutes } from './engagement';
import { registerPollResultRoutes } from './poll-results';
import { registerPollVoteRoutes } from './poll-votes';

const ConversationsQuery = z
  .object({
    kind: z.enum(['channel', 'groupChat', 'personal']).optional(),
    limit: z.coerce.number().int().min(1).max(CONVERSATION_PAGE_MAX).default(CONVERSATION_PAGE_MAX),
    continuationToken: z.string().min(1).max(4096).optional(),
  })
  .strict();

export function registerApiV1(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;
  registerAnnouncementRoutes(server, deps);
  registerAnnouncementListRoutes(server, deps);
  registerSettingsRoutes(server, deps);
  registerDeliverySettingsRoutes(server, deps);
  registerPostRoutes(server, deps);
  registerPeopleRoutes(server, deps);
  registerProfileRoutes(server, deps);
  registerDirectoryRoutes(server, deps);
  registerStudioRoutes(server, deps);
  registerStudioSettingsRoutes(server, deps);
  registerAcknowledgementRoutes(server, deps);
  registerAnnouncementFollowUpRoutes(server, deps);
  registerAnnouncementReportRoutes(server, deps);
  registerKudosRoutes(server, deps);
  registerAuditRoutes(server, deps);
  registerCommunityRoutes(server, deps);
  registerCommunityPostRoutes(server, deps);
  registerReportRoutes(server, deps);
  registerWordListRoutes(server, deps);
  registerGuidelinesRoutes(server, deps);
  registerModerationRoutes(server, deps);
  registerPrivacyRoutes(server, deps);
  registerErasureRoutes(server, deps);
  registerAmaRoutes(server, deps);
  registerFollowRoutes(server, deps);
  registerAnalyticsRoutes(server, deps);
  registerEngagementRoutes(server, deps);
  registerPollResultRoutes(server, deps);
  registerPollVoteRoutes(server, deps);

  server.get('/api/v1/me', handler(logger, async (req, res) => {
    const { identity, person } = await callerOf(deps, req);
    const manager = person?.managerId ? await repositories.people.get(identity.tenantId, person.managerId) : undefined;
    return {
      tenantId: identity.tenantId,
      userId: identity.userId,
      displayName: person?.displayName ?? '',
      department: person?.department,
      jobTitle: person?.jobTitle,
      managerId: person?.managerId,
      managerName: manager?.displayName,
      roles: identity.roles,
      locale: identity.locale,
      devIdentity: deps.authenticator.isDevIdentity,
    };
  }));

  registerFeedRoutes(server, deps);

  // Paged and filtered in the query. Personal chats say who uses Commons, group chats
  // and private channels are private: admins only; everyone else sees standard channels.
  server.get('/api/v1/conversations', handler(logger, async (req, res) => {
    const { identity } = await callerOf(deps, req);
    const query = parse(ConversationsQuery, req.query ?? {});
    const isAdmin = hasRole(identity, 'admin');
    if (!isAdmin && query.kind && query.kind !== 'channel') throw new DomainError('forbidden', 'only admins can list chats');
    const filter = isAdmin ? { kind: query.kind } : { standardChannelsOnly: true };
    const page = await repositories.conversations.page(identity.tenantId, filter, query.limit, query.continuationToken);
    return { conversations: page.conversations.map(conversationView), ...(page.continuationToken && { continuationToken: page.continuationToken }) };
  }));

  // Local mode only: the people the tab's user switcher offers.
  server.get('/api/v1/dev/identities', handler(logger, async () => {
    if (!deps.authenticator.isDevIdentity) throw new DomainError('not_found');
    const people = await repositories.people.list(DEMO_TENANT_ID);
    const tenant = await repositories.tenants.get(DEMO_TENANT_ID);
    return {
      tenantId: DEMO_TENANT_ID,
      tenantName: tenant?.name ?? DEMO_TENANT_NAME,
      users: people.map(({ userId, displayName, department, jobTitle }) => ({ userId, displayName, department, jobTitle })),
    };
  }));
}
