import { t } from '../i18n';
import { POST_BODY_MAX } from '../domain/posts';
import { adaptiveCard, AdaptiveCard, formHeading, inertText } from './types';

/** Where a discussion started from the message extension goes: here, or one of the person's communities. */
export const HERE = 'here';
export const communityChoice = (communityId: string) => `community:${communityId}`;

export interface DiscussionFormInput {
  locale?: string;
  /** The communities the person may start something in (members, not archived). */
  communities: Array<{ communityId: string; name: string }>;
  /** What was typed, shown again after a refusal. */
  draft?: { place: string; kind: string; text: string };
  error?: string;
}

/** The "Start a discussion" form: where (this conversation or a community), discussion or question, the text. */
export function discussionFormCard(input: DiscussionFormInput): AdaptiveCard {
  const { locale, draft } = input;
  const title = t(locale, 'card.discussionForm.title');
  return adaptiveCard({
    speak: title,
    fallbackText: title,
    body: [
      ...formHeading(title, input.error),
      {
        type: 'Input.ChoiceSet',
        id: 'place',
        label: t(locale, 'card.discussionForm.place'),
        isRequired: true,
        errorMessage: t(locale, 'card.discussionForm.placeRequired'),
        value: draft?.place ?? HERE,
        choices: [
          { title: t(locale, 'card.discussionForm.here'), value: HERE },
          ...input.communities.map((c) => ({ title: inertText(c.name), value: communityChoice(c.communityId) })),
        ],
      },
      {
        type: 'Input.ChoiceSet',
        id: 'kind',
        label: t(locale, 'card.discussionForm.kind'),
        style: 'expanded',
        isRequired: true,
        value: draft?.kind ?? 'discussion',
        choices: [
          { title: t(locale, 'card.post.discussion'), value: 'discussion' },
          { title: t(locale, 'card.post.question'), value: 'question' },
        ],
      },
      { type: 'Input.Text', id: 'text', label: t(locale, 'card.discussionForm.text'), isMultiline: true, maxLength: POST_BODY_MAX, isRequired: true, errorMessage: t(locale, 'error.post.empty'), value: draft?.text ?? '' },
    ],
    actions: [{ type: 'Action.Submit', title: t(locale, 'card.discussionForm.submit'), style: 'positive' }],
  });
}
