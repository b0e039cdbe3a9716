import { z } from 'zod';
import { GUID } from '../auth/authenticator';
import { ANNOUNCEMENT_BODY_MAX, ANNOUNCEMENT_TITLE_MAX } from '../domain/announcements';
import { AUDIENCE_LIST_MAX } from '../domain/audience';
import { BUTTON_TITLE_MAX, IMAGE_ALT_MAX, POST_BUTTONS_MAX, REVIEW_COMMENT_MAX } from '../domain/studio';
import { Body, extras, Title, URL_FIELD, When, Zone } from './announcement-schemas';

/**
 * Request bodies of the Studio routes. Each is .strict(): a tenantId or anything else
 * unknown is refused, and the OpenAPI document is generated from these same schemas.
 * What is sent (ContentSchema) meets every rule.
 */
export const ContentSchema = z.object({ title: Title, body: Body, ...extras }).strict();

/**
 * What an autosave keeps: the same fields and limits, but a draft may still lack a
 * title or body, and an image may still lack its URL or alt text.
 */
export const DraftContentSchema = z
  .object({
    title: z.string().max(ANNOUNCEMENT_TITLE_MAX).optional(),
    body: z.string().max(ANNOUNCEMENT_BODY_MAX).optional(),
    ...extras,
    image: z.object({ url: URL_FIELD, alt: z.string().max(IMAGE_ALT_MAX) }).strict().optional(),
    buttons: z.array(z.object({ title: z.string().max(BUTTON_TITLE_MAX), url: URL_FIELD }).strict()).max(POST_BUTTONS_MAX, `at most ${POST_BUTTONS_MAX} buttons`).optional(),
  })
  .strict();

/** An audience being chosen may be empty; the send checks it. */
const DraftAudience = z
  .object({
    channels: z.array(z.string().trim().min(1).max(400)).max(AUDIENCE_LIST_MAX).optional(),
    people: z.array(z.string().regex(GUID, 'must be Entra object ids (GUIDs)')).max(AUDIENCE_LIST_MAX).optional(),
    everyone: z.boolean().optional(),
  })
  .strict();

export const NewDraftSchema = z
  .object({
    templateId: z.string().max(40).optional().describe('Prefill from a template: town-hall, policy-change, outage'),
    content: DraftContentSchema.optional(),
    audience: DraftAudience.optional(),
    scheduledAt: When.optional(),
    timeZone: Zone.optional(),
  })
  .strict();

export const SaveDraftSchema = z
  .object({
    revision: z.number().int().min(1).describe('The revision this edit started from; a newer one on the server answers 409 naming who changed it'),
    content: DraftContentSchema,
    audience: DraftAudience,
    scheduledAt: When.nullable().optional().describe('Local date-time read in timeZone; null or absent: send now'),
    timeZone: Zone.optional(),
  })
  .strict();

export const ReviewSchema = z.object({ comment: z.string().trim().max(REVIEW_COMMENT_MAX).optional() }).strict();
export const RejectSchema = z.object({ comment: z.string().trim().min(1, 'say what to change').max(REVIEW_COMMENT_MAX) }).strict();

export const ReachSchema = z.object({ audience: DraftAudience }).strict();

const AuthorRuleSchema = z
  .object({
    everyone: z.boolean(),
    people: z.boolean(),
    channels: z.union([z.literal('all'), z.array(z.string().trim().min(1).max(400)).max(AUDIENCE_LIST_MAX)]),
    requiresApproval: z.boolean(),
  })
  .strict();

export const GuardrailsSchema = z
  .object({
    defaults: AuthorRuleSchema,
    authors: z.record(z.string().regex(GUID, 'keys must be Entra object ids (GUIDs)'), AuthorRuleSchema).refine((authors) => Object.keys(authors).length <= 500, 'at most 500 authors'),
  })
  .strict();

export const DraftIdParam = z.string().regex(GUID, 'must be a draft id');
export { AudienceSchema, ExtrasSchema } from './announcement-schemas';
