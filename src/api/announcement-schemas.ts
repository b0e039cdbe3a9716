import { z } from 'zod';
import { GUID } from '../auth/authenticator';
import { ANNOUNCEMENT_BODY_MAX, ANNOUNCEMENT_TITLE_MAX } from '../domain/announcements';
import { AUDIENCE_LIST_MAX } from '../domain/audience';
import { BUTTON_TITLE_MAX, IMAGE_ALT_MAX, PIN_DAYS_MAX, POST_BUTTONS_MAX, URL_MAX } from '../domain/studio';

/** Fields of announcement bodies, shared by the announcements API and Studio. */
const ConversationIds = z.array(z.string().trim().min(1).max(400)).max(AUDIENCE_LIST_MAX);

export const AudienceSchema = z
  .object({
    channels: ConversationIds.optional(),
    communities: z.array(z.string().trim().min(1).max(100)).max(AUDIENCE_LIST_MAX).optional(),
    people: z.array(z.string().regex(GUID, 'must be Entra object ids (GUIDs)')).max(AUDIENCE_LIST_MAX).optional(),
    everyone: z.boolean().optional(),
  })
  .strict();

export const Title = z.string().trim().min(1).max(ANNOUNCEMENT_TITLE_MAX);
export const Body = z.string().trim().min(1).max(ANNOUNCEMENT_BODY_MAX);
export const When = z.string().trim().min(1).max(40);
export const Zone = z.string().trim().min(1).max(64);
export const URL_FIELD = z.string().trim().max(URL_MAX);

const HttpsUrl = URL_FIELD.url('must be a URL').refine((url) => /^https:\/\//i.test(url), 'must start with https://');
const LinkUrl = URL_FIELD.url('must be a URL').refine((url) => /^https?:\/\//i.test(url), 'must start with http:// or https://');

const Image = z.object({ url: HttpsUrl, alt: z.string().trim().min(1, 'describe the image for people who use screen readers (alt text)').max(IMAGE_ALT_MAX) }).strict();
const Button = z.object({ title: z.string().trim().min(1).max(BUTTON_TITLE_MAX), url: LinkUrl }).strict();

export const extras = {
  image: Image.optional(),
  buttons: z.array(Button).max(POST_BUTTONS_MAX, `at most ${POST_BUTTONS_MAX} buttons`).optional(),
  importance: z.enum(['normal', 'important']).optional(),
  pinDays: z.number().int().min(1).max(PIN_DAYS_MAX).optional().describe('Days an important post stays pinned at the top of the feed'),
  acknowledge: z.boolean().optional().describe('The card carries "I\'ve read this"'),
  kind: z.enum(['announcement', 'update']).optional(),
};

/** Image, buttons, importance, acknowledgement and kind, as the plain announcements API takes them too. */
export const ExtrasSchema = z.object(extras).strict();
