import type { Server } from 'restify';
import { z } from 'zod';
import { exportPersonalData, PERSONAL_DATA_FORMAT } from '../domain/privacy-export';
import { ApiDependencies, audit, callerOf } from './context';
import { handler } from './http';
import { jsonResponse, schemaOf } from './openapi-zod';

const documents = z.array(z.record(z.unknown()));

/** The shape of the download, for the OpenAPI document (the domain builds it). */
export const PersonalDataSchema = z.object({
  format: z.literal(PERSONAL_DATA_FORMAT),
  generatedAt: z.string(),
  tenantId: z.string(),
  userId: z.string(),
  profile: z.record(z.unknown()).describe('Directory profile: name, title, department, manager, locale, skills'),
  roles: z.array(z.string()),
  roleChanges: z.array(z.unknown()).describe('Who changed this person\'s roles, and when'),
  posts: documents.describe('Posts, discussions, questions and polls they wrote (without other people\'s comments)'),
  kudos: z.object({ given: documents, received: documents, joined: documents, stats: z.unknown() }),
  comments: documents.describe('Their own comments, with the post each is on'),
  reactions: documents,
  votes: documents.describe('Their poll votes'),
  acknowledgements: documents.describe('Announcements they acknowledged, and when'),
  reports: documents.describe('Reports they made'),
  communities: z.object({ memberships: documents, mine: z.array(z.unknown()) }),
  drafts: z.array(z.unknown()).describe('Their Studio drafts'),
  analytics: documents.describe('What analytics counted them for, once each: active on a day, a first contribution, an announcement step (others see only totals, and departments of 5 people or more)'),
  guidelinesAccepted: z.object({ version: z.number(), acceptedAt: z.string() }).nullable().describe('The community guidelines version they last accepted, and when'),
  following: z.object({ follows: z.array(z.unknown()), digest: z.unknown() }).describe('The people, communities and threads they follow, and their digest settings'),
});

/**
 * A person downloads everything Commons stores about them: their own identity only
 * (the token's tenant and user, never a parameter), audited as `privacy.export`.
 */
export function registerPrivacyRoutes(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;

  server.get('/api/v1/me/export', handler(logger, async (req, res) => {
    const { identity } = await callerOf(deps, req);
    const data = await exportPersonalData(
      {
        person: (tenantId, userId) => repositories.people.get(tenantId, userId),
        roleChanges: (tenantId, userId) => repositories.people.roleChanges(tenantId, userId),
        stored: (tenantId, userId) => repositories.personalData.collect(tenantId, userId),
        kudosStats: (tenantId, userId) => repositories.kudos.stats(tenantId, userId),
        drafts: (tenantId, userId) => repositories.studio.draftsOf(tenantId, userId),
        communities: (tenantId, userId) => repositories.communities.mine(tenantId, userId),
        guidelinesAccepted: (tenantId, userId) => repositories.guidelines.acceptance(tenantId, userId),
        following: async (tenantId, userId) => ({ follows: await repositories.follows.follows(tenantId, userId), digest: await repositories.follows.digestSettings(tenantId, userId) }),
      },
      identity,
    );
    await audit(deps, req, identity, 'privacy.export', { kind: 'person', id: identity.userId });
    logger.info({ tenantId: identity.tenantId, userId: identity.userId }, 'personal data exported');
    res.setHeader('content-disposition', `attachment; filename="commons-my-data-${data.generatedAt.slice(0, 10)}.json"`);
    return PersonalDataSchema.parse(data);
  }));
}

const error = { $ref: '#/components/responses/Error' };

export const PRIVACY_OPENAPI_PATHS = {
  '/api/v1/me/export': {
    get: {
      operationId: 'exportMyData',
      summary: 'Download everything Commons stores about the caller (JSON attachment; audited)',
      responses: { '200': jsonResponse('The caller\'s personal data', schemaOf(PersonalDataSchema, 'output')), '401': error, '429': error },
    },
  },
};
