import { t } from '../i18n';
import type { Badge } from '../domain/badges';
import { KUDOS_MESSAGE_MAX, KudosDetails } from '../domain/kudos';
import { adaptiveCard, AdaptiveCard, formHeading, inertText, plainText } from './types';

/** The dataset Input.ChoiceSet asks for in `application/search` invokes (type-ahead over the directory). */
export const PEOPLE_DATASET = 'commons.people';

export interface KudosFormInput {
  locale?: string;
  pendingId: string;
  badges: readonly Badge[];
  /** People offered without typing: those in this conversation first, then the sender's team. */
  people: Array<{ userId: string; displayName: string }>;
  quote?: KudosDetails['quote'];
  /** What was typed, shown again after a refusal or an edit. */
  draft?: { recipients: string[]; badge: string; message: string; private: boolean };
  error?: string;
  /** Whether the client can search the directory as you type (Data.Query); otherwise the static list only. */
  typeAhead: boolean;
}

/** The message extension's "Send kudos" form. Its submit carries only the pending id; the rest are the inputs. */
export function kudosFormCard(input: KudosFormInput): AdaptiveCard {
  const { locale, draft } = input;
  const title = t(locale, 'card.kudosForm.title');
  const known = new Map(input.people.map((p) => [p.userId, p.displayName]));
  // Someone chosen by type-ahead is not in the static list: keep them offered.
  for (const id of draft?.recipients ?? []) if (!known.has(id)) known.set(id, id);
  return adaptiveCard({
    speak: title,
    fallbackText: title,
    body: [
      ...formHeading(title, input.error),
      ...(input.quote
        ? [{ type: 'Container', style: 'emphasis', items: [{ type: 'TextBlock', text: `“${plainText(inertText(input.quote.text))}”${input.quote.authorName ? ` — ${inertText(input.quote.authorName)}` : ''}`, wrap: true, isSubtle: true, size: 'Small', maxLines: 4 }] }]
        : []),
      {
        type: 'Input.ChoiceSet',
        id: 'recipients',
        label: t(locale, 'card.kudosForm.recipients'),
        isMultiSelect: true,
        style: 'filtered',
        isRequired: true,
        errorMessage: t(locale, 'error.kudos.noRecipients'),
        value: (draft?.recipients ?? []).join(','),
        choices: [...known].map(([value, name]) => ({ title: inertText(name), value })),
        ...(input.typeAhead && { 'choices.data': { type: 'Data.Query', dataset: PEOPLE_DATASET } }),
      },
      {
        type: 'Input.ChoiceSet',
        id: 'badge',
        label: t(locale, 'card.kudosForm.badge'),
        isRequired: true,
        errorMessage: t(locale, 'card.kudosForm.badgeRequired'),
        value: draft?.badge ?? input.badges[0]?.id,
        choices: input.badges.map((b) => ({ title: `${b.emoji} ${inertText(b.name)}`, value: b.id })),
      },
      { type: 'Input.Text', id: 'message', label: t(locale, 'card.kudosForm.message'), isMultiline: true, maxLength: KUDOS_MESSAGE_MAX, isRequired: true, errorMessage: t(locale, 'error.kudos.emptyMessage'), value: draft?.message ?? '' },
      {
        type: 'Input.ChoiceSet',
        id: 'destination',
        label: t(locale, 'card.kudosForm.destination'),
        style: 'expanded',
        value: draft?.private ? 'private' : 'here',
        choices: [
          { title: t(locale, 'card.kudosForm.here'), value: 'here' },
          { title: t(locale, 'card.kudosForm.private'), value: 'private' },
        ],
      },
    ],
    actions: [{ type: 'Action.Submit', title: t(locale, 'card.kudosForm.preview'), data: { pendingId: input.pendingId } }],
  });
}
