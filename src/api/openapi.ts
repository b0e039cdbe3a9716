import { ANNOUNCEMENT_BODY_MAX, ANNOUNCEMENT_TITLE_MAX } from '../domain/announcements';
import { AUDIENCE_LIST_MAX } from '../domain/audience';
import { PEOPLE_OPENAPI_PATHS } from './people-openapi';
import { PROFILES_OPENAPI_PATHS } from './profiles-openapi';
import { KUDOS_OPENAPI_PATHS } from './kudos-openapi';
import { DELIVERY_SETTINGS_OPENAPI_PATHS } from './delivery-settings';
import { GUIDELINES_OPENAPI_PATHS } from './guidelines';
import { AUDIT_OPENAPI_PATHS } from './audit-openapi';
import { MODERATION_OPENAPI_PATHS } from './moderation-openapi';
import { COMMUNITIES_OPENAPI_PATHS } from './communities-openapi';
import { AMA_OPENAPI_PATHS } from './ama-openapi';
import { STUDIO_OPENAPI_PATHS } from './studio-openapi';
import { ACKNOWLEDGEMENT_OPENAPI_PATHS } from './acknowledgements';
import { FOLLOW_UP_OPENAPI_PATHS } from './announcement-follow-up';
import { REPORT_OPENAPI_PATHS } from './announcement-report';
import { ANNOUNCEMENT_LIST_OPENAPI } from './announcement-list';
import { TAB_OPENAPI_PATHS } from './tab-openapi';
import { PRIVACY_OPENAPI_PATHS } from './privacy';
import { FOLLOWS_OPENAPI_PATHS } from './follows-openapi';
import { ERASURE_OPENAPI_PATHS } from './erasure-openapi';
import { ANALYTICS_OPENAPI_PATHS } from './analytics-openapi';
import { ENGAGEMENT_OPENAPI_PATHS } from './engagement-openapi';
import { POLL_RESULTS_OPENAPI_PATHS } from './poll-results';
import { POLL_VOTE_OPENAPI_PATHS } from './poll-votes';
import { ExtrasSchema } from './announcement-schemas';
import { schemaOf } from './openapi-zod';
import { CONVERSATION_PAGE_MAX } from '../store/conversations';

/**
 * The OpenAPI 3.0 description of the announcements API (GET /api/v1/openapi.json),
 * for the Studio tab, scripts and Power Automate custom connectors.
 */
const error = { $ref: '#/components/responses/Error' };
const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };

const controlPath = (action: string, summary: string, conflict: string) => ({
  post: {
    operationId: `${action}Announcement`,
    summary,
    parameters: [idParameter],
    responses: { '200': { description: 'The announcement after the change', content: { 'application/json': { schema: { $ref: '#/components/schemas/Announcement' } } } }, '401': error, '403': error, '404': error, '409': { ...error, description: conflict } },
  },
});

export const OPENAPI_DOCUMENT = {
  openapi: '3.0.3',
  info: {
    title: 'Commons announcements API',
    version: '1.0.0',
    description:
      'Schedule announcements to channels, people or everyone, follow their delivery and control them. Authors only (role "author" or "admin"). The tenant always comes from the caller\'s identity. Errors are {"error":{"code","message"}}.',
  },
  servers: [{ url: '/' }],
  security: [{ entra: [] }, { devIdentity: [] }],
  paths: {
    ...PEOPLE_OPENAPI_PATHS,
    ...PROFILES_OPENAPI_PATHS,
    ...STUDIO_OPENAPI_PATHS,
    ...ACKNOWLEDGEMENT_OPENAPI_PATHS,
    ...FOLLOW_UP_OPENAPI_PATHS,
    ...REPORT_OPENAPI_PATHS,
    ...KUDOS_OPENAPI_PATHS,
    ...DELIVERY_SETTINGS_OPENAPI_PATHS,
    ...GUIDELINES_OPENAPI_PATHS,
    ...AUDIT_OPENAPI_PATHS,
    ...MODERATION_OPENAPI_PATHS,
    ...COMMUNITIES_OPENAPI_PATHS,
    ...AMA_OPENAPI_PATHS,
    ...TAB_OPENAPI_PATHS,
    ...PRIVACY_OPENAPI_PATHS,
    ...FOLLOWS_OPENAPI_PATHS,
    ...ERASURE_OPENAPI_PATHS,
    ...ANALYTICS_OPENAPI_PATHS,
    ...ENGAGEMENT_OPENAPI_PATHS,
    ...POLL_RESULTS_OPENAPI_PATHS,
    ...POLL_VOTE_OPENAPI_PATHS,
    '/api/v1/announcements': {
      ...ANNOUNCEMENT_LIST_OPENAPI,
      post: {
        operationId: 'createAnnouncement',
        summary: 'Schedule an announcement (or send it now)',
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/NewAnnouncement' } } } },
        responses: {
          '201': {
            description: 'Scheduled. A due time in the past means "now", with a note.',
            content: { 'application/json': { schema: { type: 'object', required: ['id', 'status', 'scheduledAt'], properties: { id: { type: 'string', format: 'uuid' }, status: { type: 'string' }, scheduledAt: { type: 'string', format: 'date-time' }, note: { type: 'string' } } } } },
          },
          '400': { ...error, description: 'Invalid body, unparseable time or zone, no or unknown targets, communities (not available yet)' },
          '401': error,
          '403': error,
        },
      },
    },
    '/api/v1/announcements/{id}': {
      get: {
        operationId: 'getAnnouncement',
        summary: 'State and delivery progress',
        parameters: [idParameter],
        responses: { '200': { description: 'The announcement', content: { 'application/json': { schema: { $ref: '#/components/schemas/Announcement' } } } }, '401': error, '403': error, '404': error },
      },
      patch: {
        operationId: 'editAnnouncement',
        summary: 'Edit: before sending anything may change; after, title and body, and every delivered copy is updated',
        parameters: [idParameter],
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/AnnouncementEdit' } } } },
        responses: { '200': { description: 'The announcement after the edit', content: { 'application/json': { schema: { $ref: '#/components/schemas/Announcement' } } } }, '400': error, '401': error, '403': error, '404': error, '409': { ...error, description: 'Recalled, being recalled, or audience/schedule changed after sending started' } },
      },
    },
    '/api/v1/announcements/{id}/pause': controlPath('pause', 'Pause a scheduled or running send', 'Not scheduled or sending'),
    '/api/v1/announcements/{id}/resume': controlPath('resume', 'Resume a paused send where it stopped', 'Not paused'),
    '/api/v1/announcements/{id}/cancel': controlPath('cancel', 'Cancel a scheduled, running or paused send (delivered copies stay)', 'Already completed, cancelled or recalled'),
    '/api/v1/announcements/{id}/recall': controlPath('recall', 'Delete every delivered copy', 'Nothing delivered yet, or already recalled'),
    '/api/v1/conversations': {
      get: {
        operationId: 'listConversations',
        summary: 'Where Commons is installed, a page at a time: standard channels for everyone; chats and private channels for admins',
        parameters: [
          { name: 'kind', in: 'query', schema: { type: 'string', enum: ['channel', 'groupChat', 'personal'] }, description: 'Admins only for groupChat and personal (403 otherwise)' },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: CONVERSATION_PAGE_MAX, default: CONVERSATION_PAGE_MAX } },
          { name: 'continuationToken', in: 'query', schema: { type: 'string', maxLength: 4096 }, description: 'From the previous page' },
        ],
        responses: {
          '200': {
            description: 'One page; channels and group chats by conversation id (the audience targets), personal chats by their person (no ids or references)',
            content: { 'application/json': { schema: { type: 'object', required: ['conversations'], properties: { conversations: { type: 'array', maxItems: CONVERSATION_PAGE_MAX, items: { type: 'object' } }, continuationToken: { type: 'string' } } } } },
          },
          '400': error,
          '401': error,
          '403': error,
          '429': error,
        },
      },
    },
    '/api/v1/announcements/{id}/deliveries.csv': {
      get: {
        operationId: 'exportDeliveries',
        summary: 'One row per recipient: state, failure reason, attempts, activity id',
        parameters: [idParameter],
        responses: { '200': { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } }, '401': error, '403': error, '404': error },
      },
    },
  },
  components: {
    securitySchemes: {
      entra: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Entra access token for the Commons API (scope access_as_user)' },
      devIdentity: { type: 'apiKey', in: 'header', name: 'X-Dev-User', description: 'Local mode only, with X-Dev-Tenant' },
    },
    responses: {
      Error: { description: 'An error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    },
    schemas: {
      Error: { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } } } },
      Audience: {
        type: 'object',
        additionalProperties: false,
        description: 'At least one target. Communities are not available yet (400).',
        properties: {
          channels: { type: 'array', maxItems: AUDIENCE_LIST_MAX, items: { type: 'string' }, description: 'Conversation ids of channels where Commons is installed' },
          communities: { type: 'array', maxItems: AUDIENCE_LIST_MAX, items: { type: 'string' } },
          people: { type: 'array', maxItems: AUDIENCE_LIST_MAX, items: { type: 'string', format: 'uuid' }, description: 'Entra object ids, reached in their personal chat' },
          everyone: { type: 'boolean', description: 'Every person with a personal chat with Commons' },
        },
      },
      NewAnnouncement: {
        type: 'object',
        additionalProperties: false,
        required: ['title', 'body', 'audience'],
        properties: {
          title: { type: 'string', minLength: 1, maxLength: ANNOUNCEMENT_TITLE_MAX },
          body: { type: 'string', minLength: 1, maxLength: ANNOUNCEMENT_BODY_MAX },
          audience: { $ref: '#/components/schemas/Audience' },
          scheduledAt: { type: 'string', description: 'ISO-8601; with an offset it is absolute, without one it is read in timeZone (UTC if none). Absent or past: now.', example: '2026-03-30T09:00' },
          timeZone: { type: 'string', description: 'IANA time zone', example: 'Europe/Paris' },
          ...schemaOf(ExtrasSchema).properties,
        },
      },
      AnnouncementEdit: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: {
          title: { type: 'string', minLength: 1, maxLength: ANNOUNCEMENT_TITLE_MAX },
          body: { type: 'string', minLength: 1, maxLength: ANNOUNCEMENT_BODY_MAX },
          audience: { $ref: '#/components/schemas/Audience' },
          scheduledAt: { type: 'string' },
          timeZone: { type: 'string' },
        },
      },
      Progress: {
        type: 'object',
        properties: {
          total: { type: 'integer' },
          pending: { type: 'integer' },
          sending: { type: 'integer' },
          sent: { type: 'integer' },
          retrying: { type: 'integer' },
          failed: { type: 'integer' },
          failedByReason: { type: 'object', additionalProperties: { type: 'integer' }, description: 'not_installed, blocked, no_license, deleted, install_failed (proactive installation), forbidden, not_found, gave_up, rejected' },
          ratePerSecond: { type: 'number' },
          etaSeconds: { type: 'integer', nullable: true },
          updatedAt: { type: 'string', format: 'date-time', nullable: true },
        },
      },
      Announcement: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          title: { type: 'string' },
          body: { type: 'string' },
          audience: { $ref: '#/components/schemas/Audience' },
          status: { type: 'string', enum: ['scheduled', 'sending', 'paused', 'completed', 'cancelled', 'recalled'] },
          activity: { type: 'string', enum: ['deliver', 'update', 'recall'], nullable: true },
          version: { type: 'integer' },
          scheduledAt: { type: 'string', format: 'date-time' },
          timeZone: { type: 'string', nullable: true },
          authorId: { type: 'string' },
          createdAt: { type: 'string', format: 'date-time' },
          updatedAt: { type: 'string', format: 'date-time' },
          startedAt: { type: 'string', format: 'date-time', nullable: true },
          completedAt: { type: 'string', format: 'date-time', nullable: true },
          progress: { $ref: '#/components/schemas/Progress' },
          followUp: {
            type: 'object',
            nullable: true,
            properties: { kind: { type: 'string', enum: ['update', 'recall'] }, total: { type: 'integer' }, done: { type: 'integer' }, skipped: { type: 'integer' }, failed: { type: 'integer' }, finished: { type: 'boolean' } },
          },
        },
      },
    },
  },
} as const;
