import { useEffect, useId, useState } from 'react';
import { Button, Caption1, Field, Link, MessageBar, MessageBarBody, Text, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { ApiError } from '../../api';
import { useApi } from '../../data/ApiContext';
import { commentPostedSchema, commentsPageSchema, type Comment, type CommentThread } from '../../data/engagementSchemas';
import { describeError } from '../../data/errorMessage';
import { useLocale, useT } from '../../i18n/LocaleContext';
import { RelativeTime } from '../RelativeTime';

/** As the domain's COMMENT_MAX_LENGTH: the box stops there, the server says why beyond. */
const COMMENT_MAX_LENGTH = 2000;

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  replies: { listStyle: 'none', margin: 0, paddingLeft: tokens.spacingHorizontalXXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  comment: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, paddingLeft: tokens.spacingHorizontalS, borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke2}` },
  meta: { display: 'flex', gap: tokens.spacingHorizontalXS, color: tokens.colorNeutralForeground3 },
  text: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
});

/**
 * A post's comments under a "Comments (n)" disclosure: the newest stored page when
 * opened (earlier pages on request), and a labelled box to add one. Each top-level
 * comment takes replies (one level deep), listed under it as a nested list. The
 * guidelines and the word list apply as on the card: a refusal is shown here, with
 * the way forward.
 */
export function CommentsSection({ postId, count, onCount }: { postId: string; count: number; onCount: (count: number) => void }) {
  const styles = useStyles();
  const translate = useT();
  const locale = useLocale();
  const api = useApi();
  const regionId = useId();
  const [open, setOpen] = useState(false);
  const [comments, setComments] = useState<CommentThread[]>();
  const [earlierPage, setEarlierPage] = useState<number>();
  const [loadError, setLoadError] = useState<string>();
  const [replyingTo, setReplyingTo] = useState<string>();
  const path = `/api/v1/posts/${encodeURIComponent(postId)}/comments`;

  useEffect(() => {
    if (!open || comments) return;
    const controller = new AbortController();
    api.get(path, commentsPageSchema, controller.signal).then(
      (page) => {
        setComments(page.comments);
        setEarlierPage(page.earlierPage);
      },
      (failure: unknown) => {
        if (!controller.signal.aborted) setLoadError(describeError(locale, failure));
      },
    );
    return () => controller.abort();
  }, [open, comments, api, path, locale]);

  async function loadEarlier() {
    if (earlierPage === undefined) return;
    try {
      const page = await api.get(`${path}?page=${earlierPage}`, commentsPageSchema);
      setComments((shown) => withEarlier(page.comments, shown ?? []));
      setEarlierPage(page.earlierPage);
    } catch (failure) {
      setLoadError(describeError(locale, failure));
    }
  }

  function posted(comment: Comment, commentCount: number) {
    const parent = comment.replyTo;
    setComments((shown) => {
      const threads = shown ?? [];
      if (parent && threads.some((t) => t.id === parent)) return threads.map((t) => (t.id === parent ? { ...t, replies: [...t.replies, comment] } : t));
      return [...threads, { ...comment, replies: [] }];
    });
    setReplyingTo(undefined);
    onCount(commentCount);
  }

  return (
    <div className={styles.root}>
      <div>
        <Button appearance="subtle" size="small" aria-expanded={open} aria-controls={regionId} onClick={() => setOpen((was) => !was)} data-testid="comments-toggle">
          {translate('tab.engagement.comments', { count: count.toLocaleString(locale) })}
        </Button>
      </div>
      {open && (
        <section id={regionId} className={styles.root} aria-label={translate('tab.engagement.commentsRegion')} data-testid="comments">
          {loadError && <Text role="alert">{loadError}</Text>}
          {earlierPage !== undefined && (
            <div>
              <Button appearance="transparent" size="small" onClick={() => void loadEarlier()} data-testid="comments-earlier">
                {translate('tab.engagement.earlier')}
              </Button>
            </div>
          )}
          {comments && comments.length === 0 && <Caption1>{translate('tab.engagement.noComments')}</Caption1>}
          {comments && comments.length > 0 && (
            <ul className={styles.list} data-testid="comment-list">
              {comments.map((thread) => (
                <li key={thread.id} className={styles.comment} data-testid="comment">
                  <CommentBody comment={thread} />
                  {thread.replies.length > 0 && (
                    <ul className={styles.replies} aria-label={translate('tab.engagement.replies', { name: thread.author.displayName })} data-testid="comment-replies">
                      {thread.replies.map((reply) => (
                        <li key={reply.id} className={styles.comment} data-testid="comment-reply">
                          <CommentBody comment={reply} />
                        </li>
                      ))}
                    </ul>
                  )}
                  {/* An earlier page's reply listed on its own answers a comment not shown here: it says whom it answers instead. */}
                  {!thread.replyTo && replyingTo !== thread.id && (
                    <div>
                      <Button appearance="transparent" size="small" aria-label={translate('tab.engagement.replyName', { name: thread.author.displayName })} onClick={() => setReplyingTo(thread.id)} data-testid="comment-reply-open">
                        {translate('tab.engagement.reply')}
                      </Button>
                    </div>
                  )}
                  {replyingTo === thread.id && (
                    <CommentForm path={path} replyTo={thread.id} label={translate('tab.engagement.replyLabel', { name: thread.author.displayName })} submit={translate('tab.engagement.replySubmit')} onPosted={posted} onCancel={() => setReplyingTo(undefined)} testId="reply" />
                  )}
                </li>
              ))}
            </ul>
          )}
          <CommentForm path={path} label={translate('tab.engagement.commentLabel')} submit={translate('tab.engagement.commentSubmit')} onPosted={posted} testId="comment" />
        </section>
      )}
    </div>
  );
}

/**
 * Earlier threads joined to those shown: a reply listed on its own because its comment
 * was on an earlier page moves under that comment once the page is loaded.
 */
function withEarlier(earlier: CommentThread[], shown: CommentThread[]): CommentThread[] {
  const all = [...earlier, ...shown];
  const parents = new Map(all.filter((t) => !t.replyTo).map((t) => [t.id, { ...t, replies: [...t.replies] }]));
  const threads: CommentThread[] = [];
  for (const thread of all) {
    const parent = thread.replyTo ? parents.get(thread.replyTo) : undefined;
    if (parent) parent.replies.push(thread);
    else threads.push(parents.get(thread.id) ?? thread);
  }
  return threads;
}

function CommentBody({ comment }: { comment: Comment }) {
  const styles = useStyles();
  const translate = useT();
  return (
    <>
      <Caption1 className={styles.meta}>
        <Text size={200} weight="semibold">{comment.author.displayName}</Text>
        <span aria-hidden="true">·</span>
        <RelativeTime iso={comment.createdAt} />
      </Caption1>
      {comment.replyTo && comment.replyToName && <Caption1 className={styles.meta}>{translate('tab.engagement.inReplyTo', { name: comment.replyToName })}</Caption1>}
      <Text className={styles.text}>{comment.text}</Text>
    </>
  );
}

/** The labelled box for a comment or a reply: sends it, and shows a refusal or a hold with the way forward. */
function CommentForm({ path, replyTo, label, submit, onPosted, onCancel, testId }: { path: string; replyTo?: string; label: string; submit: string; onPosted: (comment: Comment, count: number) => void; onCancel?: () => void; testId: string }) {
  const styles = useStyles();
  const translate = useT();
  const locale = useLocale();
  const api = useApi();
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const [guidelinesNeeded, setGuidelinesNeeded] = useState(false);
  const [held, setHeld] = useState<string>();

  async function send() {
    setSending(true);
    setError(undefined);
    setHeld(undefined);
    setGuidelinesNeeded(false);
    try {
      const answer = await api.post(path, { text, ...(replyTo && { replyTo }) }, commentPostedSchema);
      setText('');
      if ('held' in answer) setHeld(answer.message);
      else onPosted(answer.comment, answer.commentCount);
    } catch (failure) {
      setError(describeError(locale, failure));
      setGuidelinesNeeded(failure instanceof ApiError && failure.code === 'guidelines_required');
    } finally {
      setSending(false);
    }
  }

  return (
    <div className={styles.form}>
      <Field label={label} validationMessage={error} validationState={error ? 'error' : 'none'}>
        <Textarea value={text} onChange={(_, data) => setText(data.value)} maxLength={COMMENT_MAX_LENGTH} resize="vertical" autoFocus={Boolean(replyTo)} data-testid={`${testId}-text`} />
      </Field>
      {guidelinesNeeded && (
        <Link href="#/guidelines" data-testid={`${testId}-guidelines`}>
          {translate('tab.guidelines.link')}
        </Link>
      )}
      {held && (
        <MessageBar intent="warning" data-testid={`${testId}-held`}>
          <MessageBarBody>{held}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.actions}>
        <Button appearance="primary" size="small" disabled={sending || !text.trim()} onClick={() => void send()} data-testid={`${testId}-submit`}>
          {submit}
        </Button>
        {onCancel && (
          <Button appearance="secondary" size="small" onClick={onCancel} data-testid={`${testId}-cancel`}>
            {translate('tab.engagement.replyCancel')}
          </Button>
        )}
      </div>
    </div>
  );
}
