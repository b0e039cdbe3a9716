import { t } from '../i18n';
import type { Comment } from '../domain/comments';
import { COMMENT_MAX_LENGTH } from '../domain/comments';
import type { Post } from '../domain/posts';
import { POST_BODY_MAX, POST_TITLE_MAX } from '../domain/posts';
import { REPORT_NOTE_MAX, REPORT_REASONS } from '../domain/reports';
import { VERBS } from './verbs';
import { adaptiveCard, AdaptiveCard, inertText, plainText } from './types';

/** Cards shown inside Teams dialogs (task modules): comments, report, edit, compose. */

export function commentsDialogCard(post: Post, comments: Comment[], locale?: string, notice?: string): AdaptiveCard {
  const title = t(locale, 'card.comments.title');
  return adaptiveCard({
    speak: title,
    fallbackText: title,
    body: [
      ...(notice ? [{ type: 'TextBlock', text: notice, wrap: true, color: 'Good' }] : []),
      { type: 'TextBlock', text: post.title ? inertText(post.title) : plainText(inertText(post.body)).slice(0, 120), weight: 'Bolder', wrap: true, style: 'heading' },
      ...(comments.length
        ? comments.map((comment) => ({
            type: 'Container',
            spacing: 'Medium',
            items: [
              { type: 'TextBlock', text: inertText(comment.authorName), weight: 'Bolder', size: 'Small', wrap: true },
              { type: 'TextBlock', text: inertText(comment.text), wrap: true, spacing: 'None' },
              // Opens the report step in this dialog (a task/submit the report route answers with its form).
              { type: 'ActionSet', spacing: 'None', actions: [{ type: 'Action.Submit', title: t(locale, 'card.comments.report'), data: { verb: VERBS.postReport, postId: post.postId, commentId: comment.commentId } }] },
            ],
          }))
        : [{ type: 'TextBlock', text: t(locale, 'card.comments.empty'), isSubtle: true, wrap: true }]),
      { type: 'Input.Text', id: 'text', label: t(locale, 'card.comments.input'), isMultiline: true, maxLength: COMMENT_MAX_LENGTH, isRequired: true, errorMessage: t(locale, 'error.comment.empty') },
    ],
    actions: [{ type: 'Action.Submit', title: t(locale, 'card.comments.submit'), data: { verb: VERBS.postComments, postId: post.postId } }],
  });
}

/** Report a post or one of its comments: a reason from the fixed list, and an optional note. */
export function reportDialogCard(post: Post, locale?: string, comment?: Comment): AdaptiveCard {
  const title = t(locale, comment ? 'card.report.titleComment' : 'card.report.title');
  const what = comment ? `${inertText(comment.authorName)}: ${plainText(inertText(comment.text)).slice(0, 200)}` : post.title ? inertText(post.title) : plainText(inertText(post.body)).slice(0, 120);
  return adaptiveCard({
    speak: title,
    fallbackText: title,
    body: [
      { type: 'TextBlock', text: title, weight: 'Bolder', wrap: true, style: 'heading' },
      { type: 'TextBlock', text: what, wrap: true, isSubtle: true, spacing: 'Small' },
      {
        type: 'Input.ChoiceSet',
        id: 'reason',
        label: t(locale, 'card.report.reason'),
        style: 'expanded',
        isRequired: true,
        errorMessage: t(locale, 'card.report.reason'),
        choices: REPORT_REASONS.map((reason) => ({ title: t(locale, `report.reason.${reason}`), value: reason })),
      },
      { type: 'Input.Text', id: 'note', label: t(locale, 'card.report.note'), isMultiline: true, maxLength: REPORT_NOTE_MAX },
    ],
    actions: [{ type: 'Action.Submit', title: t(locale, 'card.report.submit'), data: { verb: VERBS.postReport, postId: post.postId, ...(comment && { commentId: comment.commentId }) } }],
  });
}

export function editDialogCard(post: Post, locale?: string): AdaptiveCard {
  const title = t(locale, 'card.edit.title');
  return adaptiveCard({
    speak: title,
    fallbackText: title,
    body: [
      { type: 'Input.Text', id: 'title', label: 'Title', value: post.title ?? '', maxLength: POST_TITLE_MAX },
      { type: 'Input.Text', id: 'body', label: t(locale, 'card.compose.body'), value: post.body, isMultiline: true, maxLength: POST_BODY_MAX, isRequired: true, errorMessage: t(locale, 'error.post.empty') },
    ],
    actions: [{ type: 'Action.Submit', title: t(locale, 'card.edit.save'), data: { verb: VERBS.postEdit, postId: post.postId } }],
  });
}

export interface ComposeTarget {
  conversationId: string;
  label: string;
}

/** Where a post can go, and its text: personal-chat `post` and "Share to Commons". */
export function composeCard(input: { locale?: string; body: string; targets: ComposeTarget[]; submit: { type: 'Action.Execute'; verb: string } | { type: 'Action.Submit'; data: Record<string, unknown> }; sharedFrom?: string }): AdaptiveCard {
  const { locale } = input;
  const title = t(locale, 'card.compose.title');
  if (!input.targets.length) {
    return adaptiveCard({ speak: title, fallbackText: title, body: [{ type: 'TextBlock', text: t(locale, 'card.compose.noTargets'), wrap: true }] });
  }
  const submit =
    input.submit.type === 'Action.Execute'
      ? { type: 'Action.Execute' as const, verb: input.submit.verb, title: t(locale, 'card.compose.publish'), data: {} }
      : { type: 'Action.Submit' as const, title: t(locale, 'card.compose.publish'), data: input.submit.data };
  return adaptiveCard({
    speak: title,
    fallbackText: title,
    body: [
      { type: 'TextBlock', text: title, weight: 'Bolder', wrap: true, style: 'heading' },
      ...(input.sharedFrom ? [{ type: 'TextBlock', text: t(locale, 'card.post.sharedFrom', { name: inertText(input.sharedFrom) }), isSubtle: true, wrap: true }] : []),
      { type: 'Input.Text', id: 'body', label: t(locale, 'card.compose.body'), value: input.body.slice(0, POST_BODY_MAX), isMultiline: true, maxLength: POST_BODY_MAX, isRequired: true, errorMessage: t(locale, 'error.post.empty') },
      {
        type: 'Input.ChoiceSet',
        id: 'target',
        label: t(locale, 'card.compose.target'),
        isRequired: true,
        errorMessage: t(locale, 'error.post.noTarget'),
        value: input.targets[0].conversationId,
        choices: input.targets.map((target) => ({ title: inertText(target.label), value: target.conversationId })),
      },
    ],
    actions: [submit],
  });
}

/** A short confirmation shown in place of a card or dialog. */
export function noticeCard(text: string): AdaptiveCard {
  return adaptiveCard({ speak: text, fallbackText: text, body: [{ type: 'TextBlock', text, wrap: true }] });
}
